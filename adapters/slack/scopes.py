"""The bot scopes the app asks for when a workspace installs it; deploy/slack-manifest.yml lists the same."""

BOT_SCOPES = (
    "app_mentions:read",  # @studybot in channels
    "channels:history",  # follow-ups in its threads, public channels
    "groups:history",  # ... and private channels it was invited to
    "im:history",  # direct messages
    "chat:write",  # answers
    "commands",  # /study
    "reactions:write",  # the ⏳ while it works
    "files:read",  # files shared with it, for the people allowed to add material
)
