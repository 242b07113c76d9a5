"""Registering the application commands with Discord only when they changed.

Global commands are registered for every guild at once, and Discord rate-limits (and briefly
reshuffles) them on every registration, so a restart should not re-register an unchanged set. The
payload discord.py would send is hashed; the hash of the last registration is kept in Redis per
application, shared by every replica and shard.
"""

from __future__ import annotations

import hashlib
import json
import logging

import discord
from discord import app_commands
from redis.asyncio import Redis

from bot.store import STORE_DOWN

log = logging.getLogger(__name__)


def payload_hash(tree: app_commands.CommandTree[discord.Client]) -> str:
    payload = sorted((c.to_dict(tree) for c in tree.get_commands()), key=lambda c: (c.get("type", 1), c["name"]))
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class CommandSync:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def sync(self, tree: app_commands.CommandTree[discord.Client]) -> bool:
        """Register the tree's commands unless Discord already has this very set; True if it registered."""
        digest = payload_hash(tree)
        key = f"studybot:discord:commands:{tree.client.application_id}"
        try:
            if await self.redis.get(key) == digest:
                log.info("Discord: application commands unchanged, not registering them again")
                return False
        except STORE_DOWN as e:  # registering again is harmless; not registering a change is not
            log.warning("could not compare the application commands: %s", type(e).__name__)
        synced = await tree.sync()
        log.info("Discord: registered %d application commands", len(synced))
        try:
            await self.redis.set(key, digest)
        except STORE_DOWN as e:
            log.warning("could not remember the application commands: %s", type(e).__name__)
        return True
