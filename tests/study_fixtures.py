"""A private Redis server for the study and digest tests.

The machine's Redis (database 13) is shared with the other suites, which flush it before
each of their tests; when suites run side by side, that would wipe our notes and
subscriptions mid-test. This overrides conftest's `redis_url` with a real redis-server of
our own for the test module, so every other fixture (redis, app, llm_app) uses it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.redis_server import RedisProcess


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    server = RedisProcess().start()
    try:
        yield server.url
    finally:
        server.stop()
