"""Block Kit rendering, mrkdwn conversion, escaping and Slack text parsing: pure functions, no network."""

from __future__ import annotations

import json
import re

from adapters.slack.blocks import split_text
from adapters.slack.guard import guard
from adapters.slack.inbound import names_others, plain_text
from adapters.slack.mrkdwn import escape, link, to_mrkdwn
from adapters.slack.outbox import streamable
from adapters.slack.pages import MAX_BLOCKS
from adapters.slack.render import (
    Asker,
    render_partial,
    render_pending,
    render_reply,
    render_text,
)
from adapters.slack.slash import only_me_option
from bot.conversation import Reply
from bot.models import Citation
from tests.slack_stub import BLOCKS_TEXT, block_error, text_of

SLACK_SECTION_LIMIT = 3000


def cite(n: int, url: str | None, title: str = "How LLMs Are Built", locator: str = "12:34–13:10") -> Citation:
    return Citation(n, f"s{n}", title, locator, url, "The tokenizer has 100,277 tokens.")


def sections(message: object) -> list[str]:
    return [b["text"]["text"] for b in message.blocks if b["type"] == "section"]  # type: ignore[attr-defined]


def test_markdown_becomes_slack_mrkdwn() -> None:
    md = ("# Tokenization\n\nThe **GPT-4** tokenizer has *100,277* tokens, see [the paper](https://arxiv.org/abs/1?a=1&b=2) "
          "and ~~old~~ `code <x>`.\n\n- first **point**\n- second\n  1. nested\n\n> a quote\n\n```\nif a < b && c:\n```\n\n"
          "| term | meaning |\n|---|---|\n| SFT | fine-tuning |\n")
    assert to_mrkdwn(md).split("\n") == [
        "*Tokenization*",
        "",
        "The *GPT-4* tokenizer has _100,277_ tokens, see <https://arxiv.org/abs/1?a=1&amp;b=2|the paper> "
        "and ~old~ `code &lt;x&gt;`.",
        "",
        "• first *point*",
        "• second",
        "    1. nested",
        "",
        "> a quote",
        "",
        "```",
        "if a &lt; b &amp;&amp; c:",
        "```",
        "",
        "*term* | *meaning*",
        "SFT | fine-tuning",
    ]
    # the core's own plain lines come through as they are
    core = "From the material:\n• Humans rank responses [1]\n• A reward model learns [2]\n\n_No language model is configured._"
    assert to_mrkdwn(core) == core


