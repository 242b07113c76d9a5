"""Container and cluster files: they parse, and they wire the image, ports and settings right."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def setting_names() -> set[str]:
    names: set[str] = set()
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        names.update(a for a in getattr(alias, "choices", []) if isinstance(a, str) and a.isupper())
    return names


def k8s_docs() -> list[dict[str, Any]]:
    docs = []
    for f in sorted((DEPLOY / "k8s").glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(f.read_text()) if d]
    return docs


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in k8s_docs() if d["kind"] == kind}


def test_compose_wires_the_bot_to_redis_and_qdrant() -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"redis", "qdrant", "bot"}
    assert "--appendonly" in services["redis"]["command"] and "yes" in services["redis"]["command"]
    bot = services["bot"]
    assert bot["image"].endswith("studybot:latest}") and bot["build"]["dockerfile"] == "Dockerfile"
    assert bot["command"] == ["serve", "--slack", "--discord"]
    assert {"3000:3000", "9100:9100"} <= set(bot["ports"])
    env = bot["environment"]
    assert env["REDIS_URL"] == "redis://redis:6379/0" and env["QDRANT_URL"] == "http://qdrant:6333"
    assert set(env) <= setting_names(), set(env) - setting_names()
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"


def compose_cli() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


@pytest.mark.skipif(compose_cli() is None, reason="neither `docker compose` nor `docker-compose` is installed")
def test_compose_config_validates_without_an_engine() -> None:
    cli = compose_cli()
    assert cli
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DISCORD_TOKEN": "d"}
    done = subprocess.run([*cli, "-f", str(DEPLOY / "docker-compose.yml"), "config"], capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "QDRANT_URL: http://qdrant:6333" in done.stdout
    missing = {k: v for k, v in env.items() if k != "DISCORD_TOKEN"}
    refused = subprocess.run([*cli, "-f", str(DEPLOY / "docker-compose.yml"), "config"], capture_output=True,
                             text=True, env=missing)
    assert refused.returncode != 0 and "set DISCORD_TOKEN in .env" in refused.stderr


def test_k8s_manifests_reference_image_ports_and_settings() -> None:
    config = by_kind("ConfigMap")["studybot"]["data"]
    secret = by_kind("Secret")["studybot"]["stringData"]
    assert (set(config) | set(secret)) <= setting_names(), (set(config) | set(secret)) - setting_names()
    assert config["QDRANT_REPLICATION_FACTOR"] == "2" and int(config["QDRANT_SHARD_NUMBER"]) >= 3

    slack = by_kind("Deployment")["studybot-slack"]
    assert slack["spec"]["replicas"] >= 2
    container = slack["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "studybot" and container["args"] == ["serve", "--slack"]
    assert {p["containerPort"] for p in container["ports"]} == {int(config["PORT"]), int(config["STUDYBOT_OPS_PORT"])}
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert by_kind("Service")["studybot-slack"]["spec"]["ports"][0]["targetPort"] == 3000
    assert container["resources"]["requests"]["memory"] and container["resources"]["limits"]["memory"]

    sets = by_kind("StatefulSet")
    discord = sets["studybot-discord"]
    dc = discord["spec"]["template"]["spec"]["containers"][0]
    shards = {e["name"]: e.get("value") for e in dc["env"]}
    assert dc["args"] == ["serve", "--discord"] and int(shards["DISCORD_SHARD_COUNT"]) == discord["spec"]["replicas"]
    assert set(shards) <= setting_names()
    assert sets["qdrant"]["spec"]["replicas"] == 3
    qenv = {e["name"]: e.get("value") for e in sets["qdrant"]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert qenv["QDRANT__CLUSTER__ENABLED"] == "true"
    for d in k8s_docs():
        for c in d.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
            for source in c.get("envFrom", []):
                ref = source.get("configMapRef") or source.get("secretRef")
                assert ref["name"] == "studybot"
    resources = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())["resources"]
    assert all((DEPLOY / "k8s" / r).exists() for r in resources)


def test_slack_manifest_asks_for_the_scopes_an_install_asks_for_and_hears_uninstalls() -> None:
    from adapters.slack.scopes import BOT_SCOPES

    manifest = yaml.safe_load((DEPLOY / "slack-manifest.yml").read_text())
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    assert {"app_uninstalled", "tokens_revoked"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])


def test_k8s_secret_carries_the_many_workspace_secrets() -> None:
    secret = by_kind("Secret")["studybot"]["stringData"]
    assert {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET", "STUDYBOT_ENCRYPTION_KEY"} <= set(secret)
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]["bot"]["environment"]
    assert {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "STUDYBOT_ENCRYPTION_KEY"} <= set(compose)


def test_pod_ordinal_picks_the_discord_shard() -> None:
    s = Settings(_env_file=None, DISCORD_SHARD_COUNT=2, POD_NAME="studybot-discord-1")  # type: ignore[call-arg]
    assert s.discord_shard_id == 1
    assert Settings(_env_file=None).discord_shard_id is None  # type: ignore[call-arg]


def test_dockerfile_runs_as_non_root_with_cpu_torch_and_a_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in text
    assert "USER studybot" in text and "HEALTHCHECK" in text and "9100/healthz" in text
    assert 'ENTRYPOINT ["studybot"]' in text and "EXPOSE 3000 9100" in text
    assert "HF_HUB_OFFLINE=1" in text


def test_discord_client_takes_the_shard_of_its_pod(settings: Settings) -> None:
    from types import SimpleNamespace

    from adapters.discord.client import StudyClient

    sharded = settings.model_copy(update={"discord_shard_count": 3, "pod_name": "studybot-discord-2"})
    client = StudyClient(SimpleNamespace(settings=sharded))  # type: ignore[arg-type]
    assert (client.shard_id, client.shard_count) == (2, 3)
    assert StudyClient(SimpleNamespace(settings=settings)).shard_id is None  # type: ignore[arg-type]
