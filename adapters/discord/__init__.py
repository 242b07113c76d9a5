"""Discord adapter: channel Q&A, slash commands, a message context menu and answer buttons through
discord.py, every one of them an event for the core's `receive`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.errors import ServiceUnavailable, UserError

if TYPE_CHECKING:
    from bot.bootstrap import ChatFacade

log = logging.getLogger(__name__)

NO_TOKEN = ("No Discord token: set DISCORD_TOKEN to your bot's token "
            "(Discord Developer Portal > your application > Bot > Reset Token).")
BAD_TOKEN = "Discord rejected DISCORD_TOKEN. Copy the bot token again from the Developer Portal."
NO_CONTENT = ("Discord: running without the Message Content intent ({why}): mentions, slash commands and the "
              "context menu work; follow-ups in threads need a mention. To read them without one, enable "
              "Developer Portal > your application > Bot > Message Content Intent.")
DRAIN_SECONDS = 25.0  # how long a stop waits for answers under way (as for Slack)


async def run_discord(services: ChatFacade, posters: dict[str, Any] | None = None) -> None:
    """Run the bot until cancelled; answers under way get DRAIN_SECONDS to finish, then the client closes.

    `posters` receives the Discord digest poster once the client exists. The Message Content intent is
    asked for unless turned off (DISCORD_MESSAGE_CONTENT=false); if Discord refuses it, the bot starts
    again without it.
    """
    import discord

    secret = services.settings.discord_token
    token = secret.get_secret_value().strip() if secret else ""
    if not token:
        raise UserError(NO_TOKEN)
    read_content = services.settings.discord_message_content
    if not read_content:
        log.info(NO_CONTENT.format(why="turned off by DISCORD_MESSAGE_CONTENT"))
    try:
        await _run(services, posters, token, read_content)
    except discord.PrivilegedIntentsRequired:
        log.warning(NO_CONTENT.format(why="not enabled for this bot"))
        await _run(services, posters, token, read_content=False)


async def _run(services: ChatFacade, posters: dict[str, Any] | None, token: str, read_content: bool) -> None:
    import aiohttp
    import discord

    from adapters.discord.client import StudyClient
    from adapters.discord.digest_poster import DiscordDigestPoster

    client = StudyClient(services, read_content=read_content)
    if posters is not None:
        posters["discord"] = DiscordDigestPoster(client)
    try:
        await client.start(token)
    except discord.LoginFailure:
        raise UserError(BAD_TOKEN) from None
    except (aiohttp.ClientError, OSError) as e:  # once connected, discord.py reconnects by itself
        raise ServiceUnavailable(f"Cannot reach Discord ({type(e).__name__}).") from None
    finally:
        await _stop(client)


async def _stop(client: Any) -> None:
    """Finish (or, past DRAIN_SECONDS, cancel) the answers under way, then close the connection."""
    try:
        busy = client.work.busy
        if busy:
            log.info("Discord: stopping; finishing %d answers under way", busy)
            finished, cancelled = await client.work.drain(DRAIN_SECONDS)
            log.info("Discord: %d answers finished, %d cancelled", finished, cancelled)
    finally:
        await client.close()
