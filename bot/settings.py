"""Settings from the environment and `.env`, validated once at start-up."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "studybot"


def env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Every knob of studybot; secrets are SecretStr so they never print."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default_factory=_default_data_dir, validation_alias=env("STUDYBOT_DATA_DIR", "data_dir"))
    default_tenant: str = Field("default", validation_alias=env("STUDYBOT_TENANT", "default_tenant"))

    # Qdrant: embedded under data_dir unless a server URL is given.
    qdrant_url: str | None = Field(None, validation_alias=env("QDRANT_URL", "qdrant_url"))
    qdrant_api_key: SecretStr | None = Field(None, validation_alias=env("QDRANT_API_KEY", "qdrant_api_key"))
    collection: str = Field("studybot_chunks", validation_alias=env("STUDYBOT_COLLECTION", "collection"))
    qdrant_shards: int = Field(1, validation_alias=env("QDRANT_SHARD_NUMBER", "qdrant_shards"))
    qdrant_replication: int = Field(1, validation_alias=env("QDRANT_REPLICATION_FACTOR", "qdrant_replication"))
    qdrant_write_consistency: int = Field(
        1, validation_alias=env("QDRANT_WRITE_CONSISTENCY_FACTOR", "qdrant_write_consistency")
    )

    # Embeddings: the bundled MiniLM weights, loaded offline.
    embedding_model: str | None = Field(None, validation_alias=env("STUDYBOT_EMBEDDING_MODEL", "embedding_model"))
    embedding_batch: int = Field(64, validation_alias=env("STUDYBOT_EMBEDDING_BATCH", "embedding_batch"))
    # auto: the fastest runtime here, or whichever one made the vectors of an existing index.
    embedding_backend: str = Field("auto", validation_alias=env("STUDYBOT_EMBEDDING_BACKEND", "embedding_backend"))
    # Where the ONNX export of the bundled weights is kept (made once, on first use).
    model_cache: Path | None = Field(None,
                              validation_alias=env("STUDYBOT_MODEL_CACHE", "model_cache"))

    # Chunking (characters). Tuned on the Debian FAQ dev set, see bench/README.md.
    chunk_chars: int = Field(900, validation_alias=env("STUDYBOT_CHUNK_CHARS", "chunk_chars"))
    chunk_overlap: int = Field(150, validation_alias=env("STUDYBOT_CHUNK_OVERLAP", "chunk_overlap"))
    transcript_chunk_chars: int = Field(
        900, validation_alias=env("STUDYBOT_TRANSCRIPT_CHUNK_CHARS", "transcript_chunk_chars")
    )
    transcript_overlap_cues: int = Field(
        2, validation_alias=env("STUDYBOT_TRANSCRIPT_OVERLAP_CUES", "transcript_overlap_cues")
    )

    # Retrieval.
    candidates: int = Field(40, validation_alias=env("STUDYBOT_CANDIDATES", "candidates"))
    abstain_below: float = Field(0.30, validation_alias=env("STUDYBOT_ABSTAIN_BELOW", "abstain_below"))

    # Conversations and shared state in Redis.
    redis_url: str | None = Field(None, validation_alias=env("REDIS_URL", "redis_url"))
    thread_ttl_days: float = Field(14, validation_alias=env("STUDYBOT_THREAD_TTL_DAYS", "thread_ttl_days"))
    thread_max_turns: int = Field(20, validation_alias=env("STUDYBOT_THREAD_MAX_TURNS", "thread_max_turns"))
    history_turns: int = Field(4, validation_alias=env("STUDYBOT_HISTORY_TURNS", "history_turns"))
    redis_timeout: float = Field(2.0, validation_alias=env("STUDYBOT_REDIS_TIMEOUT", "redis_timeout"))
    # How long a command waits for one of the pool's connections before the store counts as unavailable.
    redis_pool_wait: float = Field(10.0, validation_alias=env("STUDYBOT_REDIS_POOL_WAIT", "redis_pool_wait"))
    # Answers one replica works on at once; past it a question waits its turn up to busy_wait_seconds
    # (at most 8 x the bound wait), then people are told to try again in a minute.
    max_answers_in_flight: int = Field(
        32, ge=1, validation_alias=env("STUDYBOT_MAX_ANSWERS_IN_FLIGHT", "max_answers_in_flight")
    )
    busy_wait_seconds: float = Field(20.0, ge=0, validation_alias=env("STUDYBOT_BUSY_WAIT_SECONDS",
                                                                      "busy_wait_seconds"))

    rate_user_per_minute: int = Field(10, validation_alias=env("STUDYBOT_RATE_USER_PER_MINUTE", "rate_user_per_minute"))
    rate_tenant_per_minute: int = Field(
        60, validation_alias=env("STUDYBOT_RATE_TENANT_PER_MINUTE", "rate_tenant_per_minute")
    )

    max_question_chars: int = Field(
        2000, validation_alias=env("STUDYBOT_MAX_QUESTION_CHARS", "max_question_chars")
    )  # longer messages get a kind refusal, never reach the model

    admins: str = Field("", validation_alias=env("STUDYBOT_ADMINS", "admins"))  # "slack:U123,discord:42" or "*"

    # Language model (any OpenAI-compatible server). Unset key and base URL: extractive answers.
    openai_api_key: SecretStr | None = Field(None, validation_alias=env("OPENAI_API_KEY", "openai_api_key"))
    openai_base_url: str | None = Field(None, validation_alias=env("OPENAI_BASE_URL", "openai_base_url"))
    llm_model: str = Field("gpt-4o-mini", validation_alias=env("STUDYBOT_LLM_MODEL", "llm_model"))
    llm_timeout: float = Field(30.0, validation_alias=env("STUDYBOT_LLM_TIMEOUT", "llm_timeout"))
    llm_retries: int = Field(2, validation_alias=env("STUDYBOT_LLM_RETRIES", "llm_retries"))
    llm_temperature: float = Field(0.2, validation_alias=env("STUDYBOT_LLM_TEMPERATURE", "llm_temperature"))

    # Platforms.
    slack_bot_token: SecretStr | None = Field(None, validation_alias=env("SLACK_BOT_TOKEN", "slack_bot_token"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=env("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    slack_app_token: SecretStr | None = Field(None, validation_alias=env("SLACK_APP_TOKEN", "slack_app_token"))
    slack_api_url: str | None = Field(None, validation_alias=env("SLACK_API_URL", "slack_api_url"))
    # OAuth (many workspaces): with a client id and secret, each workspace installs the app at /slack/install.
    slack_client_id: str | None = Field(None, validation_alias=env("SLACK_CLIENT_ID", "slack_client_id"))
    slack_client_secret: SecretStr | None = Field(
        None, validation_alias=env("SLACK_CLIENT_SECRET", "slack_client_secret")
    )
    slack_redirect_uri: str | None = Field(None, validation_alias=env("SLACK_REDIRECT_URI", "slack_redirect_uri"))
    # Fernet keys (comma-separated, the first encrypts) for the workspaces' tokens at rest.
    encryption_key: SecretStr | None = Field(
        None, validation_alias=env("STUDYBOT_ENCRYPTION_KEY", "encryption_key")
    )
    # A tenant that uninstalls keeps its material this long (0: deleted at once); installing again keeps it.
    uninstall_grace_hours: float = Field(
        0.0, validation_alias=env("STUDYBOT_UNINSTALL_GRACE_HOURS", "uninstall_grace_hours")
    )
    installer_is_admin: bool = Field(True, validation_alias=env("STUDYBOT_INSTALLER_IS_ADMIN", "installer_is_admin"))
    discord_token: SecretStr | None = Field(None, validation_alias=env("DISCORD_TOKEN", "discord_token"))
    # Read every message (privileged Message Content intent); off, or refused by Discord: mentions, slash
    # commands and the context menu still work, follow-ups in threads then need a mention.
    discord_message_content: bool = Field(
        True, validation_alias=env("DISCORD_MESSAGE_CONTENT", "discord_message_content")
    )
    discord_shard_count: int | None = Field(None, validation_alias=env("DISCORD_SHARD_COUNT", "discord_shard_count"))
    pod_name: str | None = Field(None, validation_alias=env("POD_NAME", "pod_name"))
    port: int = Field(3000, validation_alias=env("PORT", "port"))
    # Listen addresses: loopback unless a container opens them (the Dockerfile and deploy/ set 0.0.0.0).
    host: str = Field("127.0.0.1", validation_alias=env("STUDYBOT_HOST", "host"))  # Slack's HTTP endpoint
    ops_port: int = Field(9100, validation_alias=env("STUDYBOT_OPS_PORT", "ops_port"))  # /healthz /readyz /metrics
    ops_host: str = Field("127.0.0.1", validation_alias=env("STUDYBOT_OPS_HOST", "ops_host"))
    log_level: str = Field("INFO", validation_alias=env("STUDYBOT_LOG_LEVEL", "log_level"))

    # Study tools and the daily digest.
    digest_timezone: str = Field("UTC", validation_alias=env("STUDYBOT_DIGEST_TIMEZONE", "digest_timezone"))
    digest_grace_hours: float = Field(6.0, validation_alias=env("STUDYBOT_DIGEST_GRACE_HOURS", "digest_grace_hours"))
    digest_tick_seconds: float = Field(30.0, validation_alias=env("STUDYBOT_DIGEST_TICK_SECONDS", "digest_tick_seconds"))
    digest_lock_seconds: float = Field(300.0, validation_alias=env("STUDYBOT_DIGEST_LOCK_SECONDS", "digest_lock_seconds"))
    notes_per_channel: int = Field(2000, validation_alias=env("STUDYBOT_NOTES_PER_CHANNEL", "notes_per_channel"))
    # Each person's reviews (spaced repetition).
    review_cards_per_day: int = Field(10, validation_alias=env("STUDYBOT_REVIEW_CARDS_PER_DAY", "review_cards_per_day"))
    review_new_per_day: int = Field(5, validation_alias=env("STUDYBOT_REVIEW_NEW_PER_DAY", "review_new_per_day"))
    review_time: str = Field("09:00", validation_alias=env("STUDYBOT_REVIEW_TIME", "review_time"))

    # Fetching URLs.
    fetch_timeout: float = Field(20.0, validation_alias=env("STUDYBOT_FETCH_TIMEOUT", "fetch_timeout"))
    max_fetch_bytes: int = Field(50_000_000, validation_alias=env("STUDYBOT_MAX_FETCH_BYTES", "max_fetch_bytes"))
    # Links added from chat may reach private addresses only when this is set (e.g. an intranet wiki).
    fetch_private: bool = Field(False, validation_alias=env("STUDYBOT_FETCH_PRIVATE", "fetch_private"))
    # YouTube through a proxy (many cloud addresses are refused by YouTube); it may hold credentials.
    youtube_proxy: SecretStr | None = Field(None, validation_alias=env("STUDYBOT_YOUTUBE_PROXY", "youtube_proxy"))
    # A CA bundle to trust for YouTube's certificates, for a proxy that inspects TLS.
    youtube_ca_bundle: str | None = Field(None, validation_alias=env("STUDYBOT_YOUTUBE_CA_BUNDLE",
                                                                     "youtube_ca_bundle"))

    # Ingest budgets: a source over any of them is refused with the reason and nothing is indexed.
    max_source_pages: int = Field(2000, validation_alias=env("STUDYBOT_MAX_SOURCE_PAGES", "max_source_pages"))
    max_source_cues: int = Field(100_000, validation_alias=env("STUDYBOT_MAX_SOURCE_CUES", "max_source_cues"))
    max_source_chunks: int = Field(5000, validation_alias=env("STUDYBOT_MAX_SOURCE_CHUNKS", "max_source_chunks"))
    max_source_seconds: float = Field(
        600.0, validation_alias=env("STUDYBOT_MAX_SOURCE_SECONDS", "max_source_seconds")
    )
    max_tenant_chunks: int = Field(200_000, validation_alias=env("STUDYBOT_MAX_TENANT_CHUNKS", "max_tenant_chunks"))

    # Logs hold ids and kinds; third-party client libraries' text (which can quote messages) only when set.
    log_message_text: bool = Field(False, validation_alias=env("STUDYBOT_LOG_MESSAGE_TEXT", "log_message_text"))

    @property
    def admin_set(self) -> frozenset[str]:
        """Who may add material from chat: "platform:user" entries, or "*" for everyone."""
        return frozenset(a.strip() for a in self.admins.split(",") if a.strip())

    @property
    def discord_shard_id(self) -> int | None:
        """In a StatefulSet, pod "studybot-discord-3" runs shard 3."""
        if self.discord_shard_count and self.pod_name and self.pod_name.rsplit("-", 1)[-1].isdigit():
            return int(self.pod_name.rsplit("-", 1)[-1])
        return None

    def secret_values(self) -> list[str]:
        """Every configured secret, for logs to redact wherever it shows up."""
        secrets = (self.qdrant_api_key, self.openai_api_key, self.slack_bot_token, self.slack_signing_secret,
                   self.slack_app_token, self.slack_client_secret, self.encryption_key, self.discord_token)
        values = [s.get_secret_value() for s in secrets if s and s.get_secret_value()]
        for url in (self.openai_base_url, self.redis_url, self.qdrant_url):
            password = urlsplit(url).password if url else None
            if password:
                values.append(password)
        return values

    @property
    def redis_connections(self) -> int:
        """The pool's size: a connection for every answer in flight, and room for the checks that admit
        events, the schedulers and the ops endpoints; past it commands wait for a free one."""
        return self.max_answers_in_flight + 64

    @property
    def slack_oauth(self) -> bool:
        """Many workspaces, each installing the app (else one workspace, SLACK_BOT_TOKEN's)."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def embedded_index(self) -> bool:
        """Qdrant Edge under the data dir (one process at a time), not a Qdrant server."""
        return not self.qdrant_url

    @property
    def serve_socket(self) -> Path:
        """Where `serve` takes jobs from the CLI while it owns the embedded index; its folder is 0700."""
        return self.data_dir / "run" / "studybot.sock"

    @property
    def index_path(self) -> Path:
        """The embedded index (Qdrant Edge shards)."""
        return self.data_dir / "index"

    @property
    def qdrant_path(self) -> Path:
        """Where earlier versions kept qdrant-client's local-mode index; migrated on first use."""
        return self.data_dir / "qdrant"
