"""Discord adapter: slash commands and channel Q&A through discord.py, all answers from the core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.errors import ServiceUnavailable, UserError

if TYPE_CHECKING:
    from bot.bootstrap import Services

NO_TOKEN = ("No Discord token: set DISCORD_TOKEN to your bot's token "
            "(Discord Developer Portal > your application > Bot > Reset Token).")
BAD_TOKEN = "Discord rejected DISCORD_TOKEN. Copy the bot token again from the Developer Portal."
NO_INTENT = ("Discord refused the Message Content intent. Enable it in the Developer Portal "
             "(your application > Bot > Privileged Gateway Intents > Message Content Intent).")


async def run_discord(services: Services, posters: dict[str, Any] | None = None) -> None:
    """Run the bot until cancelled; the client is closed however it ends.

    `posters` receives the Discord digest poster once the client exists.
    """
    import aiohttp
    import discord

    from adapters.discord.client import StudyClient

    secret = services.settings.discord_token
    token = secret.get_secret_value().strip() if secret else ""
    if not token:
        raise UserError(NO_TOKEN)
    async with StudyClient(services.service, services.settings) as client:
        if posters is not None:
            from adapters.discord.digest_poster import DiscordDigestPoster

            posters["discord"] = DiscordDigestPoster(client)
        try:
            await client.start(token)
        except discord.LoginFailure:
            raise UserError(BAD_TOKEN) from None
        except discord.PrivilegedIntentsRequired:
            raise UserError(NO_INTENT) from None
        except (aiohttp.ClientError, OSError) as e:  # once connected, discord.py reconnects by itself
            raise ServiceUnavailable(f"Cannot reach Discord ({type(e).__name__}).") from None
