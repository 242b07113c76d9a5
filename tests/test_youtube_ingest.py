"""YouTube links through the real youtube-transcript-api, against a local stand-in of YouTube's endpoints.

The library reaches the stand-in through studybot's own YouTube proxy setting, over TLS it
verifies against the stand-in's CA: nothing in studybot's code path is patched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from redis.asyncio import Redis

from bot.bootstrap import Knowledge, Services, build, build_knowledge
from bot.conversation import IncomingMessage
from bot.settings import Settings
from ingest.pipeline import Options
from tests.conftest import reply_to
from tests.youtube_material import (
    AUTO_ONLY,
    AUTO_ONLY_ID,
    COURSE,
    COURSE_PLAYLIST,
    FINETUNING,
    FINETUNING_ID,
    PRETRAINING,
    PRETRAINING_ID,
    TOKENIZERS,
    TOKENIZERS_ID,
    refusing_videos,
)
from tests.youtube_stand_in import YouTubeStandIn

WATCH = f"https://www.youtube.com/watch?v={TOKENIZERS_ID}"
AUTHORS_CHAPTERS = ["Intro", "Byte pair encoding", "Vocabulary size", "Why arithmetic is hard"]


@pytest.fixture()
def youtube(tmp_path: Path) -> Iterator[YouTubeStandIn]:
    stand_in = YouTubeStandIn(tmp_path).add(TOKENIZERS, PRETRAINING, FINETUNING, AUTO_ONLY,
                                            *refusing_videos().values())
    stand_in.add_playlist(COURSE).start()
    yield stand_in
    stand_in.stop()


@pytest.fixture()
def yt_settings(settings: Settings, youtube: YouTubeStandIn) -> Settings:
    return settings.model_copy(update={"youtube_proxy": SecretStr(youtube.proxy), "youtube_ca_bundle": youtube.ca_bundle,
                                       "fetch_timeout": 5.0})


@pytest.fixture()
async def knowledge(yt_settings: Settings) -> AsyncIterator[Knowledge]:
    k = build_knowledge(yt_settings)
    yield k
    await k.close()


@pytest.fixture()
async def yt_app(yt_settings: Settings, redis: Redis, redis_url: str) -> AsyncIterator[Services]:
    s = build(yt_settings.model_copy(update={"admins": "slack:boss"}), redis_url)
    yield s
    await s.close()


def ask(text: str, command: str | None = None) -> IncomingMessage:
    return IncomingMessage("slack", "default", "C1", None, "u1", text, command)


async def test_a_youtube_link_gives_a_source_with_title_timed_captions_and_the_authors_chapters(
        yt_app: Services, youtube: YouTubeStandIn) -> None:
    report = await yt_app.ingestor.ingest([f"https://youtu.be/{TOKENIZERS_ID}?t=42"], "default")
    assert report.count("added") == 1, report.as_json()
    [record] = await yt_app.index.records("default")
    assert record.title == "How Tokenizers Work" and record.kind == "transcript" and record.url == WATCH
    assert record.extra["about"] == {"channel": "Deep Learning Study Group", "length_seconds": 181,
                                     "captions": "manual", "language": "en"}
    assert youtube.tunnels and set(youtube.tunnels) == {"www.youtube.com:443"}  # TLS to YouTube, via the proxy

    hits = (await yt_app.retriever.search("default", "vocabulary size of the GPT-4 tokenizer", 3)).hits
    assert hits[0].chunk.url is not None and hits[0].chunk.url.startswith(WATCH + "&t=")
    assert hits[0].chunk.locator.startswith("1:") and " um" not in hits[0].chunk.text  # manual, not automatic

    outline = await reply_to(yt_app, ask("how tokenizers", "outline"))
    titles = [line for line in outline.text.splitlines() if any(t in line for t in AUTHORS_CHAPTERS)]
    assert len(titles) == 4, outline.text
    assert all(t in outline.text for t in AUTHORS_CHAPTERS) and "&t=40s" in outline.text and "&t=140s" in outline.text


async def test_youtube_ask_answers_with_a_cited_timestamp_link(yt_app: Services) -> None:
    await yt_app.ingestor.ingest([WATCH], "default")
    reply = await reply_to(yt_app, ask("What vocabulary size does the GPT-4 tokenizer have?"))
    assert reply.citations, reply.text
    cited = reply.citations[0]
    assert cited.title == "How Tokenizers Work" and cited.url and cited.url.startswith(WATCH + "&t=")
    assert "hundred thousand" in reply.text


async def test_every_form_of_a_youtube_link_is_the_same_source(knowledge: Knowledge) -> None:
    first = await knowledge.ingestor.ingest([f"https://www.youtube.com/watch?v={TOKENIZERS_ID}&t=42s"], "default")
    assert first.count("added") == 1
    again = await knowledge.ingestor.ingest([f"https://youtu.be/{TOKENIZERS_ID}",
                                             f"https://www.youtube.com/shorts/{TOKENIZERS_ID}",
                                             f"https://www.youtube.com/live/{TOKENIZERS_ID}?si=abc"], "default")
    assert again.count("unchanged") == 3, again.as_json()
    assert len(await knowledge.index.records("default")) == 1


async def test_youtube_captions_language_and_kind_are_chosen_and_recorded(knowledge: Knowledge) -> None:
    german = await knowledge.ingestor.ingest([WATCH], "default", options=Options(language="de"))
    assert german.count("added") == 1
    [record] = await knowledge.index.records("default")
    assert record.extra["about"]["language"] == "de" and record.extra["about"]["captions"] == "manual"

    auto = await knowledge.ingestor.ingest([f"https://www.youtube.com/watch?v={AUTO_ONLY_ID}"], "default")
    assert auto.count("added") == 1
    office = next(r for r in await knowledge.index.records("default") if r.title == "Office Hours Recording")
    assert office.extra["about"]["captions"] == "auto-generated"

    missing = await knowledge.ingestor.ingest([WATCH], "other", options=Options(language="ja"))
    [outcome] = missing.outcomes
    assert outcome.status == "skipped" and "no captions in “ja”" in (outcome.reason or "")
    assert "de, en" in (outcome.reason or "") and await knowledge.index.records("other") == []


async def test_a_youtube_playlist_gives_one_source_per_video_in_playlist_order(knowledge: Knowledge) -> None:
    seen: list[str] = []
    totals: list[int] = []
    link = f"https://www.youtube.com/playlist?list={COURSE_PLAYLIST}"
    report = await knowledge.ingestor.ingest([link], "default", on_item=lambda o: seen.append(o.title or ""),
                                             on_total=totals.append)
    assert report.count("added") == 3, report.as_json()
    assert seen == ["Pretraining on Web Text", "How Tokenizers Work", "Fine-tuning Assistants"]
    assert totals[-1] == 3
    records = sorted(await knowledge.index.records("default"), key=lambda r: r.ingested_at)
    assert [r.url for r in records] == [f"https://www.youtube.com/watch?v={v}"
                                        for v in (PRETRAINING_ID, TOKENIZERS_ID, FINETUNING_ID)]

    again = await knowledge.ingestor.ingest([link], "default")
    assert again.count("unchanged") == 3 and again.count("added", "updated") == 0


@pytest.mark.parametrize("case, words", [
    ("captions disabled", "no captions on YouTube"),
    ("private", "It is private"),
    ("age-restricted", "age-restricted"),
    ("removed", "not available on YouTube"),
    ("bot check", "STUDYBOT_YOUTUBE_PROXY"),
    ("rate limited", "STUDYBOT_YOUTUBE_PROXY"),
])
async def test_each_youtube_refusal_is_one_plain_line_and_nothing_is_indexed(
        knowledge: Knowledge, case: str, words: str) -> None:
    video = refusing_videos()[case]
    report = await knowledge.ingestor.ingest([f"https://www.youtube.com/watch?v={video.video_id}"], "default")
    [outcome] = report.outcomes
    reason = outcome.reason or ""
    assert outcome.status == "skipped" and words in reason and "YouTube" in reason, reason
    assert "\n" not in reason and "Traceback" not in reason and "github.com" not in reason
    assert await knowledge.index.records("default") == []


async def test_a_refused_video_in_a_playlist_leaves_the_others_indexed(knowledge: Knowledge,
                                                                       youtube: YouTubeStandIn) -> None:
    from tests.youtube_stand_in import FakePlaylist

    youtube.add_playlist(FakePlaylist("PLstandInMixed000000000001", "Mixed",
                                      [PRETRAINING_ID, "nOcApTiOnS1", FINETUNING_ID]))
    report = await knowledge.ingestor.ingest(["https://www.youtube.com/playlist?list=PLstandInMixed000000000001"],
                                             "default")
    assert [o.status for o in report.outcomes] == ["added", "skipped", "added"]
    assert sorted(r.title for r in await knowledge.index.records("default")) == ["Fine-tuning Assistants",
                                                                                 "Pretraining on Web Text"]


async def test_youtube_links_added_from_chat_by_an_admin(yt_app: Services) -> None:
    from bot.events import Event

    event = Event("slack", "default", "C1", "boss", f"add https://www.youtube.com/playlist?list={COURSE_PLAYLIST}",
                  event_id="e-yt-1")
    outcome = await yt_app.service.receive(event)
    assert outcome.reply is not None
    lines = outcome.reply.text.splitlines()
    assert [line.split(" (")[0] for line in lines] == ["✓ Added Pretraining on Web Text", "✓ Added How Tokenizers Work",
                                                      "✓ Added Fine-tuning Assistants"]
    refused = await yt_app.service.receive(Event("slack", "default", "C1", "boss",
                                                 "add https://youtu.be/aGeReStR001", event_id="e-yt-2"))
    assert refused.reply is not None and "age-restricted on YouTube" in refused.reply.text
    intern = await yt_app.service.receive(Event("slack", "default", "C1", "intern", f"add {WATCH}", event_id="e-yt-3"))
    assert intern.refused
