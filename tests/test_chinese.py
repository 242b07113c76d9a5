"""Asking in Chinese: about English material and Chinese material, every line of the reply in Chinese,
quotes verbatim in their source's language."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import Services
from bot.events import Event
from bot.language import message
from bot.text.chinese_english import in_english
from tests.conftest import load_course

MATERIAL = Path(__file__).parent / "material"
SEED_QUESTION = "幻觉问题是如何产生的？有哪些缓解方法？"

_ids = iter(range(1, 1_000_000))


def asked(text: str, tenant: str = "team-zh") -> Event:
    """A question in a direct message, each in a conversation of its own."""
    n = next(_ids)
    return Event("slack", tenant, f"D{n}", "u1", text, event_id=f"zh{n}", direct=True)


def test_a_chinese_question_is_searched_in_its_words_english_senses() -> None:
    english = in_english(SEED_QUESTION).lower()
    assert "hallucination" in english and "how" in english
    assert in_english("GPT-4o 和 DPO 有什么区别？").split()[:3] == ["GPT-4o", "and", "DPO"]  # names as written
    assert in_english("What is RLHF?") == "What is RLHF?"


def test_each_chinese_word_weighs_as_one_word_however_many_english_senses_it_has() -> None:
    from bot.text.chinese_english import gloss_groups
    from bot.text.sparse import BM25Encoder

    assert "lock" in in_english("怎样给文件加锁？").split()  # a compound no dictionary lists: by its characters
    assert "flush" in in_english("怎样刷新输出文件句柄的缓冲区？").split()  # the computing sense first
    assert in_english("标记-清除算法是谁提出的？").startswith("mark-sweep algorithm")  # a hyphen inside a term
    # the frame of the question (正在: "just at", "right in") adds nothing; each word comes as its senses
    assert [group[0] for group in gloss_groups("程序正在运行吗？")] == ["computer program", "run"]
    encoder = BM25Encoder()
    indices, weights = encoder.query_groups([["computer program", "procedures"], ["kernel"]])
    weight = dict(zip(indices, weights, strict=True))
    assert weight[encoder.index_of("kernel")] == 1.0
    assert weight[encoder.index_of(encoder.tokens("program")[0])] == 1 / 3


def test_each_technical_term_is_listed_once() -> None:
    from importlib import resources

    rows = [line.split("\t")[0] for line in (resources.files("bot.text") / "technical_terms.tsv").read_text(
        "utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert len(rows) == len(set(rows)) > 500


async def test_a_chinese_question_finds_the_english_passage_on_its_subject_among_near_ones(
        app: Services, tmp_path: Path) -> None:
    doc = tmp_path / "files.md"
    doc.write_text(
        "# Working with files\n\n## Opening a file\nUse open() with a mode: read, write or append. Check that it "
        "succeeded before you read from the handle.\n\n## Locking a file\nTwo processes that write the same file "
        "must take a lock first. flock() takes an exclusive lock; other writers wait until it is released.\n\n"
        "## Deleting a file\nunlink() removes a file name; the space is freed when the last handle closes.\n\n"
        "## Buffered output\nOutput to a handle is buffered. Set autoflush on the handle, or flush it yourself, so "
        "that what you print appears at once.\n")
    await app.ingestor.ingest([str(doc)], "team-zh")
    for question, expected in (("怎样给文件加锁？", "flock()"), ("怎样刷新输出缓冲区？", "autoflush"),
                               ("怎样删除文件？", "unlink()")):
        reply = (await app.service.receive(asked(question))).reply
        assert reply is not None and not reply.abstained and reply.lang == "zh"
        assert expected in reply.citations[0].quote, question


async def test_a_chinese_compound_the_english_material_never_writes_is_named_as_missing(
        app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    # "inference latency": the lecture says neither side by side, in any sense of the two words
    near = (await app.service.receive(asked("怎样降低推理延迟？"))).reply
    assert near is not None and near.lang == "zh" and near.not_covered == ["降低推理延迟"]
    assert near.text.startswith("资料中没有提到 “降低推理延迟”。最接近的内容:")  # partly: said, then the closest
    # "calibration": a specific word whose English the lecture never uses, in any of its senses
    calibration = (await app.service.receive(asked("什么是奖励模型的校准？"))).reply
    assert calibration is not None and calibration.not_covered == ["校准"]
    assert calibration.text.startswith("资料中没有提到 “校准”。最接近的内容:")
    covered = (await app.service.receive(asked("奖励模型是怎样训练的？"))).reply  # "reward model": written
    assert covered is not None and not covered.abstained and not covered.not_covered
    assert "reward model" in " ".join(c.quote for c in covered.citations).lower()


async def test_a_chinese_term_is_explained_and_compared_from_english_material_by_its_english_name(
        app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    explained = (await app.service.receive(asked("解释 幻觉"))).reply
    assert explained is not None and explained.text.startswith("**幻觉** (hallucination)")
    assert all("hallucination" in c.quote.lower() for c in explained.citations[:2])
    compared = (await app.service.receive(asked("比较 RLHF 和 监督微调"))).reply
    assert compared is not None and compared.text.startswith("**RLHF 与 监督微调 对比**")
    sft_side = compared.text.split("**监督微调**", 1)[1]
    assert "supervised fine-tuning" in sft_side.lower() or "SFT" in sft_side


async def test_the_seed_question_is_answered_from_the_english_lecture_with_chinese_framing(
        app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    outcome = await app.service.receive(asked(SEED_QUESTION))
    reply = outcome.reply
    assert reply is not None and not reply.abstained and reply.lang == "zh"
    assert reply.text.startswith(message("zh", "from_material"))
    assert message("zh", "no_llm") in reply.text and "No language model" not in reply.text
    quotes = " ".join(c.quote for c in reply.citations)
    assert "hallucination" in quotes.lower()  # quoted verbatim, in English
    assert all(f.startswith("详细讲讲") for f in reply.followups)


async def test_a_chinese_question_about_something_the_material_never_names_is_declined_in_chinese(
        app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    reply = (await app.service.receive(asked("Mamba 架构和 Transformer 相比有什么优势？"))).reply
    assert reply is not None and reply.abstained and reply.not_covered == ["Mamba"]
    assert reply.text == message("zh", "not_mentioned").format(terms="“Mamba”")


async def test_chinese_help_and_chinese_command_words(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    help_reply = (await app.service.receive(asked("帮助"))).reply
    assert help_reply is not None and "我可以做这些" in help_reply.text and "`摘要` / `summary`" in help_reply.text
    outline = await app.service.receive(asked("大纲 how llms"))
    assert outline.command == "outline" and outline.reply is not None and outline.reply.citations
    too_long = (await app.service.receive(asked("为什么" * 1000))).reply
    assert too_long is not None and too_long.text.startswith("这条消息有 3000 个字符")


async def test_chinese_notes_are_found_by_a_chinese_question_and_quoted_in_chinese(app: Services) -> None:
    await app.ingestor.ingest([str(MATERIAL / "zh-study-notes.md")], "team-zh")
    reply = (await app.service.receive(asked("FineWeb 数据集有多少词元？"))).reply
    assert reply is not None and not reply.abstained
    assert reply.citations[0].title == "分词与预训练学习笔记"
    assert "15 万亿个词元" in reply.text


async def test_a_chinese_transcript_is_chunked_for_chinese_and_cited_to_the_moment(app: Services) -> None:
    await app.ingestor.ingest([str(MATERIAL / "zh-attention-lecture.srt")], "team-zh", title="注意力机制入门")
    [record] = await app.index.records("team-zh")
    chunks = await app.index.chunks_of("team-zh", record.source_id)
    assert len(chunks) > 1  # a Chinese character says about as much as three English ones
    assert "注意力机制。 先说结论" not in chunks[0].text and "Transformer 的核心。先说结论" in chunks[0].text
    reply = (await app.service.receive(asked("为什么注意力要除以维度的平方根？"))).reply
    assert reply is not None and not reply.abstained and reply.lang == "zh"
    assert "除以键向量维度的平方根" in reply.text
    assert all(c.title == "注意力机制入门" for c in reply.citations)


def test_chinese_sentences_end_at_chinese_stops_and_keep_their_quotes() -> None:
    from bot.text.sentences import split_sentences

    assert split_sentences("他说：“好。”然后走了。预训练预测下一个词元；微调学会对话!") == [
        "他说：“好。”", "然后走了。", "预训练预测下一个词元；", "微调学会对话!"]


async def test_a_channel_that_subscribes_in_chinese_gets_its_digest_in_chinese(app: Services, corpus: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from bot.bootstrap import digest_scheduler
    from tests.test_digest_scheduler import RecordingPoster

    await load_course(app, corpus, tenant="team-zh")
    subscribed = await app.service.receive(Event("slack", "team-zh", "C7", "u1", "日报 订阅 09:00 Asia/Shanghai",
                                                 event_id="zh-sub"))
    assert subscribed.command == "digest" and subscribed.reply is not None and not subscribed.refused
    assert subscribed.reply.text.startswith("已订阅本频道的每日学习摘要") and "`日报 预览`" in subscribed.reply.text
    sub = await app.digest.subscriptions.get("slack", "team-zh", "C7")
    assert sub is not None and sub.lang == "zh"
    poster = RecordingPoster()
    due = sub.schedule.next_after(datetime.now(timezone.utc)) + timedelta(minutes=1)
    assert [o.status for o in await digest_scheduler(app, {"slack": poster}).run_due(due)] == ["posted"]
    [(_, _, _, digest)] = poster.posts
    assert digest.text.startswith("📚 **今日学习摘要** · 第 1 单元") and "**关键术语:**" in digest.text
    assert "`日报 已掌握 2`" in digest.text and "Today's study digest" not in digest.text
    assert digest.lang == "zh" and "[第 1 章:引言, 0:01–1:45](" in digest.text  # the unit's place, in Chinese too
    assert "**测验:** 填空: “" in digest.text and "下一单元:第 2 章:" in digest.text
    assert not any(word in digest.text for word in ("Chapter", "Introduction", "Next:", "Fill in the blank"))
    english = await app.service.receive(Event("slack", "team-zh", "C8", "u1", "digest subscribe 09:00 UTC",
                                              event_id="en-sub"))
    assert english.reply is not None and (await app.digest.subscriptions.get("slack", "team-zh", "C8")).lang == "en"


async def test_reviews_asked_for_in_chinese_come_in_chinese(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    on = await app.service.receive(Event("slack", "team-zh", "C7", "u1", "复习 开启 08:30 Asia/Shanghai", event_id="r1"))
    assert on.command == "review" and on.reply is not None and not on.refused
    [learner] = await app.desk.learners.all()
    assert learner.lang == "zh"
    cards = await app.service.receive(Event("slack", "team-zh", "C7", "u1", "闪卡 tokenization", event_id="r2"))
    assert cards.command == "flashcards" and cards.reply is not None and "`复习 揭晓 1`" in cards.reply.text
    shown = await app.service.receive(Event("slack", "team-zh", "C7", "u1", "复习", event_id="r3"))
    assert shown.reply is not None and shown.reply.text.startswith("🧠 **你的复习**")


async def test_a_chinese_comparative_follow_up_is_answered_as_a_comparison_of_both_sides(
        app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    first = asked("什么是 RLHF？")
    await app.service.receive(first)
    follow = Event("slack", "team-zh", first.channel, "u1", "那它和 SFT 有什么区别？", event_id="zh-follow", direct=True)
    reply = (await app.service.receive(follow)).reply
    assert reply is not None and not reply.abstained and reply.lang == "zh"
    assert reply.question == "RLHF 和 SFT 有什么区别？"
    quotes = " ".join(c.quote for c in reply.citations)
    assert "RLHF" in quotes and ("SFT" in quotes or "supervised fine-tuning" in quotes.lower())


async def test_quiz_and_flashcards_on_chinese_material_blank_chinese_terms(app: Services) -> None:
    from bot.study.quiz.cloze import make_cloze

    assert make_cloze("点积的结果要除以键向量维度的平方根，这叫缩放点积注意力。", []).answer == "缩放点积注意力"  # type: ignore[union-attr]
    assert make_cloze("KV 缓存就是把已经算过的键和值存起来。", []).answer == "KV 缓存"  # type: ignore[union-attr]
    await app.ingestor.ingest([str(MATERIAL / "zh-attention-lecture.srt")], "team-zh", title="注意力机制入门")
    cards = (await app.service.receive(asked("闪卡 注意力机制入门"))).reply
    assert cards is not None and cards.cards and "填空" in cards.text and "`复习 揭晓 1`" in cards.text
    quiz = (await app.service.receive(asked("测验 注意力"))).reply
    assert quiz is not None and "填空" in quiz.text and "`测验 回答 你的答案`" in quiz.text


async def test_a_vote_on_a_chinese_answer_is_thanked_in_chinese(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    answer = (await app.service.receive(asked(SEED_QUESTION))).reply
    assert answer is not None and answer.answer_id
    vote = Event("slack", "team-zh", "C1", "u2", f"up {answer.answer_id}", event_id="zh-vote", command="vote")
    thanks = (await app.service.receive(vote)).reply
    assert thanks is not None and thanks.text == message("zh", "vote_up")


async def test_a_chinese_question_naming_a_listed_term_the_material_writes_is_answered(
        app: Services, tmp_path: Path) -> None:
    """"工作集" is "working set" in the glossary: a passage holding it is evidence, however vaguely the senses of
    the rest of the question ("模型", "提出") match."""
    lecture = tmp_path / "paging.vtt"
    lecture.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:07.000\nOkay, so, thrashing. The disk light is on and nothing, uh, "
        "nothing gets done.\n\n00:00:07.000 --> 00:00:14.000\nSo how do you reason about how much memory a process "
        "really needs?\n\n00:00:14.000 --> 00:00:21.000\nThat's the working set idea, from Peter Denning, 1968.\n\n"
        "00:00:21.000 --> 00:00:28.000\nThe pages a process touched in the last window of time, call it delta.\n\n"
        "00:00:28.000 --> 00:00:35.000\nIf it fits in its frames, it runs fine. If it doesn't, it thrashes.\n")
    await app.ingestor.ingest([str(lecture)], "team-zh")
    reply = (await app.service.receive(asked("工作集模型是谁提出的？"))).reply
    assert reply is not None and not reply.abstained and "Peter Denning" in reply.text.split("•")[1]
