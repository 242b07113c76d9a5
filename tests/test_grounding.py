"""Near-topic questions the material does not answer: "I don't know", "partly", and a model held to it in code."""

from __future__ import annotations

from pathlib import Path

from bot.ask.grounding import without_sentences_naming
from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from bot.text.sparse import BM25Encoder
from tests.conftest import load_course, reply_to
from tests.openai_stub import OpenAIStub
from tests.test_conversations import answering


def msg(text: str, thread: str = "g") -> IncomingMessage:
    return IncomingMessage(platform="test", tenant="default", channel="c1", thread=thread, user="u1", text=text)


async def test_three_outcomes_without_a_model(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    answered = await reply_to(app, msg("What does the reward model in RLHF learn?", thread="a"))
    assert not answered.abstained and answered.citations and answered.not_covered == []
    assert answered.text.startswith("From the material:")

    partial = await reply_to(app, msg("Is RLHF or DPO better against reward hacking?", thread="b"))
    assert partial.text.startswith("The material doesn't mention “DPO”. Closest:")
    assert not partial.abstained and partial.not_covered == ["DPO"] and partial.citations
    assert all("rlhf" in c.quote.lower() or "reward" in c.quote.lower() for c in partial.citations)

    for question, missing in (("What is Mamba?", "Mamba"), ("How does LoRA fine-tuning work?", "LoRA"),
                              ("What is the KV cache?", "KV")):
        reply = await reply_to(app, msg(question, thread=missing))
        assert reply.abstained and reply.citations == [] and reply.not_covered == [missing], question
        assert reply.text.startswith(f"I don't know: the material doesn't mention “{missing}”. Add a source")


async def test_a_model_answer_loses_what_the_material_never_names(llm_app: Services, stub: OpenAIStub,
                                                                 corpus: Path) -> None:
    await load_course(llm_app, corpus)
    stub.responder = answering("The reward model learns which answers people prefer [1]. "
                               "Anthropic later replaced it with DPO [2]. It is trained on human rankings [3].")
    reply = await reply_to(llm_app, msg("What does the reward model in RLHF learn?"))
    assert reply.mode == "llm" and "DPO" not in reply.text and "Anthropic" not in reply.text
    assert reply.text == "The reward model learns which answers people prefer [1]. It is trained on human rankings [2]."
    assert len(reply.citations) == 2

    stub.responder = answering("DPO avoids reward hacking altogether [1]. Reward hacking is when the policy fools "
                               "the reward model [2].")
    partial = await reply_to(llm_app, msg("Is RLHF or DPO better against reward hacking?", thread="p"))
    assert partial.text.startswith("The material doesn't mention “DPO”. Closest:\n")
    assert "altogether" not in partial.text and "the policy fools the reward model [1]" in partial.text

    stub.responder = answering("Mamba is a state-space model [1].")
    declined = await reply_to(llm_app, msg("What is Mamba?", thread="m"))
    assert declined.abstained and "Mamba is" not in declined.text
    assert not [b for b in stub.requests if "Mamba" in str(b.get("messages", ""))]  # not even asked


def test_sentences_naming_a_term_go_in_any_spelling_and_bullets_stay() -> None:
    text = "Intro line.\n- Claude has a long window [1]. Windows hold tokens [2].\n- Nothing else [3]."
    assert without_sentences_naming(text, ["Claude's"], BM25Encoder()) == (
        "Intro line.\n- Windows hold tokens [2].\n- Nothing else [3].")
