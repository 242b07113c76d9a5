"""The installation store and its encryption, as slack-bolt uses them: real Redis, real slack_sdk models."""

from __future__ import annotations

import time

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from redis.asyncio import Redis
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.installations import RedisInstallationStore
from adapters.slack.sealed import Sealer, SealError
from bot.errors import UserError
from bot.settings import Settings

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def installation(team: str = "T1", enterprise: str | None = None, org_wide: bool = False) -> Installation:
    return Installation(app_id="A1", enterprise_id=enterprise, team_id=None if org_wide else team, team_name="Acme",
                        bot_token=f"xoxb-{team}-1", bot_id="B1", bot_user_id="UBOT", bot_scopes="chat:write,commands",
                        bot_refresh_token=f"xoxe-1-{team}", bot_token_expires_in=3600, user_id="UALICE",
                        is_enterprise_install=org_wide, installed_at=time.time())


async def test_tokens_survive_a_round_trip_sealed_and_keys_can_be_rotated(redis: Redis) -> None:
    store = RedisInstallationStore(redis, Sealer(OLD))
    await store.async_save(installation())
    assert "xoxb-" not in str(await redis.get("studybot:slack:bot:T1"))
    rotated = RedisInstallationStore(redis, Sealer(f"{NEW},{OLD}"))  # a new key first, the old one still opens
    bot = await rotated.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and (bot.bot_token, bot.bot_refresh_token) == ("xoxb-T1-1", "xoxe-1-T1")
    assert bot.bot_token_expires_at and bot.bot_token_expires_at > time.time()
    await rotated.async_save_bot(bot)  # rewritten with the new key: the old one may go now
    assert (await RedisInstallationStore(redis, Sealer(NEW)).bot_of("T1")).bot_token == "xoxb-T1-1"  # type: ignore[union-attr]
    with pytest.raises(SealError, match="cannot be decrypted with STUDYBOT_ENCRYPTION_KEY"):
        await RedisInstallationStore(redis, Sealer(OLD)).bot_of("T1")
    found = await rotated.async_find_installation(enterprise_id=None, team_id="T1")
    assert found is not None and found.user_id == "UALICE"
    assert await rotated.async_find_installation(enterprise_id=None, team_id="T1", user_id="USOMEONE") is None


async def test_an_org_wide_install_is_found_from_any_of_its_workspaces(redis: Redis) -> None:
    store = RedisInstallationStore(redis, Sealer(OLD))
    await store.async_save(installation("E1", enterprise="E1", org_wide=True))
    bot = await store.async_find_bot(enterprise_id="E1", team_id="T7", is_enterprise_install=True)
    assert bot is not None and bot.bot_token == "xoxb-E1-1"
    assert await store.async_find_bot(enterprise_id="E1", team_id="T7", is_enterprise_install=False) is None
    assert await store.forget("E1") == {"Slack installation": 1}
    assert await store.async_find_bot(enterprise_id="E1", team_id=None, is_enterprise_install=True) is None


def test_a_missing_or_malformed_key_is_refused_in_plain_words(settings: Settings) -> None:
    with pytest.raises(UserError, match="Set STUDYBOT_ENCRYPTION_KEY"):
        Sealer.from_settings(settings)
    with pytest.raises(UserError, match="must be Fernet keys"):
        Sealer.from_settings(settings.model_copy(update={"encryption_key": SecretStr("not-a-key")}))