def test_user_source_and_model_text_cannot_ping_or_break_formatting() -> None:
    hostile = "<!here> <!channel> <!everyone> <!subteam^S1|@devs> <@U999> <https://evil.example|click> a & b > c"
    out = to_mrkdwn(hostile)
    assert "<!" not in out and "<@" not in out
    assert out.startswith("&lt;!here&gt; &lt;!channel&gt; &lt;!everyone&gt; &lt;!subteam^S1|@devs&gt; &lt;@U999&gt; ")
    assert out.endswith(" a &amp; b &gt; c")
    # a Slack-style link from the model shows where it really goes
    assert "<https://evil.example%7Cclick|https://evil.example∣click>" in out
    assert "<" not in to_mrkdwn("[x](javascript:alert(1)) ![img](data:text/html,hi)")
    assert link("javascript:alert(1)", "<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert link("https://x.org/a|c>d", "t|i>t") == "<https://x.org/a%7Cc%3Ed|t∣i&gt;t>"
    assert link("https://x.org/a b", "spaces") == "spaces"  # not a well-formed link: shown as text
    assert escape("<&>") == "&lt;&amp;&gt;"
    # the renderer's last guard strips any special mention, however it got there
    assert guard({"a": ["<!here>", {"b": "x <!subteam^S1> y"}]}) == {"a": ["&lt;!here>", {"b": "x &lt;!subteam^S1> y"}]}
    message = render_reply(Reply("<!channel> *hi*", followups=["<!here> more?"]), Asker("U1", "<!everyone> hi"))[0]
    assert "<!" not in json.dumps(message.blocks) + message.text
    assert "<@U1> asked" in message.text
    # streamed markdown goes out as written: mention syntax in it is broken up, still readable
    streamed = streamable("ask <!here>, <@U9> or <#C1> if a<b")
    assert "<!" not in streamed and "<@" not in streamed and "<#" not in streamed and streamed.endswith("a<b")


def test_sources_link_to_the_exact_moment_or_page() -> None:
    reply = Reply("Answer [1][2][3].", citations=[
        cite(1, "https://www.youtube.com/watch?v=abc&t=754s"),
        cite(2, "https://example.org/paper.pdf#page=7", "Paper <draft>", "p. 7"),
        cite(3, None, "Team notes", "Training > SFT"),
    ], answer_id="a1")
    [message] = render_reply(reply)
    source_block = sections(message)[-1]
    assert source_block.split("\n") == [
        "*Sources*",
        "<https://www.youtube.com/watch?v=abc&amp;t=754s|[1] How LLMs Are Built — 12:34–13:10>",
        "<https://example.org/paper.pdf#page=7|[2] Paper &lt;draft&gt; — p. 7>",
        "[3] Team notes — Training &gt; SFT",
    ]
    # model answers also quote what each source says
    llm = render_reply(Reply("Answer [1].", citations=[cite(1, None)], mode="llm"))[0]
    assert "_“The tokenizer has 100,277 tokens.”_" in sections(llm)[-1]


def test_reply_blocks_notices_followups_and_feedback_buttons() -> None:
    long_followup = "Tell me more about " + "a very long topic name " * 10
    reply = Reply("**Yes** [1].", citations=[cite(1, None)], followups=["Tell me more about SFT", long_followup],
                  notices=["Conversation memory is unavailable right now."], answer_id="ans123")
    [message] = render_reply(reply)
    kinds = [b["type"] for b in message.blocks]
    assert kinds == ["section", "section", "context", "actions", "actions"]
    assert message.text == "*Yes* [1]."
    assert message.blocks[2]["elements"][0]["text"] == "Conversation memory is unavailable right now."
    followups = message.blocks[3]["elements"]
    assert [b["value"] for b in followups] == ["Tell me more about SFT", long_followup]
    assert all(len(b["text"]["text"]) <= 75 for b in followups)
    assert len({b["action_id"] for b in followups}) == 2
    votes = {b["action_id"]: b["value"] for b in message.blocks[4]["elements"]}
    assert votes == {"studybot_vote_up": "ans123", "studybot_vote_down": "ans123", "studybot_note_save": "ans123"}
    # replies without an answer (help, refusals) have no buttons
    assert [b["type"] for b in render_text("Here's what I can do:\n• `ask`").blocks] == ["section"]


def test_long_answers_are_split_within_slack_limits() -> None:
    paragraph = ("Reward models [learn](https://example.org/rm?a=1&b=2) from human rankings & comparisons. " * 30).strip()
    text = "\n\n".join(f"## Part {i}\n\n{paragraph}\n\n```\ncode line {i} < 3\n" + "x = 1\n" * 400 + "```"
                       for i in range(30))
    text += "\n\n" + "unbroken" * 2000  # one word longer than a section
    reply = Reply(text, citations=[cite(1, "https://e.org")], answer_id="a1")
    messages = render_reply(reply, Asker("U1", "a question"))
    assert len(messages) > 1
    for m in messages:
        assert 0 < len(m.blocks) <= MAX_BLOCKS and len(m.text) <= SLACK_SECTION_LIMIT
        assert block_error(m.blocks) is None and len(text_of(m.blocks)) <= BLOCKS_TEXT  # as Slack counts
        for s in sections(m):
            assert 0 < len(s) <= SLACK_SECTION_LIMIT
            assert s.count("```") % 2 == 0  # a split code block is closed and reopened
            assert not re.search(r"<[^>]*$", s)  # no link cut in half
    every = "\n".join(s for m in messages for s in sections(m))
    assert every.count("https://example.org/rm?a=1&amp;b=2|learn>") == 30 * 30
    assert re.sub(r"\s", "", every).count("unbroken") == 2000  # cut into pieces, nothing lost
    assert messages[0].blocks[0]["text"]["text"].startswith("<@U1> asked")
    assert messages[-1].blocks[-1]["block_id"] == "studybot_feedback"  # buttons close the last message


def test_split_text_keeps_short_text_whole_and_cuts_between_lines() -> None:
    assert split_text("short") == ["short"]
    lines = [f"line {i} " + "w" * 90 for i in range(100)]
    pieces = split_text("\n".join(lines), limit=1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert "\n".join(pieces).split("\n") == lines


def test_placeholders_show_work_under_way() -> None:
    pending = render_pending(Asker("U1", "What is SFT?"))
    assert "hourglass_flowing_sand" in json.dumps(pending.blocks)
    assert "<@U1> asked:\n> What is SFT?" in pending.text
    partial = render_partial("**SFT** is", Asker("U1", "explain SFT", "explain"))
    assert "*SFT* is" in sections(partial)[1] and sections(partial)[0] == "<@U1> used `/study explain SFT`"
    assert Asker("U1", "ask What is SFT?").heading() == "<@U1> asked:\n> What is SFT?"
    assert Asker("U1", "ask me", via="button").heading() == "<@U1> asked:\n> ask me"
    assert Asker("U1", "Some message", via="shortcut").heading() == "<@U1> asked about this message"
    # a partial answer longer than one message shows what fits, still within Slack's limits
    long = render_partial("word " * 20_000)
    assert block_error(long.blocks) is None and long.blocks[-1]["type"] == "context"


def test_slack_text_becomes_plain_for_the_core() -> None:
    typed = ("<@UBOT> what did <@U12|ana> say in <#C1|general> about <https://x.org/a?b=1&amp;c=2|x.org/a?b=1&amp;c=2> "
             "&lt;tags&gt; and <!here>? See <https://y.org|the site>")
    assert plain_text(typed, "UBOT") == ("what did @ana say in #general about https://x.org/a?b=1&c=2 <tags> "
                                         "and @here? See the site https://y.org")
    # a message naming someone else (or a crowd) is for them, not the bot
    assert names_others("thanks <@U2>!", "UBOT") and names_others("<!here> lunch?", "UBOT")
    assert not names_others("<@UBOT> what is RLHF?", "UBOT") and not names_others("thanks!", "UBOT")
    assert not names_others("see <!date^1392734382^{date}|Feb 18>", "UBOT")


def test_the_only_me_option_of_study_ask() -> None:
    assert only_me_option("ask --only-me What is RLHF?") == ("ask What is RLHF?", True)
    assert only_me_option("ask-private What is RLHF?") == ("ask What is RLHF?", True)
    assert only_me_option("What is RLHF?") == ("What is RLHF?", False)
