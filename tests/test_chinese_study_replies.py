"""The study tools, the digest and the reviews write every line in the asker's (or the channel's) language:
a Chinese command gets Chinese errors, headings and notices, quotes stay as the material says them, and the
same commands in English are answered word for word as before. The catalog behind `tr` matches the code."""

from __future__ import annotations

import ast
import dataclasses
import re
import string
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.bootstrap import Services, build, review_sender
from bot.chat.link_policy import defang
from bot.conversation import Reply
from bot.events import Event, FileOffer
from bot.language import MESSAGES, chinese_catalog, has_cjk, message
from bot.settings import Settings
from tests.conftest import ROOT, load_course
from tests.local_http import serve_app
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)
from tests.test_loaders import pdf_bytes
from tests.test_reviews import COURSE, Clock, Inbox
from tests.test_service import RecordingSurface

# English framing that must not show up in a Chinese reply (the material's own words may).
ENGLISH_FRAMING = re.compile(r"\b(?:Chapter|Section|Introduction|Outline of|Flashcards on|Your progress|Daily reviews|"
                             r"Cards:|Streak|Next review|It comes back|Fill in the blank|Answer:|It's in|Quiz)\b")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _tr_calls() -> tuple[dict[str, str], list[str]]:
    """Every `tr("...")` in bot/, adapters/ and ingest/ (template -> where), and calls with anything but a literal."""
    literal: dict[str, str] = {}
    other: list[str] = []
    for folder in ("bot", "adapters", "ingest"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    first = node.args[0] if node.args else None
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        literal.setdefault(first.value, where)
                    else:
                        other.append(where)
    return literal, other


def test_every_template_in_the_code_has_its_chinese_and_no_entry_is_stale() -> None:
    used, not_literal = _tr_calls()
    used.update({template: f"MESSAGES[{key!r}]" for key, template in MESSAGES.items()})
    ZH = chinese_catalog()
    assert not not_literal, f"tr() takes a literal template, so the catalog can be checked: {not_literal}"
    missing = {t: where for t, where in used.items() if t not in ZH}
    assert not missing, f"no Chinese for: {missing}"
    assert not set(ZH) - set(used), f"catalog entries no code uses: {sorted(set(ZH) - set(used))}"
    for english, chinese in ZH.items():
        assert _fields(english) == _fields(chinese), (english, chinese)
        assert chinese.strip() or english == " ", english
    assert len(used) > 270  # the study tools, the digest, the reviews, both platforms and why a source is refused


_ids = iter(range(1, 1_000_000))


def said(text: str, tenant: str = "team-zh", channel: str | None = None, user: str = "u1") -> Event:
    """A message in a direct message (or `channel`), each in a conversation of its own."""
    n = next(_ids)
    return Event("slack", tenant, channel or f"D{n}", user, text, event_id=f"l10n{n}", direct=channel is None)


async def reply(app: Services, text: str, **where: str) -> Reply:
    outcome = await app.service.receive(said(text, **where))
    assert outcome.reply is not None, text
    return outcome.reply


async def test_errors_of_the_study_tools_follow_the_askers_language(app: Services) -> None:
    # Nothing indexed: the quiz says so in the asker's language.
    assert (await reply(app, "测验")).text == "这个团队还没有索引任何资料,所以我没有题目可以考你。"
    assert (await reply(app, "quiz")).text == "Nothing is indexed for this team yet, so I have nothing to quiz you on."
    # A note that is not there (`删除` is `rm`).
    assert (await reply(app, "笔记 删除 99", channel="C1")).text == "本频道没有笔记 #99。`笔记 列表` 会列出所有笔记。"
    assert (await reply(app, "note rm 99", channel="C1")).text == \
        "There's no note #99 in this channel. `note list` shows them."
    # A pause without daily reviews, then one that is no length of time.
    assert (await reply(app, "复习 暂停 abc", channel="C1")).text == \
        "你没有开启每日复习,所以没有什么可暂停的。`复习 开启` 可以开启。"
    on = await reply(app, "复习 开启 08:30 Asia/Shanghai", channel="C1")
    assert on.text.startswith("好了:你的复习将于每天 08:30(Asia/Shanghai)私信发给你,下一次在 ") and on.lang == "zh"
    assert (await reply(app, "复习 暂停 abc", channel="C1")).text == \
        "我看不懂“abc”这个时长。试试 `复习 暂停 7d` 或 `复习 暂停 2w`;`复习 恢复` 结束暂停。"
    assert (await reply(app, "review pause abc", channel="C1")).text == \
        "“abc” isn't a length of time I understand. Try `review pause 7d` or `review pause 2w`; `review resume` " \
        "ends a pause."
    paused = await reply(app, "复习 暂停 7d", channel="C1")
    assert re.fullmatch(r"已暂停你的每日复习,直到 \d+月\d+日\(周.\)。你的卡片会等着你;`复习 恢复` 可以提前结束暂停。",
                        paused.text), paused.text
    assert (await reply(app, "日报 订阅 25:00")).text.startswith("“25:00”不是有效的时间:小时应为 00–23")


async def test_an_english_source_is_outlined_in_chinese_and_quoted_in_english(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    outline = await reply(app, "大纲 how llms")
    assert outline.text.startswith("**How LLMs Are Built 的大纲**(讲座、36:45、12 章)"), outline.text[:80]
    chapters = [line for line in outline.text.splitlines() if re.match(r"^\d+\. \*\*", line)]
    assert len(chapters) == 12 and chapters[0].startswith("1. **引言** · [0:01–")
    assert "**Tokenization**" in outline.text  # the lecture's own chapter names stay as spoken
    assert outline.notices == ["标题和要点取自资料原文(未配置语言模型)。"]
    assert not ENGLISH_FRAMING.search(outline.text), outline.text
    for citation in outline.citations:  # every gist is quoted verbatim, in English
        assert citation.quote in outline.text and not has_cjk(citation.quote)
    english = await reply(app, "outline how llms")
    assert english.text.startswith("**Outline of How LLMs Are Built** (lecture, 36:45, 12 chapters)")
    assert english.notices == ["Titles and gists are taken from the material (no language model is configured)."]

    summary = await reply(app, "摘要 how llms")
    assert summary.text.startswith("**How LLMs Are Built 的摘要**(讲座、36:45、12 章)")
    assert "**概览**" in summary.text and "**逐章要点**" in summary.text
    assert summary.notices == ["未配置语言模型,以下内容由资料中的原句组成。"]
    compared = await reply(app, "比较 SFT vs RLHF")
    assert compared.text.startswith("**SFT 与 RLHF 对比**") and "Where the material" not in compared.text
    unknown = await reply(app, "大纲 quantum field theory")
    assert unknown.text.startswith("找不到与“quantum field theory”匹配的资料来源。")
    assert unknown.text.endswith("`来源` 会列出全部资料。")


async def test_flashcards_and_progress_in_chinese_and_in_english(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-zh")
    cards = await reply(app, "闪卡 tokenization", channel="C1")
    assert cards.cards and cards.lang == "zh"
    assert re.match(r"🃏 \*\*“tokenization” 的闪卡\*\* · \d 张\n", cards.text), cards.text
    assert message("zh", "cards_how") in cards.text and not ENGLISH_FRAMING.search(cards.text), cards.text
    of_source = await reply(app, "闪卡 how llms", channel="C2")  # the cards of a source say where, in Chinese
    assert "How LLMs Are Built, 第 " in of_source.text and not ENGLISH_FRAMING.search(of_source.text), of_source.text
    revealed = await reply(app, "复习 揭晓 1", channel="C2")
    assert "**答案:** " in revealed.text and "出处:How LLMs Are Built," in revealed.text
    assert "你答得怎么样?用按钮评分,或输入 `复习 again|good|easy 1`。" in revealed.text
    rated = await reply(app, "复习 good 1", channel="C2")
    assert rated.text.startswith("✓ 不错:") and re.search(r"(它明天会再出现。|\d+ 天后再复习)", rated.text)

    english = await reply(app, "flashcards tokenization", channel="C3", user="u2")
    assert english.text.startswith("🃏 **Flashcards on “tokenization”** · ") and message("en", "cards_how") in english.text

    progress = await reply(app, "进度", channel="C2")
    lines = progress.text.splitlines()
    assert lines[0] == "📈 **你的进度**" and lines[1].startswith("• 卡片:你的复习中有 ")
    assert "• 每日复习:未开启。`复习 开启` 会每天私信发给你。" in lines
    assert lines[-1].startswith("• 本频道的课程:") and "(本频道没有每日摘要:`日报 订阅 09:00`)" in lines[-1]
    assert not ENGLISH_FRAMING.search(progress.text), progress.text
    mine = await reply(app, "progress", channel="C3", user="u3")
    assert mine.text.splitlines()[:3] == [
        "📈 **Your progress**",
        "• No cards yet: answer a `quiz`, or try `flashcards TOPIC`, and rate what you see.",
        "• Daily reviews: off. `review on` sends them to you privately each day."]


@pytest.fixture()
async def at_monday(settings: Settings, redis: Redis, redis_url: str, tmp_path: Path  # noqa: F811
                    ) -> AsyncIterator[tuple[Services, Clock]]:
    clock = Clock(datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))
    s = build(settings, redis_url, clock=clock)
    course = tmp_path / "tiny-course.md"
    course.write_text(COURSE)
    await s.ingestor.ingest([str(course)], "T1", title="Tiny course")
    yield s, clock
    await s.close()


async def test_scheduled_reviews_and_the_weekly_summary_come_in_the_language_they_were_asked_in(
        at_monday: tuple[Services, Clock]) -> None:
    app, clock = at_monday

    async def say(user: str, text: str) -> Reply:
        return await reply(app, text, tenant="T1", channel="C1", user=user)

    assert (await say("li", "复习 开启 09:00 UTC")).lang == "zh"
    await say("ann", "review on 09:00 UTC")
    await say("li", "闪卡 tiny course")
    await say("ann", "flashcards tiny course")
    weekly = await say("li", "进度 每周 开启")
    assert weekly.text.startswith("每周团队总结将于周一 09:00(UTC)在这里发布,下一次在 3月2日(周一) 09:00 UTC:")
    inbox = Inbox()
    sender = review_sender(app, {"slack": inbox}, clock=clock)
    clock.now = datetime(2026, 3, 3, 9, 1, tzinfo=timezone.utc)
    await sender.run_due()
    [chinese] = inbox.to("li")
    assert chinese.lang == "zh" and chinese.text.startswith("🧠 **你的复习** · ")
    assert "_Tiny course, 第 1 节:Tokens_" in chinese.text and message("zh", "reviews_how") in chinese.text
    assert not ENGLISH_FRAMING.search(chinese.text), chinese.text
    [english] = inbox.to("ann")
    assert english.lang == "en" and english.text.startswith("🧠 **Your reviews** · ")
    assert "_Tiny course, Section 1: Tokens_" in english.text

    clock.now = datetime(2026, 3, 9, 9, 0, 10, tzinfo=timezone.utc)
    await sender.run_due()
    [(_, _, summary)] = inbox.posts
    assert summary.lang == "zh" and summary.text.splitlines() == [
        "📊 **本频道本周的学习**(3月2日 – 3月8日)",
        "• 本周没有人复习卡片。`复习` 查看你的卡片;`复习 开启` 每天发给你。",
        "• 课程:4 个单元已完成 0 个,已掌握 0 个。",
        "你自己的数据:`进度`。"]


async def test_a_chinese_channels_digest_renders_its_sources_in_chinese(app: Services, corpus: Path) -> None:
    from adapters.slack.render import render_reply
    from bot.bootstrap import digest_scheduler
    from tests.test_digest_scheduler import RecordingPoster

    await load_course(app, corpus, tenant="team-zh")
    await app.service.receive(Event("slack", "team-zh", "C9", "u1", "日报 订阅 09:00 UTC", event_id=uuid.uuid4().hex))
    sub = await app.digest.subscriptions.get("slack", "team-zh", "C9")
    assert sub is not None and sub.lang == "zh"
    poster = RecordingPoster()
    due = sub.schedule.next_after(datetime.now(timezone.utc)) + timedelta(hours=1)  # late: the notice too
    assert [o.status for o in await digest_scheduler(app, {"slack": poster}).run_due(due)] == ["posted"]
    [(_, _, _, digest)] = poster.posts
    assert digest.lang == "zh" and digest.notices[0].startswith("这份摘要原定于 ")
    pages = render_reply(digest)
    shown = "\n".join(b["text"]["text"] for page in pages for b in page.blocks if b["type"] == "section")
    assert "*来源*" in shown and "*Sources*" not in shown


async def test_why_a_file_or_link_cannot_be_added_follows_the_askers_language(
        settings: Settings, redis: Redis, redis_url: str) -> None:  # noqa: F811
    from aiohttp import web

    files = {"blank.md": b" \n\n", "slides.pdf": b"not a PDF at all", "notes.txt": b"\x00\x01\x02 binary",
             "two-pages.pdf": pdf_bytes(["One.", "Two."])}
    offers = tuple(FileOffer(name, len(data)) for name, data in files.items())
    runner, port = await serve_app(web.Application())  # no routes: every link answers 404 Not Found
    link = f"http://127.0.0.1:{port}/lecture.pdf"
    shown = defang(link)  # a link the reply does not cite is shown, never linked
    app = build(settings.model_copy(update={"admins": "slack:u1", "fetch_private": True, "max_source_pages": 1}),
                redis_url)
    try:
        async def add(text: str) -> Reply:
            outcome = await app.service.receive(dataclasses.replace(said(text), files=offers), RecordingSurface(files))
            assert outcome.reply is not None, text
            return outcome.reply

        chinese = await add(f"添加 {link}")
        assert chinese.lang == "zh" and chinese.text.splitlines() == [
            "✗ blank.md:blank.md 是空的",
            "✗ slides.pdf:slides.pdf 不是 PDF 文件(没有 PDF 文件头)",
            "✗ notes.txt:notes.txt 看起来是二进制文件,不是文本",
            "✗ two-pages.pdf:two-pages.pdf 有 2 页,超过了单个资料允许的 1 页(STUDYBOT_MAX_SOURCE_PAGES);"
            "请把它拆分开,或请运行 studybot 的人提高上限。没有索引任何内容;之前的版本仍可搜索。",
            f"✗ {shown}:无法获取 {shown}:HTTP 404 Not Found"]
        english = await add(f"add {link}")
        assert english.lang == "en" and english.text.splitlines() == [
            "✗ blank.md: blank.md is empty",
            "✗ slides.pdf: slides.pdf is not a PDF (no PDF header)",
            "✗ notes.txt: notes.txt looks like a binary file, not text",
            "✗ two-pages.pdf: two-pages.pdf has 2 pages, more than the 1 allowed for one source "
            "(STUDYBOT_MAX_SOURCE_PAGES); split it, or ask whoever runs studybot to raise the limit. Nothing was "
            "indexed; any earlier version stays searchable.",
            f"✗ {shown}: {shown} could not be fetched: HTTP 404 Not Found"]
        assert await app.index.records("team-zh") == []
    finally:
        await app.close()
        await runner.cleanup()


def test_youtube_refusals_are_worded_when_they_happen_not_when_imported() -> None:
    from types import SimpleNamespace

    from bot.errors import SourceError
    from bot.language import replying_in
    from ingest.youtube.playlist import fetch_playlist

    refusing = SimpleNamespace(get=lambda url: SimpleNamespace(status_code=429))  # YouTube blocks this machine

    def refused() -> str:
        with pytest.raises(SourceError) as e:
            fetch_playlist("PLabcdefghij", refusing)  # type: ignore[arg-type]
        return str(e.value)

    with replying_in("zh"):
        assert refused() == (
            "YouTube 播放列表 PLabcdefghij:YouTube 拒绝了来自本机地址的请求(云主机上很常见);请把 STUDYBOT_YOUTUBE_PROXY "
            "设为 YouTube 接受的代理,或下载它的字幕文件(.vtt、.srt 或 .json),改为添加该文件")
    assert refused() == (
        "YouTube playlist PLabcdefghij: YouTube is refusing requests from this machine's address (common on cloud "
        "hosts); set STUDYBOT_YOUTUBE_PROXY to a proxy YouTube accepts, or download its transcript (.vtt, .srt or "
        ".json) and ingest that file instead")
