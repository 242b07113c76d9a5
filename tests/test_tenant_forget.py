"""Forgetting a tenant (the core use case behind an uninstall and `studybot tenant rm`): its material
and every piece of its state go, another tenant's stay as they were. Real Redis, real index, the real
service used the way people use it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest
from redis.asyncio import Redis

from bot.bootstrap import Services, build
from bot.conversation import IncomingMessage
from bot.settings import Settings
from tests.conftest import reply_to

GONE, KEPT = "TGONE", "TKEPT"
MATERIAL = b"""# Tokenization

The GPT-4 tokenizer has a vocabulary of 100,277 tokens. Byte pair encoding merges the most frequent pairs
of symbols into new tokens, again and again, until the vocabulary is full.

# Reward hacking

Reward hacking is when the policy finds inputs that fool the reward model into giving high scores.
"""


def said(tenant: str, text: str, command: str, channel: str = "C1", user: str = "UADMIN") -> IncomingMessage:
    return IncomingMessage("slack", tenant, channel, "1700000000.000100", user, text, command)


async def use(app: Services, tenant: str) -> None:
    """A team's ordinary use: material, questions and a vote, notes, a quiz, a digest with progress."""
    await app.ingestor.ingest_bytes(MATERIAL, "notes.md", tenant, origin=f"{tenant}-notes")
    answer = await reply_to(app, said(tenant, "What vocabulary size does the GPT-4 tokenizer have?", "ask"))
    assert answer.answer_id and "100,277" in answer.text
    assert "Thanks" in (await reply_to(app, said(tenant, f"up {answer.answer_id}", "vote"))).text
    await reply_to(app, said(tenant, "add BPE merges frequent pairs", "note"))
    await reply_to(app, said(tenant, "tokenizer", "quiz"))
    await reply_to(app, said(tenant, "subscribe 09:00 UTC", "digest"))
    await reply_to(app, said(tenant, "known 1", "digest"))
    await reply_to(app, said(tenant, "notes", "outline"))
    assert "Flashcards" in (await reply_to(app, said(tenant, "tokenizer", "flashcards"))).text
    await reply_to(app, said(tenant, "on", "review"))
    await reply_to(app, said(tenant, "reward hacking", "known"))
    await reply_to(app, said(tenant, "weekly on", "progress"))


async def keys_naming(redis: Redis, tenant: str) -> set[str]:
    return {k async for k in redis.scan_iter(match="*") if f":{tenant}" in k}


async def test_forgetting_a_tenant_deletes_its_material_and_state_and_nothing_else(
        app: Services, redis: Redis, caplog: pytest.LogCaptureFixture) -> None:
    await use(app, GONE)
    await use(app, KEPT)
    gone_keys, kept_keys = await keys_naming(redis, GONE), await keys_naming(redis, KEPT)
    assert any(":notes:" in k for k in gone_keys) and any(":thread:" in k for k in gone_keys)
    kept_answers = {k: v async for k in redis.scan_iter(match="studybot:answer:*") if KEPT in (v := await redis.get(k))}

    with caplog.at_level(logging.INFO, logger="bot.tenants.forget"):
        forgotten = await app.tenants.forget(GONE, "operator")

    assert forgotten.removed["sources"] == 1 and forgotten.removed["passages"] >= 1
    assert forgotten.removed["notes"] >= 1 and forgotten.removed["answers"] == 1
    assert forgotten.removed["digest subscriptions"] == 1
    line = next(r.getMessage() for r in caplog.records if "forgot tenant" in r.getMessage())
    assert line.startswith(f"forgot tenant {GONE} (operator): removed 1 sources, ") and "notes" in line

    assert await keys_naming(redis, GONE) == set()
    for shared in ("studybot:review:learners", "studybot:team:weekly"):
        fields = await redis.hkeys(shared)
        assert not [f for f in fields if f":{GONE}:" in f] and [f for f in fields if f":{KEPT}:" in f]
    assert [s.tenant for s in await app.digest.subscriptions.all()] == [KEPT]
    assert not [k async for k in redis.scan_iter(match="studybot:answer:*") if GONE in (await redis.get(k) or "")]
    assert await app.index.records(GONE) == []
    gone_answer = await reply_to(app, said(GONE, "What vocabulary size does the GPT-4 tokenizer have?", "ask"))
    assert gone_answer.abstained
    assert "no notes" in (await reply_to(app, said(GONE, "list", "note"))).text.lower()

    assert await keys_naming(redis, KEPT) >= kept_keys - {k for k in kept_keys if ":rate:" in k}
    assert kept_answers == {k: v async for k in redis.scan_iter(match="studybot:answer:*")
                            if KEPT in (v := await redis.get(k))}
    assert [r.origin for r in await app.index.records(KEPT)] == [f"{KEPT}-notes"]
    assert "100,277" in (await reply_to(app, said(KEPT, "What vocabulary size does the GPT-4 tokenizer have?",
                                                  "ask"))).text


async def test_a_tenant_named_like_the_start_of_another_keeps_its_state(app: Services, redis: Redis) -> None:
    await reply_to(app, said("T1", "add a note of T1", "note"))
    await reply_to(app, said("T12", "add a note of T12", "note"))
    await app.tenants.forget("T1", "operator")
    assert "a note of T12" in (await reply_to(app, said("T12", "list", "note"))).text
    assert "a note of T1" not in (await reply_to(app, said("T1", "list", "note"))).text


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 5, 9, 12, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


async def test_after_a_grace_period_the_material_goes_unless_the_tenant_came_back(
        settings: Settings, redis: Redis, redis_url: str) -> None:
    clock = Clock()
    app = build(settings.model_copy(update={"uninstall_grace_hours": 48}), redis_url, clock=clock)
    try:
        for tenant in (GONE, KEPT):
            await app.ingestor.ingest_bytes(MATERIAL, "notes.md", tenant, origin=f"{tenant}-notes")
            await reply_to(app, said(tenant, "add a team note", "note"))
            await app.tenants.left(tenant, "app_uninstalled")
        assert await app.tenants.left(GONE, "tokens_revoked") == clock.now + timedelta(hours=48)  # not pushed back

        clock.now += timedelta(hours=47)
        await app.tenants.installed("slack", KEPT, "U9")  # changed their mind in time
        assert await app.tenants.forget_due() == []
        assert len(await app.index.records(GONE)) == 1  # kept during the grace period

        clock.now += timedelta(hours=2)
        [forgotten] = await app.tenants.forget_due()
        assert forgotten.tenant == GONE and await app.index.records(GONE) == []
        assert await keys_naming(redis, GONE) == set()
        assert len(await app.index.records(KEPT)) == 1 and await app.tenants.pending() == {}
        assert "a team note" in (await reply_to(app, said(KEPT, "list", "note"))).text
    finally:
        await app.close()


async def test_the_installer_may_add_material_to_their_own_workspace_only(app: Services) -> None:
    await app.tenants.installed("slack", "TA", "UINSTALLER")
    assert "Attach a file or give an http(s) link" in (await reply_to(app, said("TA", "", "add", user="UINSTALLER"))).text
    for tenant, user in (("TB", "UINSTALLER"), ("TA", "USOMEONE")):
        assert "limited to the people your admins allowed" in (await reply_to(app, said(tenant, "", "add", user=user))).text
    assert not await app.service.may_change_material("discord", "TA", "UINSTALLER")
