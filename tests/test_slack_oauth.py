"""Many workspaces through Slack's OAuth v2 install flow, driven end to end: a browser opens
/slack/install, a person approves the app on (a local stand-in of) slack.com, Slack's redirect brings
the code back, the real slack-bolt exchanges it with oauth.v2.access and stores the installation in
Redis. Then each workspace's mentions are answered with that workspace's own token, its material stays
its own, an uninstall forgets it, a restart keeps the others, and forged or replayed states are refused.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import aiohttp
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from redis.asyncio import Redis

from adapters.in_flight import InFlight
from adapters.slack.app import build_app
from adapters.slack.http_mode import web_app
from adapters.slack.run import workspace_clients
from bot.bootstrap import Services, build
from bot.settings import Settings
from tests.local_http import serve_app
from tests.slack_harness import slack, texts  # noqa: F401
from tests.slack_requests import SlackSender, mention
from tests.slack_stub import CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET, SlackStub
from tests.test_log_redaction import json_logs  # noqa: F401

KEY = Fernet.generate_key().decode()
TOKENIZER = b"""# Tokenizers

The GPT-4 tokenizer has a vocabulary of 100,277 tokens. Byte pair encoding merges the most frequent pairs.
"""
GARDENING = b"""# Tomatoes

Tomato seedlings need sixteen hours of light a day and a soil temperature above eighteen degrees.
"""
QUESTION = "What vocabulary size does the GPT-4 tokenizer have?"


@dataclass
class Deployment:
    """One studybot process serving Slack over HTTP with OAuth, and a browser to install it with."""

    services: Services
    slack: SlackStub
    base: str
    send: SlackSender
    work: InFlight

    async def settle(self) -> None:
        assert await self.work.settle(timeout=120), "Slack work did not finish"

    async def get(self, path: str, cookie: str | None = None) -> tuple[int, str, str | None]:
        """A browser's GET: status, page, and the install cookie the page sets (if any)."""
        headers = {"Cookie": cookie} if cookie else {}
        async with aiohttp.ClientSession() as http:
            async with http.get(self.base + path, headers=headers, allow_redirects=False) as response:
                morsel = response.cookies.get("slack-app-oauth-state")
                return response.status, await response.text(), (f"{morsel.key}={morsel.value}" if morsel else None)

    async def open_install_page(self) -> tuple[str, str]:
        """The "Add to Slack" page: the state in its link to slack.com, and the cookie it set."""
        status, page, cookie = await self.get("/slack/install")
        assert status == 200 and "Add to Slack" in page and cookie
        link = unescape(re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page).group(1))
        query = parse_qs(urlsplit(link).query)
        assert query["client_id"] == [CLIENT_ID] and "chat:write" in query["scope"][0].split(",")
        return query["state"][0], cookie

    async def install(self, team: str, user: str, name: str, **consent: object) -> str:
        """Someone installs the app in `team`: install page, approval on Slack, redirect back."""
        state, cookie = await self.open_install_page()
        code = self.slack.consent(team, user, name, **consent)  # type: ignore[arg-type]
        status, page, _ = await self.get("/slack/oauth_redirect?" + urlencode({"code": code, "state": state}),
                                         cookie)
        assert status == 200, page
        return page


@asynccontextmanager
async def deployed(settings: Settings, redis_url: str, slack: SlackStub, **update: object) -> AsyncIterator[Deployment]:
    services = build(settings.model_copy(update={
        "slack_client_id": CLIENT_ID, "slack_client_secret": SecretStr(CLIENT_SECRET),
        "slack_signing_secret": SecretStr(SIGNING_SECRET), "slack_api_url": slack.api_url,
        "encryption_key": SecretStr(KEY), "fetch_private": True, **update}), redis_url)
    work = InFlight()
    runner, port = await serve_app(web_app(build_app(services.chat, work), SIGNING_SECRET))
    base = f"http://127.0.0.1:{port}"
    try:
        yield Deployment(services, slack, base, SlackSender(base + "/slack/events", slack), work)
    finally:
        await work.settle(timeout=30)
        await runner.cleanup()
        await services.close()


async def ask(d: Deployment, team: str, channel: str, ts: str, text: str = QUESTION) -> None:
    await d.send.event(mention(text, ts, channel=channel, user=f"U{team}", team=team, bot=f"UBOT{team}"),
                       team=team)
    await d.settle()


def answer_in(d: Deployment, channel: str, ts: str) -> str:
    return "\n".join(texts(m) for m in d.slack.visible(channel, thread_ts=ts))


async def keys_of(redis: Redis, tenant: str) -> set[str]:
    return {k async for k in redis.scan_iter(match="*") if f":{tenant}" in k}


