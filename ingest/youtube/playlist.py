"""A playlist's videos in playlist order, from YouTube's public Atom feed of the playlist.

The feed is YouTube's own machine-readable listing (no page scraping). It lists a
playlist's first 15 videos; a longer playlist says so in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from bot.errors import SourceError
from bot.language import tr
from ingest.youtube.refusals import blocked, unreachable

FEED_URL = "https://www.youtube.com/feeds/videos.xml?playlist_id={playlist_id}"
FEED_LIMIT = 15
_ATOM = "{http://www.w3.org/2005/Atom}"
_YT = "{http://www.youtube.com/xml/schemas/2015}"


@dataclass(frozen=True)
class Playlist:
    playlist_id: str
    title: str | None
    video_ids: list[str]
    warnings: list[str] = field(default_factory=list)


def fetch_playlist(playlist_id: str, session: requests.Session) -> Playlist:
    what = tr("YouTube playlist {playlist_id}").format(playlist_id=playlist_id)
    try:
        response = session.get(FEED_URL.format(playlist_id=playlist_id))
    except requests.exceptions.RequestException as e:
        raise unreachable(what, e) from None
    if response.status_code == 404:
        raise SourceError(tr("{what} was not found (it may be private or deleted)").format(what=what))
    if response.status_code in (403, 429):
        raise SourceError(tr("{what}: {blocked}").format(what=what, blocked=blocked()))
    if response.status_code >= 400:
        raise SourceError(tr("{what}: YouTube answered with HTTP {status}; try again later")
                          .format(what=what, status=response.status_code))
    try:
        root = ElementTree.fromstring(response.content)
    except (ElementTree.ParseError, DefusedXmlException):
        raise SourceError(tr("{what}: YouTube's playlist feed could not be read").format(what=what)) from None
    ids = [v.text.strip() for entry in root.iter(f"{_ATOM}entry")
           if (v := entry.find(f"{_YT}videoId")) is not None and v.text]
    if not ids:
        raise SourceError(tr("{what} has no public videos").format(what=what))
    title = root.findtext(f"{_ATOM}title")
    warnings = []
    if len(ids) >= FEED_LIMIT:
        warnings.append(f"YouTube lists a playlist's first {FEED_LIMIT} videos only; add later videos by their links")
    return Playlist(playlist_id, title.strip() if title else None, list(dict.fromkeys(ids)), warnings)
