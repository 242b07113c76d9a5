"""Who a review belongs to: one person in one team on one platform."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    platform: str
    tenant: str
    user: str

    @property
    def key(self) -> str:
        """The Redis key part for this person; the tenant is in it, so teams never share state."""
        return f"{self.platform}:{self.tenant}:{self.user}"

    @classmethod
    def from_key(cls, key: str) -> Person:
        platform, tenant, user = key.split(":", 2)
        return cls(platform, tenant, user)
