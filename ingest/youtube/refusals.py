"""What YouTube refused, in one line that names YouTube and says what to do instead."""

from __future__ import annotations

import requests
from youtube_transcript_api import (
    AgeRestricted,
    CouldNotRetrieveTranscript,
    FailedToCreateConsentCookie,
    InvalidVideoId,
    NoTranscriptFound,
    PoTokenRequired,
    RequestBlocked,
    TranscriptsDisabled,
    VideoUnavailable,
    VideoUnplayable,
    YouTubeDataUnparsable,
    YouTubeRequestFailed,
)

from bot.errors import SourceError
from bot.runtime.redaction import redact

UPLOAD = "download its transcript (.vtt, .srt or .json) and ingest that file instead"
BLOCKED = ("YouTube is refusing requests from this machine's address (common on cloud hosts); set "
           "STUDYBOT_YOUTUBE_PROXY to a proxy YouTube accepts, or " + UPLOAD)


def unreachable(what: str, error: Exception) -> SourceError:
    """YouTube (or the configured proxy) did not answer at all: this machine's network, most likely."""
    cause = type(error).__name__
    if isinstance(error, requests.exceptions.ProxyError):
        return SourceError(f"{what}: the YouTube proxy (STUDYBOT_YOUTUBE_PROXY) could not be reached ({cause}); "
                           f"check the setting, or {UPLOAD}")
    if isinstance(error, requests.exceptions.Timeout):
        return SourceError(f"{what}: YouTube did not answer in time ({cause}); try again later, or {UPLOAD}")
    return SourceError(f"{what}: YouTube cannot be reached from this machine ({cause}); check its network or set "
                       f"STUDYBOT_YOUTUBE_PROXY, or {UPLOAD}")


def refusal(what: str, error: CouldNotRetrieveTranscript) -> SourceError:
    """The library's refusal, without its multi-paragraph text and link to its issue tracker."""
    if isinstance(error, TranscriptsDisabled):
        return SourceError(f"{what} has no captions on YouTube (they are turned off for this video); {UPLOAD}")
    if isinstance(error, NoTranscriptFound):
        return SourceError(f"{what} has no YouTube captions in the language asked for")
    if isinstance(error, AgeRestricted):
        return SourceError(f"{what} is age-restricted on YouTube, so its captions cannot be read without signing "
                           f"in; {UPLOAD}")
    if isinstance(error, RequestBlocked):
        return SourceError(f"{what}: {BLOCKED}")
    if isinstance(error, (VideoUnavailable, InvalidVideoId)):
        return SourceError(f"{what} is not available on YouTube (removed, or the link is wrong)")
    if isinstance(error, VideoUnplayable):
        reason = (error.reason or "no reason given").rstrip(".")
        private = " It is private: ask its owner for the transcript, or" if "private" in reason.lower() else " You can"
        return SourceError(f"{what} cannot be played on YouTube ({reason}).{private} {UPLOAD}")
    if isinstance(error, YouTubeRequestFailed):
        status = getattr(error.__context__, "response", None)  # the library raises it while handling HTTPError
        code = f"HTTP {status.status_code}" if status is not None else "an error"
        if status is not None and status.status_code in (403, 429):
            return SourceError(f"{what}: {BLOCKED}")
        return SourceError(f"{what}: YouTube answered with {code}; try again later, or {UPLOAD}")
    if isinstance(error, (YouTubeDataUnparsable, FailedToCreateConsentCookie, PoTokenRequired)):
        return SourceError(f"{what}: YouTube's answer could not be read (YouTube may have changed; updating "
                           f"studybot may help); {UPLOAD}")
    return SourceError(redact(f"{what}: YouTube refused the captions ({type(error).__name__}); {UPLOAD}"))