async def test_two_workspaces_install_each_answered_with_its_own_token_and_an_uninstall_forgets_one(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub, caplog: pytest.LogCaptureFixture) -> None:
    slack.files["tokenizers.md"] = (TOKENIZER, "text/markdown")
    slack.files["tomatoes.md"] = (GARDENING, "text/markdown")
    async with deployed(settings, redis_url, slack) as d:
        page = await d.install("TA", "UALICE", "Acme")
        assert "studybot is installed" in page and "Acme" in page and "<code>TA</code>" in page
        assert "studybot is installed" in await d.install("TB", "UBOB", "Beta")
        [token_a], [token_b] = slack.tokens_of("TA"), slack.tokens_of("TB")
        raw = " ".join([str(await redis.get(k)) async for k in redis.scan_iter(match="studybot:slack:*")])
        assert "xoxb-" not in raw and "xoxe-" not in raw  # tokens are encrypted at rest

        # each installer may add material to their own workspace, and only there
        await d.send.command(f"add {slack.base}/pages/tokenizers.md", user="UALICE", team="TA", channel="CA")
        await d.send.command(f"add {slack.base}/pages/tomatoes.md", user="UBOB", team="TB", channel="CB")
        await d.send.command(f"add {slack.base}/pages/tomatoes.md", user="UBOB", team="TA", channel="CA")
        await d.settle()
        assert [r.title for r in await d.services.index.records("TA")] == ["Tokenizers"]
        assert [r.title for r in await d.services.index.records("TB")] == ["Tomatoes"]
        refusals = [p for p in d.slack.private_to("UBOB") if "limited to the people your admins allowed" in p.text]
        assert [p.channel for p in refusals] == ["CA"]

        await ask(d, "TA", "CA", "1700000001.000100")
        await ask(d, "TB", "CB", "1700000002.000100")
        assert "100,277" in answer_in(d, "CA", "1700000001.000100")
        assert "100,277" not in answer_in(d, "CB", "1700000002.000100")  # TA's material is not TB's
        in_a = slack.token_used("chat.postMessage", lambda a: a["channel"] == "CA")
        in_b = slack.token_used("chat.postMessage", lambda a: a["channel"] == "CB")
        assert in_a and set(in_a) == {token_a} and in_b and set(in_b) == {token_b}
        assert set(slack.token_used("reactions.add", lambda a: a["channel"] == "CB")) == {token_b}

        with caplog.at_level(logging.INFO, logger="bot.tenants.forget"):
            await d.send.event({"type": "app_uninstalled"}, team="TA")
            await d.send.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOTTA"]}}, team="TA")
            await d.settle()
        slack.revoke("TA")
        line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("forgot tenant TA"))
        assert "1 Slack installation" in line and "1 sources" in line
        assert await d.services.index.records("TA") == [] and await keys_of(redis, "TA") == set()
        assert [r.title for r in await d.services.index.records("TB")] == ["Tomatoes"]

        posts = len(slack.of("chat.postMessage"))
        await ask(d, "TA", "CA", "1700000003.000100")
        assert len(slack.of("chat.postMessage")) == posts  # nobody answers in a workspace that left

    async with deployed(settings, redis_url, slack) as restarted:  # a new process on the same Redis
        await ask(restarted, "TB", "CB", "1700000004.000100", "How long do tomato seedlings need light?")
        assert "sixteen hours" in answer_in(restarted, "CB", "1700000004.000100")
        assert set(slack.token_used("chat.postMessage", lambda a: a["channel"] == "CB")) == {token_b}


async def test_a_restart_keeps_every_installation(settings: Settings, redis: Redis, redis_url: str,
                                                  slack: SlackStub) -> None:
    async with deployed(settings, redis_url, slack) as d:
        await d.install("TA", "UALICE", "Acme")
        await d.install("TB", "UBOB", "Beta")
        for tenant in ("TA", "TB"):
            await d.services.ingestor.ingest_bytes(TOKENIZER, "tokenizers.md", tenant, origin="tokenizers")
    async with deployed(settings, redis_url, slack) as again:
        await ask(again, "TA", "CA", "1700000001.000100")
        await ask(again, "TB", "CB", "1700000002.000100")
        for team, channel, ts in (("TA", "CA", "1700000001.000100"), ("TB", "CB", "1700000002.000100")):
            assert "100,277" in answer_in(again, channel, ts)
            assert set(slack.token_used("chat.postMessage", lambda a: a["channel"] == channel)) == set(
                slack.tokens_of(team))
        # the daily digest, posted outside any request, speaks for the channel's workspace too
        clients = workspace_clients(build_app(again.services.chat), again.services.chat)
        await (await clients.client_for("TB")).chat_postMessage(channel="CB", text="digest")
        assert slack.token_used("chat.postMessage", lambda a: a.get("text") == "digest") == slack.tokens_of("TB")


