"""The OAuth `state` of installs under way, in Redis: issued when someone opens /slack/install, good
once and for a few minutes, shared by every replica (the browser may come back to another one).

A state that was never issued (forged), was already used (replayed) or expired is refused; slack-bolt
also checks that it comes back in the same browser (a cookie it set on the install page).
"""

from __future__ import annotations

import logging
import secrets

from redis.asyncio import Redis
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

log = logging.getLogger("studybot.slack")

KEY = "studybot:slack:oauth-state:"
MAX_STATE_CHARS = 100


class RedisOAuthStateStore(AsyncOAuthStateStore):
    def __init__(self, redis: Redis, expiration_seconds: int = 600) -> None:
        self.redis, self.expiration_seconds = redis, expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        state = secrets.token_urlsafe(32)
        await self.redis.set(KEY + state, "1", ex=self.expiration_seconds)
        return state

    async def async_consume(self, state: str) -> bool:
        """True once per issued state (GETDEL), within its lifetime."""
        if not state or len(state) > MAX_STATE_CHARS:
            return False
        return await self.redis.getdel(KEY + state) is not None
