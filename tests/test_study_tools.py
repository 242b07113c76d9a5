"""The study tools through the core (StudyService.handle), without a language model."""

from __future__ import annotations

import re
from pathlib import Path

import webvtt

from bot.bootstrap import Services
from bot.conversation import IncomingMessage, Reply
from tests.conftest import LECTURE_URL, SAMPLES, load_course, reply_to
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)

# Where the sample lecture announces its chapters ("so let's move on to tokenization", ...).
SPOKEN_CHAPTERS = [1, 105, 293, 448, 679, 798, 986, 1207, 1408, 1646, 1888, 2052]


def msg(command: str, text: str = "", channel: str = "c1", tenant: str = "default", user: str = "u1",
        thread: str = "t1") -> IncomingMessage:
    return IncomingMessage("slack", tenant, channel, thread, user, text, command)


def seconds(url: str | None) -> int:
    m = re.search(r"[?&]t=(\d+)s", url or "")
    assert m, url
    return int(m.group(1))


def cited_numbers(reply: Reply) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", reply.text)}


async def test_outline_of_lecture_article_and_pdf(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    lecture = await reply_to(app, msg("outline", "how llms"))  # a title fragment, any case
    lines = [line for line in lecture.text.splitlines() if re.match(r"^\d+\. \*\*", line)]
    assert lecture.text.startswith("**Outline of How LLMs Are Built** (lecture, 36:45, 12 chapters)")
    assert len(lines) == len(lecture.citations) == 12
    starts = [seconds(re.search(r"\]\((\S+?)\)", line).group(1)) for line in lines]  # type: ignore[union-attr]
    assert all(abs(s - t) <= 12 for s, t in zip(starts, SPOKEN_CHAPTERS)), starts
    assert "**Tokenization** · [4:53–" in lecture.text and "**RLHF and reward models**" in lecture.text
    assert lines[0].startswith("1. **Introduction**")
    first = lecture.citations[2]  # the gist of chapter 3, cited at the moment it is spoken
    assert first.url and first.url.startswith(LECTURE_URL) and 293 <= seconds(first.url) < 448
    assert lecture.mode == "extractive" and any("no language model" in n for n in lecture.notices)

    article = await reply_to(app, msg("outline", "From base model"))
    assert "(article, 9 sections)" in article.text
    assert "**Supervised fine-tuning**" in article.text and "**Hallucinations**" in article.text
    pdf = await reply_to(app, msg("outline", "study notes"))
    assert "4. **Practical takeaways and glossary** · p. 4" in pdf.text
    assert "Reinforcement learning for language models - study notes 4." not in pdf.text  # no running header

    unknown = await reply_to(app, msg("outline", "quantum field theory"))
    assert unknown.text.startswith("I can't find a source matching “quantum field theory”")
    assert not unknown.citations
    ambiguous = await reply_to(app, msg("outline", "e"))
    assert "matches 3 sources. Which one?" in ambiguous.text and "How LLMs Are Built" in ambiguous.text
    close = await reply_to(app, msg("outline", "How LLMs Are Bilt"))
    assert "Did you mean:\n• How LLMs Are Built" in close.text
    bare = await reply_to(app, msg("outline"))
    assert bare.text.startswith("Which source?")


async def test_summary_is_structured_and_every_claim_cited(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    reply = await reply_to(app, msg("summary", "How LLMs Are Built"))
    text = reply.text
    assert text.startswith("**Summary of How LLMs Are Built**") and "**Overview**" in text
    assert "**Chapter by chapter**" in text and "3. **Tokenization** ([4:53–" in text
    assert "First, pretraining" in text  # the lecture's own recap leads the overview
    assert cited_numbers(reply) == {c.n for c in reply.citations} == set(range(1, len(reply.citations) + 1))
    assert all(c.url and c.url.startswith(LECTURE_URL + "&t=") for c in reply.citations)
    bullets = [line for line in text.splitlines() if line.strip().startswith("•")]
    assert len(bullets) >= 12 + 3 and all(re.search(r"\[\d+\]$", b) for b in bullets)
    assert reply.mode == "extractive" and "No language model is configured" in reply.notices[0]

    pdf = await reply_to(app, msg("summary", "reinforcement-learning-notes"))  # by file name
    assert "**Section by section**" in pdf.text and "(p. 2)" in pdf.text
    assert all(c.locator.startswith("p. ") for c in pdf.citations)


async def test_explain_defines_cites_and_finds_first_mention(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    rlhf = await reply_to(app, msg("explain", "What is RLHF?"))
    assert rlhf.text.startswith("**RLHF** (reinforcement learning from human feedback)")
    definition = rlhf.text.split("**Where it first appears**")[0]
    assert "RLHF (reinforcement learning from human feedback)" in definition and "[1]" in definition
    first = rlhf.text.split("**Where it first appears**")[1]
    assert "How LLMs Are Built — [31:31](" in first  # "Let's move on to RLHF and reward models."
    n = int(re.search(r"How LLMs Are Built — \[31:31\]\(\S+\) \[(\d+)\]", first).group(1))  # type: ignore[union-attr]
    mention = rlhf.citations[n - 1]
    assert seconds(mention.url) == 1891 and mention.quote == "Let's move on to RLHF and reward models."
    assert cited_numbers(rlhf) == {c.n for c in rlhf.citations}

    sft = await reply_to(app, msg("explain", "sft"))  # found through its expansion in the lecture
    assert "(Supervised fine-tuning)" in sft.text.splitlines()[0]
    assert "Supervised fine-tuning (SFT) means" in sft.text.split("\n")[1]
    assert re.search(r"How LLMs Are Built — \[16:4\d\]", sft.text)

    named_only = await reply_to(app, msg("explain", "tokenization"))
    assert "names “tokenization” without defining it" in named_only.text and "[4:53](" in named_only.text

    missing = await reply_to(app, msg("explain", "quantum chromodynamics"))
    assert missing.abstained and "doesn't seem to mention “quantum chromodynamics”" in missing.text
    empty = await reply_to(app, msg("explain", "  "))
    assert empty.text.startswith("What should I explain?")


async def test_compare_puts_each_side_with_its_citations(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    reply = await reply_to(app, msg("compare", "SFT vs RLHF"))
    head, rest = reply.text.split("**SFT**\n", 1)
    sft_side, rlhf_side = rest.split("**RLHF**\n", 1)
    assert head.startswith("**SFT vs RLHF**")
    assert "Supervised fine-tuning (SFT) means" in sft_side and "RLHF" not in sft_side.split("\n")[0]
    assert "RLHF (reinforcement learning from human feedback)" in rlhf_side
    assert "**Where the material compares them**" in rlhf_side
    assert cited_numbers(reply) == {c.n for c in reply.citations} and len(reply.citations) >= 6

    for spelling in ("pretraining and fine-tuning", "base model versus assistant"):
        other = await reply_to(app, msg("compare", spelling))
        assert other.text.startswith("**") and other.citations and not other.abstained
    missing = await reply_to(app, msg("compare", "RLHF vs quantum physics"))
    assert missing.abstained and "doesn't seem to mention “quantum physics”" in missing.text
    same = await reply_to(app, msg("compare", "tokens vs Tokens"))
    assert same.text.startswith("Both sides are “tokens”")
    lonely = await reply_to(app, msg("compare", "SFT"))
    assert lonely.text.startswith("Compare what with what?")


async def test_notes_per_channel_and_ask_cites_them(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    added = await reply_to(app, msg("note", "add RLHF is stopped early because the reward model can be gamed"))
    assert added.text.startswith("Saved note #1")
    await reply_to(app, msg("note", "add Our exam covers chapters 1 to 5 @channel"))
    listed = await reply_to(app, msg("note", "list"))
    assert listed.text.startswith("2 notes:") and "#1" in listed.text and "@channel" not in listed.text
    assert (await reply_to(app, msg("note", "list", channel="c2"))).text.startswith("No notes")

    found = await reply_to(app, msg("note", "search reward hacking"))
    assert "#1" in found.text and found.citations[0].source_id == "note:1"
    assert (await reply_to(app, msg("note", "search reward hacking", channel="c2"))).abstained

    answer = await reply_to(app, msg("ask", "Why is RLHF stopped after a few hundred steps?"))
    assert "From your team's notes:" in answer.text
    note_cite = answer.citations[-1]
    assert note_cite.source_id == "note:1" and note_cite.title == "Team note #1" and note_cite.url is None
    assert f"[{note_cite.n}]" in answer.text.split("From your team's notes:")[1]
    elsewhere = await reply_to(app, msg("ask", "Why is RLHF stopped after a few hundred steps?", channel="c2"))
    assert "notes" not in elsewhere.text  # notes belong to their channel

    saved = await reply_to(app, msg("note", f"save {answer.answer_id}"))
    assert saved.text.startswith("Saved the answer to “Why is RLHF stopped") and "note #3" in saved.text
    searched = await reply_to(app, msg("note", "search why RLHF stops"))
    assert "saved answer" in searched.text
    foreign = await reply_to(app, msg("note", f"save {answer.answer_id}", tenant="other-team"))
    assert "can't find an answer" in foreign.text
    assert (await reply_to(app, msg("note", "rm 2"))).text == "Removed note #2."
    assert "no note #2" in (await reply_to(app, msg("note", "rm 2"))).text
    free = await reply_to(app, msg("note", "Chapter 7 is the one to rewatch"))  # `/note text:` in Discord
    assert free.text.startswith("Saved note #4")
    assert "Chapter 7 is the one to rewatch" in (await reply_to(app, msg("note", "list"))).text
    assert (await reply_to(app, msg("note"))).text.startswith("Notes for this channel:")


async def test_quiz_asks_then_reveals_with_citation(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    q = await reply_to(app, msg("quiz", "RLHF"))
    assert q.text.startswith("**Quiz** — from ") and "_____" in q.text and "quiz answer" in q.text
    assert not q.citations  # the citation would give the answer away
    pending = await app.redis.get("studybot:quiz:pending:slack:default:c1")
    assert pending and '"answer"' in pending
    answer = __import__("json").loads(pending)["answer"]

    right = await reply_to(app, msg("quiz", f"answer {answer.lower()}", user="u2"))
    assert "✓ Right!" in right.text and right.citations and right.citations[0].quote
    again = await reply_to(app, msg("quiz", "reveal"))
    assert again.text.startswith("There's no open question")

    first = await reply_to(app, msg("quiz", "reward model"))
    second = await reply_to(app, msg("quiz", "reward model"))
    assert first.text.splitlines()[1] != second.text.splitlines()[1]  # not the same sentence twice
    assert "The answer to the previous question was" in second.text
    wrong = await reply_to(app, msg("quiz", "answer banana bread"))
    assert "✗ Not quite" in wrong.text and "The answer is **" in wrong.text

    anywhere = await reply_to(app, msg("quiz"))
    assert anywhere.text.startswith("**Quiz** — from ") and "_____" in anywhere.text
    revealed = await reply_to(app, msg("quiz", "reveal"))
    assert "**A:**" in revealed.text and revealed.citations[0].title in revealed.text
    off = await reply_to(app, msg("quiz", "medieval pottery glazes"))
    assert "doesn't seem to cover “medieval pottery glazes”" in off.text


async def test_chapters_from_topic_shifts_when_nothing_is_announced(app: Services, tmp_path: Path) -> None:
    """The lecture with every spoken transition cut out: chapters come from topic shifts alone."""
    transition = re.compile(r"let's|brings us to|\bnext\b|alright|okay, so", re.I)
    cues = [c for c in webvtt.read(str(SAMPLES / "how-llms-are-built-lecture.vtt")) if not transition.search(c.text)]
    vtt = tmp_path / "silent-lecture.vtt"
    vtt.write_text("WEBVTT\n\n" + "\n\n".join(f"{c.start} --> {c.end}\n{c.text}" for c in cues) + "\n")
    await app.ingestor.ingest([str(vtt)], "default", title="Silent lecture", url=LECTURE_URL)

    reply = await reply_to(app, msg("outline", "silent"))
    starts = [seconds(u) for u in re.findall(r"\]\((\S+?)\)", reply.text)]
    assert 7 <= len(starts) <= 16, starts
    assert starts == sorted(starts) and starts[0] <= 5
    near = [t for t in SPOKEN_CHAPTERS[1:] if any(abs(s - t) <= 75 for s in starts)]
    assert len(near) >= 5, (starts, near)
    assert "1. **Introduction**" in reply.text  # "Hi everyone, and welcome ..."
    assert all(re.search(r"— .+ \[\d+\]$", line) for line in reply.text.splitlines() if re.match(r"^\d+\. ", line))
