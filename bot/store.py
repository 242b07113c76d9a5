"""The shared state store (Redis) and the one signal that it is unavailable.

Everything that keeps state there (threads, dedup, limits, digests, reviews) catches `STORE_DOWN`
and degrades instead of failing: the client reconnects by itself on the next command.
"""

from __future__ import annotations

from redis.exceptions import RedisError

STORE_DOWN = (RedisError, OSError, TimeoutError)