async def test_forged_replayed_and_foreign_states_are_refused_with_a_page_that_says_why(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub) -> None:
    async with deployed(settings, redis_url, slack) as d:
        code = slack.consent("TX", "UMALLORY", "Target")
        status, page, _ = await d.get("/slack/oauth_redirect?" + urlencode({"code": code, "state": "forged"}),
                                      "slack-app-oauth-state=forged")
        assert status == 401 and "expired or was already used" in page and 'href="/slack/install"' in page
        assert slack.of("oauth.v2.access") == []  # the code was never even exchanged

        state, cookie = await d.open_install_page()
        code = slack.consent("TA", "UALICE", "Acme")
        redirect = "/slack/oauth_redirect?" + urlencode({"code": code, "state": state})
        status, page, _ = await d.get(redirect)  # another browser: no install cookie
        assert status == 400 and "not started in this browser" in page
        assert (await d.get(redirect, cookie))[0] == 200
        status, page, _ = await d.get(redirect, cookie)  # the same link again
        assert status == 401 and "expired or was already used" in page
        assert len(slack.of("oauth.v2.access")) == 1

        state, cookie = await d.open_install_page()
        status, page, _ = await d.get("/slack/oauth_redirect?" + urlencode({"error": "access_denied",
                                                                            "state": state}), cookie)
        assert "cancelled" in page and "was not installed" in page
        assert {k async for k in redis.scan_iter(match="studybot:slack:*:TX")} == set()


async def test_rotating_tokens_are_renewed_before_they_expire_and_kept_across_restarts(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub) -> None:
    async with deployed(settings, redis_url, slack) as d:
        await d.install("TA", "UALICE", "Acme", expires_in=60)  # expires well within bolt's renewal margin
        await d.services.ingestor.ingest_bytes(TOKENIZER, "tokenizers.md", "TA", origin="tokenizers")
        [first] = slack.tokens_of("TA")
        await ask(d, "TA", "CA", "1700000001.000100")
        renewals = [a for a in slack.of("oauth.v2.access") if a.get("grant_type") == "refresh_token"]
        [first, renewed] = slack.tokens_of("TA")
        assert len(renewals) == 1 and "100,277" in answer_in(d, "CA", "1700000001.000100")
        assert set(slack.token_used("chat.postMessage", lambda a: a["channel"] == "CA")) == {renewed}
    async with deployed(settings, redis_url, slack) as again:
        await ask(again, "TA", "CA", "1700000002.000100")
        assert len([a for a in slack.of("oauth.v2.access") if a.get("grant_type") == "refresh_token"]) == 1
        assert slack.token_used("chat.postMessage", lambda a: a["channel"] == "CA")[-1] == renewed


async def test_an_org_wide_install_serves_the_enterprise_as_one_tenant(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub) -> None:
    async with deployed(settings, redis_url, slack) as d:
        page = await d.install("T7", "UADMIN", "Grid Org", enterprise="E1", org_wide=True)
        assert "<code>E1</code>" in page
        await d.services.ingestor.ingest_bytes(TOKENIZER, "tokenizers.md", "E1", origin="tokenizers")
        await d.send.event(mention(QUESTION, "1700000001.000100", channel="CG", user="U7", team="T7",
                                   bot="UBOTE1"), team="T7", enterprise="E1")
        await d.settle()
        assert "100,277" in answer_in(d, "CG", "1700000001.000100")
        assert set(slack.token_used("chat.postMessage", lambda a: a["channel"] == "CG")) == set(slack.tokens_of("E1"))


async def test_without_client_id_one_workspace_is_served_with_slack_bot_token(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub) -> None:
    from tests.slack_harness import running
    from tests.slack_stub import BOT_TOKEN

    async with running(settings, redis_url, slack) as h:
        await h.services.ingestor.ingest_bytes(TOKENIZER, "tokenizers.md", "T1", origin="tokenizers")
        await h.send.event(mention(QUESTION, "1700000001.000100"))
        await h.settle()
        assert "100,277" in "\n".join(texts(m) for m in slack.visible("C1", thread_ts="1700000001.000100"))
        assert set(slack.token_used("chat.postMessage")) == {BOT_TOKEN}
        async with aiohttp.ClientSession() as http:
            async with http.get(h.send.url.replace("/slack/events", "/slack/install")) as response:
                assert response.status in (404, 405)  # nothing to install: the operator's token serves


async def test_installs_and_renewals_leave_no_token_or_key_in_the_logs(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub, json_logs: Callable[..., io.StringIO]) -> None:
    async with deployed(settings, redis_url, slack) as d:
        logs = json_logs(secrets=d.services.settings.secret_values())
        await d.install("TA", "UALICE", "Acme", expires_in=60)
        await d.services.ingestor.ingest_bytes(TOKENIZER, "tokenizers.md", "TA", origin="tokenizers")
        await ask(d, "TA", "CA", "1700000001.000100")
        await d.get("/slack/oauth_redirect?" + urlencode({"code": "code-guessed", "state": "forged"}),
                    "slack-app-oauth-state=forged")
    written = logs.getvalue()
    assert "installed in Slack workspace Acme (tenant TA) by UALICE" in written
    assert len(slack.tokens_of("TA")) == 2 and slack.refresh_tokens
    for secret in [*slack.tokens_of("TA"), *slack.refresh_tokens, CLIENT_SECRET, KEY]:
        assert secret not in written, secret
