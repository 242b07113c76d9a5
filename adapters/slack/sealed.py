"""Workspace tokens at rest: sealed with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`).

STUDYBOT_ENCRYPTION_KEY holds one key, or several separated by commas: the first seals, all of them
open, so keys can be rotated by putting a new one first and dropping the old one once every record
was written again (every token rotation and reinstall rewrites its record).
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.errors import UserError
from bot.settings import Settings

NEW_KEY_HINT = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


class SealError(UserError):
    """A stored record that none of the configured keys opens."""


class Sealer:
    def __init__(self, keys: str) -> None:
        try:
            self._fernet = MultiFernet([Fernet(k.strip().encode()) for k in keys.split(",") if k.strip()])
        except ValueError:
            raise UserError("STUDYBOT_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated; "
                            f"make one with: {NEW_KEY_HINT}") from None

    @classmethod
    def from_settings(cls, settings: Settings) -> Sealer:
        key = settings.encryption_key.get_secret_value() if settings.encryption_key else ""
        if not key.strip():
            raise UserError("Set STUDYBOT_ENCRYPTION_KEY: the workspaces' Slack tokens are stored encrypted with it. "
                            f"Make one with: {NEW_KEY_HINT}")
        return cls(key)

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise SealError("A stored Slack installation cannot be decrypted with STUDYBOT_ENCRYPTION_KEY "
                            "(was the key changed without keeping the old one after it?).") from None
