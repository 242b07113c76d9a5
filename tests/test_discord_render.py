"""Rendering the core's Reply for Discord: parts, sources embed, small print, buttons, no pings."""

from __future__ import annotations

from adapters.discord.render import LIMIT, render_reply
from adapters.discord.send import NO_PINGS
from bot.conversation import Reply
from bot.models import Citation

VIDEO = "https://www.youtube.com/watch?v=course42"


def cite(n: int, **kw: object) -> Citation:
    base = dict(source_id=f"s{n}", title="How LLMs Are Built", locator=f"{n}:00–{n}:30",
                url=f"{VIDEO}&t={n * 60}s", quote=f"Quoted sentence {n}.")
    return Citation(n=n, **{**base, **kw})  # type: ignore[arg-type]


def test_answer_with_sources_followups_and_notice() -> None:
    reply = Reply("GPT-4's tokenizer has 100,277 tokens [1]. It uses byte pairs [2].",
                  citations=[cite(1), cite(2, title="Reinforcement [learning] notes", locator="p. 3",
                                      url="https://example.org/rl notes (v2).pdf#page=3"), cite(3, url=None)],
                  followups=["Tell me more about Tokenization"], notices=["Conversation memory is unavailable."],
                  mode="llm", answer_id="0123456789abcdef")
    [only] = render_reply(reply)
    assert only.content == reply.text
    e = only.embed.to_dict()  # type: ignore[union-attr]
    assert e["title"] == "Sources"
    lines = e["description"].split("\n")
    assert lines[0] == f"**[1]** [How LLMs Are Built · 1:00–1:30]({VIDEO}&t=60s)" and lines[1] == "> Quoted sentence 1."
    assert lines[2] == ("**[2]** [Reinforcement (learning) notes · p. 3]"
                        "(https://example.org/rl%20notes%20%28v2%29.pdf#page=3)")
    assert lines[4] == "**[3]** How LLMs Are Built · 3:00–3:30"  # no link, no broken markdown
    assert "fields" not in e  # the follow-ups are buttons
    assert e["footer"]["text"] == "Conversation memory is unavailable."
    rows = only.view.to_components()  # type: ignore[union-attr]
    assert [b["custom_id"] for b in rows[0]["components"]] == ["studybot:vote:up:0123456789abcdef",
                                                              "studybot:vote:down:0123456789abcdef",
                                                              "studybot:note:0123456789abcdef"]
    assert [(b["label"], b["custom_id"]) for b in rows[1]["components"]] == [
        ("Tell me more about Tokenization", "studybot:ask:0123456789abcdef:0")]
    assert only.kwargs()["allowed_mentions"] is NO_PINGS and NO_PINGS.to_dict() == {"parse": []}


def test_follow_ups_without_an_answer_id_are_listed_and_long_ones_fit_a_button() -> None:
    long = "Tell me more about " + "reinforcement learning from human feedback " * 4
    [listed] = render_reply(Reply("Answer [1].", citations=[cite(1)], followups=["Tell me more about Tokenization"]))
    assert listed.view is None and listed.embed is not None
    assert listed.embed.to_dict()["fields"][0]["name"] == "You could also ask"
    [buttons] = render_reply(Reply("Answer [1].", citations=[cite(1)], followups=[long], answer_id="a1"))
    [button] = buttons.view.to_components()[1]["components"]  # type: ignore[union-attr]
    assert len(button["label"]) == 80 and button["label"].endswith("…") and button["custom_id"] == "studybot:ask:a1:0"


def test_a_header_opens_the_first_part_and_refusals_carry_no_buttons() -> None:
    [part] = render_reply(Reply("Answer [1].", citations=[cite(1)], answer_id="a1"), header="-# <@42> asked: RLHF?")
    assert part.content == "-# <@42> asked: RLHF?\nAnswer [1]."
    [refusal] = render_reply(Reply("Sorry, something went wrong.", answer_id="a1"), buttons=False)
    assert refusal.view is None


def test_long_answer_is_split_and_only_the_last_part_has_embed_and_buttons() -> None:
    paragraph = "Pretraining reads a lot of web text and learns to predict the next token [1]. " * 12
    reply = Reply("\n\n".join([paragraph] * 6), citations=[cite(1)], answer_id="abc")
    parts = render_reply(reply)
    assert len(parts) >= 3 and all(len(p.content) <= LIMIT for p in parts)
    assert all(p.embed is None and p.view is None for p in parts[:-1])
    assert parts[-1].embed is not None and parts[-1].view is not None


def test_embed_limits_hold_with_many_long_citations() -> None:
    many = [cite(n, title="T" * 300, quote="q " * 400) for n in range(1, 40)]
    reply = Reply("Answer.", citations=many, followups=["F" * 600] * 8, notices=["N" * 3000], mode="llm")
    embed = render_reply(reply)[-1].embed
    assert embed is not None
    assert len(embed.description or "") <= 4096 and embed.description.endswith("more")  # type: ignore[union-attr]
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed.footer.text or "") <= 2048 and len(embed) <= 6000


def test_crowd_mentions_stay_inert_everywhere() -> None:
    reply = Reply("Post @everyone and @here now [1].", citations=[cite(1, title="@everyone notes", quote="@here")],
                  followups=["Tell me about @everyone"], notices=["@here"], mode="llm")
    part = render_reply(reply)[-1]
    shown = part.content + str(part.embed.to_dict())  # type: ignore[union-attr]
    assert "@everyone" not in shown and "@here" not in shown and "@\u200beveryone" in shown


def test_plain_reply_has_no_embed_and_notices_as_small_text() -> None:
    [part] = render_reply(Reply("The material doesn't seem to cover this.", abstained=True,
                                notices=["Conversation memory is unavailable right now."], answer_id="ab12"))
    assert part.embed is None
    assert part.content.endswith("\n\n-# Conversation memory is unavailable right now.")
    assert part.view is not None  # a wrong "not covered" is worth a 👎 too
    [help_part] = render_reply(Reply("Here's what I can do:"))
    assert help_part.embed is None and help_part.view is None and "view" not in help_part.send_kwargs()


def test_bare_links_do_not_unfold_into_previews_but_code_is_untouched() -> None:
    text = ("2 sources:\n• How LLMs Are Built (transcript, 20 chunks) https://www.youtube.com/watch?v=course42\n"
            "• Notes (markdown) https://example.org/notes.\n`curl https://example.org/api`")
    [part] = render_reply(Reply(text))
    assert "chunks) <https://www.youtube.com/watch?v=course42>\n" in part.content
    assert "(markdown) <https://example.org/notes>." in part.content
    assert part.content.endswith("`curl https://example.org/api`")
