"""One error root for the whole project.

`UserError` carries text that is safe to show to the person who caused it; adapters
post that text as it is. Anything else is a bug or an outage and is reported
generically, never as a stack trace in chat.
"""


class StudybotError(Exception):
    """Root of every error studybot raises on purpose."""


class UserError(StudybotError):
    """A problem the user can fix; its message is kind, plain and safe to post."""


class SourceError(UserError):
    """A file or URL that cannot be ingested (unsupported, empty, corrupt, ...)."""


class OverBudget(SourceError):
    """A source that would cost more than an ingest budget allows; nothing of it was indexed."""


class ServiceUnavailable(StudybotError):
    """A backing service (Redis, Qdrant, the language model) did not answer."""
