"""Reading a YouTube video or playlist within one source's budget, off the event loop."""

from __future__ import annotations

import asyncio
import json

from bot.settings import Settings
from ingest.budget import SourceBudget
from ingest.youtube.links import PlaylistLink, VideoLink
from ingest.youtube.playlist import Playlist, fetch_playlist
from ingest.youtube.session import youtube_session
from ingest.youtube.video import Video, fetch_video


def _session_for(settings: Settings, budget: SourceBudget, public_only: bool):  # type: ignore[no-untyped-def]
    proxy = settings.youtube_proxy.get_secret_value() if settings.youtube_proxy else None
    return youtube_session(public_only=public_only, budget=budget, timeout=settings.fetch_timeout,
                           max_bytes=settings.max_fetch_bytes, proxy=proxy, ca_bundle=settings.youtube_ca_bundle)


async def read_video(link: VideoLink, settings: Settings, budget: SourceBudget, public_only: bool,
                     language: str | None) -> Video:
    def work() -> Video:
        with _session_for(settings, budget, public_only) as session:
            return fetch_video(link.video_id, session, language)

    try:
        async with asyncio.timeout(budget.remaining_seconds()):
            return await asyncio.to_thread(work)
    except TimeoutError:
        raise budget.time_exceeded() from None


async def read_playlist(link: PlaylistLink, settings: Settings, budget: SourceBudget, public_only: bool) -> Playlist:
    def work() -> Playlist:
        with _session_for(settings, budget, public_only) as session:
            return fetch_playlist(link.playlist_id, session)

    try:
        async with asyncio.timeout(budget.remaining_seconds()):
            return await asyncio.to_thread(work)
    except TimeoutError:
        raise budget.time_exceeded() from None


def transcript_json(video: Video) -> bytes:
    """The captions as YouTube transcript JSON, the format the transcript loader reads (and the version hashes)."""
    return json.dumps(video.cues, ensure_ascii=False, separators=(",", ":")).encode()
