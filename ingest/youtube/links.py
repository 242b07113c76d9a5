"""Which YouTube video or playlist a link names, whatever form it was pasted in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com",
          "www.youtube-nocookie.com")
_SHORT_HOSTS = ("youtu.be", "www.youtu.be")
_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_LIST = re.compile(r"^[A-Za-z0-9_-]{10,64}$")
_PATH_FORMS = ("shorts", "live", "embed", "v", "e")


@dataclass(frozen=True)
class VideoLink:
    video_id: str

    @property
    def url(self) -> str:
        """The one link every form of the same video maps to: its source's origin and deep-link base."""
        return f"https://www.youtube.com/watch?v={self.video_id}"


@dataclass(frozen=True)
class PlaylistLink:
    playlist_id: str

    @property
    def url(self) -> str:
        return f"https://www.youtube.com/playlist?list={self.playlist_id}"


def youtube_link(target: str) -> VideoLink | PlaylistLink | None:
    """The video or playlist `target` names; None for anything that is not a YouTube link.

    A watch link inside a playlist (`watch?v=ID&list=PL...`) names the video; `playlist?list=`
    names the playlist. `&t=`, `si=` and other parameters are ignored.
    """
    try:
        parts = urlsplit(target.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    query = parse_qs(parts.query)
    segments = [s for s in parts.path.split("/") if s]
    video: str | None = None
    if host in _SHORT_HOSTS:
        video = segments[0] if segments else None
    elif host in _HOSTS:
        if segments[:1] == ["watch"]:
            video = (query.get("v") or [None])[0]
        elif len(segments) >= 2 and segments[0] in _PATH_FORMS:
            video = segments[1]
        elif segments[:1] == ["playlist"]:
            playlist = (query.get("list") or [""])[0]
            return PlaylistLink(playlist) if _LIST.match(playlist) else None
    else:
        return None
    return VideoLink(video) if video and _ID.match(video) else None


def is_youtube(target: str) -> bool:
    return youtube_link(target) is not None


def is_youtube_page(target: str) -> bool:
    """A link to YouTube that names no video or playlist (a channel, a search): refused, not scraped."""
    try:
        host = (urlsplit(target.strip()).hostname or "").lower()
    except ValueError:
        return False
    return (host in _HOSTS or host in _SHORT_HOSTS) and youtube_link(target) is None
