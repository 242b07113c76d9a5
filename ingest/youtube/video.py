"""One video through youtube-transcript-api: its captions, and its details from the same player answer.

The library asks YouTube's player API for the caption tracks; that answer also holds the
video's title, channel, length and description (where the author's chapters are). A
response hook on the session keeps it, so nothing is asked twice and nothing is scraped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from youtube_transcript_api import (
    CouldNotRetrieveTranscript,
    Transcript,
    TranscriptList,
    YouTubeTranscriptApi,
)

from bot.errors import SourceError
from bot.language import tr
from ingest.chapters import Chapter, description_chapters
from ingest.youtube.refusals import refusal, unreachable

PLAYER_PATH = "/youtubei/v1/player"


@dataclass(frozen=True)
class Video:
    video_id: str
    title: str | None
    channel: str | None
    length_seconds: int | None
    chapters: list[Chapter]  # the author's, from the description; [] when it has none
    captions: str  # "manual" or "auto-generated"
    language: str  # the captions' language code
    cues: list[dict[str, Any]]  # {"text", "start", "duration"}, as YouTube gives them

    def about(self) -> dict[str, Any]:
        """What `sources` shows besides the title: where the text came from."""
        return {k: v for k, v in (("channel", self.channel), ("length_seconds", self.length_seconds),
                                  ("captions", self.captions), ("language", self.language)) if v is not None}


def _what(video_id: str) -> str:
    """How a refusal names the video, in the reply language."""
    return tr("YouTube video {video_id}").format(video_id=video_id)


def _spoken_language(listing: TranscriptList) -> str | None:
    """The video's own language: YouTube's automatic captions are always in the language spoken."""
    generated = [t for t in listing if t.is_generated]
    manual = [t for t in listing if not t.is_generated]
    first = generated[0] if generated else manual[0] if manual else None
    return first.language_code if first else None


def _matches(track: Transcript, language: str) -> bool:
    code, wanted = track.language_code.lower(), language.lower()
    return code == wanted or code.split("-")[0] == wanted.split("-")[0]


def choose_track(listing: TranscriptList, language: str | None) -> Transcript:
    """Manual captions in the language (asked for, else the video's own) first, then automatic ones."""
    wanted = language or _spoken_language(listing)
    tracks = list(listing)  # the library lists manual tracks before generated ones
    for generated in (False, True):
        for track in tracks:
            if track.is_generated == generated and wanted and _matches(track, wanted):
                return track
    if language is None and tracks:
        return tracks[0]
    have = tr(", ").join(sorted({t.language_code for t in tracks})) or tr("none")
    raise SourceError(tr("{what} has no captions in “{language}” (it has: {have}); choose one of those with --lang")
                      .format(what=_what(listing.video_id), language=language, have=have))


def fetch_video(video_id: str, session: requests.Session, language: str | None = None) -> Video:
    """Captions and details of one video; SourceError in one plain line for anything YouTube refuses."""
    player: dict[str, Any] = {}

    def keep_player(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if urlsplit(response.url).path == PLAYER_PATH and response.ok:
            try:
                data = response.json()
            except ValueError:
                return
            if isinstance(data, dict):
                player.update(data)

    session.hooks["response"].append(keep_player)
    what = _what(video_id)
    try:
        listing = YouTubeTranscriptApi(http_client=session).list(video_id)
        track = choose_track(listing, language)
        fetched = track.fetch()
    except CouldNotRetrieveTranscript as e:
        raise refusal(what, e) from None
    except requests.exceptions.RequestException as e:
        raise unreachable(what, e) from None
    except ValueError as e:  # a player answer or caption track that is not JSON or XML
        raise SourceError(tr("{what}: YouTube's answer could not be read ({cause})")
                          .format(what=what, cause=type(e).__name__)) from None
    details = player.get("videoDetails") if isinstance(player.get("videoDetails"), dict) else {}
    length = str(details.get("lengthSeconds") or "")
    return Video(
        video_id=video_id, title=str(details.get("title") or "") or None, channel=str(details.get("author") or "") or None,
        length_seconds=int(length) if length.isdigit() else None,
        chapters=description_chapters(str(details.get("shortDescription") or "")),
        captions="auto-generated" if track.is_generated else "manual", language=track.language_code,
        cues=[{"text": s.text, "start": s.start, "duration": s.duration} for s in fetched.snippets],
    )
