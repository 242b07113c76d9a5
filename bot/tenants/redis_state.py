"""Every piece of a tenant's state in Redis, found and deleted: conversations, notes, quizzes, digests,
feedback, answers, rate limits and the rest.

Most keys name the tenant right after the platform (`studybot:notes:slack:T123:C456`); they are found
with SCAN by pattern and checked segment by segment, so tenant `T1` never takes `T12`'s keys. Digest
subscriptions (one hash for all) and answers (keyed by id) are asked to forget the tenant themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.ask.answers import AnswerStore
from bot.study.course.subscriptions import SubscriptionStore

SCAN_BATCH = 1000

# What a person would call each kind of state -> its key patterns. `{p}` is one segment (a platform,
# or a kind of key), `{t}` the tenant, `*` the rest of the key.
FAMILIES: dict[str, tuple[str, ...]] = {
    "conversations": ("studybot:thread:{p}:{t}:*",),
    "bot threads": ("studybot:own-thread:{p}:{t}:*",),
    "notes": ("studybot:notes:{p}:{t}:*",),
    "quizzes": ("studybot:quiz:{p}:{p}:{t}:*",),
    "digest progress and posts": ("studybot:digest:{p}:{p}:{t}:*",),
    "feedback": ("studybot:feedback:{t}",),
    "outlines": ("studybot:outline:{t}:*",),
    "rate limits": ("studybot:rate:{p}:{p}:{t}", "studybot:rate:{p}:{p}:{t}:*"),
    "seen events": ("studybot:seen:{p}:{t}:*",),
    "admins": ("studybot:admins:{p}:{t}",),
    "cards": ("studybot:cards:{t}", "studybot:cards:order:{t}"),
    "reviews": ("studybot:review:{p}:{t}:*", "studybot:review:sent:{p}:{t}:*", "studybot:review:lock:{p}:{t}:*"),
    "team activity": ("studybot:team:{p}:{t}:*", "studybot:team:weekly:sent:{p}:{t}:*",
                      "studybot:team:weekly:lock:{p}:{t}:*"),
}

# Hashes shared by all tenants whose fields begin `platform:tenant:`.
SHARED_HASHES: dict[str, str] = {
    "review subscriptions": "studybot:review:learners",
    "weekly summaries": "studybot:team:weekly",
}


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


def _pattern(template: str, tenant: str) -> tuple[str, re.Pattern[str]]:
    """The SCAN glob, and the exact shape a key must have."""
    glob = template.replace("{p}", "*").replace("{t}", _glob_escape(tenant))
    parts = re.split(r"(\{p\}|\{t\}|\*)", template)
    shape = "".join({"{p}": "[^:]+", "{t}": re.escape(tenant), "*": ".*"}.get(p, re.escape(p)) for p in parts)
    return glob, re.compile(shape + r"\Z", re.S)


@dataclass
class TenantRedisState:
    redis: Redis
    subscriptions: SubscriptionStore
    answers: AnswerStore

    async def forget(self, tenant: str) -> dict[str, int]:
        """Delete it all; how many keys (or records) of each kind went."""
        removed = {kind: await self._delete(tenant, templates) for kind, templates in FAMILIES.items()}
        for kind, key in SHARED_HASHES.items():
            fields = [f for f in await self.redis.hkeys(key) if f.split(":", 2)[1:2] == [tenant]]
            removed[kind] = int(await self.redis.hdel(key, *fields)) if fields else 0
        removed["digest subscriptions"] = await self.subscriptions.forget(tenant)
        removed["answers"] = await self.answers.forget(tenant)
        return removed

    async def _delete(self, tenant: str, templates: tuple[str, ...]) -> int:
        count = 0
        for template in templates:
            glob, shape = _pattern(template, tenant)
            batch: list[str] = []
            async for key in self.redis.scan_iter(match=glob, count=SCAN_BATCH):
                if shape.match(key):
                    batch.append(key)
                if len(batch) >= SCAN_BATCH:
                    count += await self.redis.unlink(*batch)
                    batch = []
            if batch:
                count += await self.redis.unlink(*batch)
        return count
