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
from bot.language import tr
from bot.runtime.redaction import redact


def upload_instead() -> str:
    """What to do instead when YouTube will not give the captions, in the reply language."""
    return tr("download its transcript (.vtt, .srt or .json) and ingest that file instead")


def blocked() -> str:
    """YouTube refuses this machine's address: where to go from there, in the reply language."""
    return tr("YouTube is refusing requests from this machine's address (common on cloud hosts); set "
              "STUDYBOT_YOUTUBE_PROXY to a proxy YouTube accepts, or {upload}").format(upload=upload_instead())


def unreachable(what: str, error: Exception) -> SourceError:
    """YouTube (or the configured proxy) did not answer at all: this machine's network, most likely."""
    cause, upload = type(error).__name__, upload_instead()
    if isinstance(error, requests.exceptions.ProxyError):
        return SourceError(tr("{what}: the YouTube proxy (STUDYBOT_YOUTUBE_PROXY) could not be reached ({cause}); "
                              "check the setting, or {upload}").format(what=what, cause=cause, upload=upload))
    if isinstance(error, requests.exceptions.Timeout):
        return SourceError(tr("{what}: YouTube did not answer in time ({cause}); try again later, or {upload}")
                           .format(what=what, cause=cause, upload=upload))
    return SourceError(tr("{what}: YouTube cannot be reached from this machine ({cause}); check its network or set "
                          "STUDYBOT_YOUTUBE_PROXY, or {upload}").format(what=what, cause=cause, upload=upload))


def refusal(what: str, error: CouldNotRetrieveTranscript) -> SourceError:
    """The library's refusal, without its multi-paragraph text and link to its issue tracker."""
    upload = upload_instead()
    if isinstance(error, TranscriptsDisabled):
        return SourceError(tr("{what} has no captions on YouTube (they are turned off for this video); {upload}")
                           .format(what=what, upload=upload))
    if isinstance(error, NoTranscriptFound):
        return SourceError(tr("{what} has no YouTube captions in the language asked for").format(what=what))
    if isinstance(error, AgeRestricted):
        return SourceError(tr("{what} is age-restricted on YouTube, so its captions cannot be read without signing "
                              "in; {upload}").format(what=what, upload=upload))
    if isinstance(error, RequestBlocked):
        return SourceError(tr("{what}: {blocked}").format(what=what, blocked=blocked()))
    if isinstance(error, (VideoUnavailable, InvalidVideoId)):
        return SourceError(tr("{what} is not available on YouTube (removed, or the link is wrong)").format(what=what))
    if isinstance(error, VideoUnplayable):
        reason = error.reason.rstrip(".") if error.reason else tr("no reason given")
        if "private" in reason.lower():
            return SourceError(tr("{what} cannot be played on YouTube ({reason}). It is private: ask its owner for the "
                                  "transcript, or {upload}").format(what=what, reason=reason, upload=upload))
        return SourceError(tr("{what} cannot be played on YouTube ({reason}). You can {upload}")
                           .format(what=what, reason=reason, upload=upload))
    if isinstance(error, YouTubeRequestFailed):
        status = getattr(error.__context__, "response", None)  # the library raises it while handling HTTPError
        if status is not None and status.status_code in (403, 429):
            return SourceError(tr("{what}: {blocked}").format(what=what, blocked=blocked()))
        if status is not None:
            return SourceError(tr("{what}: YouTube answered with HTTP {status}; try again later, or {upload}")
                               .format(what=what, status=status.status_code, upload=upload))
        return SourceError(tr("{what}: YouTube answered with an error; try again later, or {upload}")
                           .format(what=what, upload=upload))
    if isinstance(error, (YouTubeDataUnparsable, FailedToCreateConsentCookie, PoTokenRequired)):
        return SourceError(tr("{what}: YouTube's answer could not be read (YouTube may have changed; updating "
                              "studybot may help); {upload}").format(what=what, upload=upload))
    return SourceError(redact(tr("{what}: YouTube refused the captions ({cause}); {upload}")
                              .format(what=what, cause=type(error).__name__, upload=upload)))
