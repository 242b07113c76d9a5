"""One flashcard: a question, its answer and where the material says it (a citation with a deep link)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from bot.models import Citation
from bot.text.links import link


def card_id(source_id: str, sentence_key: str) -> str:
    """Stable across re-ingest and shared by the quiz and the cards: one card per key sentence of a source."""
    return hashlib.sha1(f"{source_id}:{sentence_key}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Card:
    id: str
    tenant: str
    question: str
    answer: str
    kind: str  # "cloze" (checked by the code) or "open" (written by a model; people rate themselves)
    context: str  # "How LLMs Are Built, Chapter 3: Tokenization (4:53–7:28)"
    citation: Citation
    unit_id: str = ""  # the course unit it comes from, when it does (`digest known` skips it)
    topics: tuple[str, ...] = ()  # the unit's title and key terms (`known TOPIC` skips it)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "tenant": self.tenant, "question": self.question, "answer": self.answer,
                "kind": self.kind, "context": self.context, "citation": self.citation.as_json(),
                "unit_id": self.unit_id, "topics": list(self.topics)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Card:
        return cls(str(d["id"]), str(d["tenant"]), str(d["question"]), str(d["answer"]), str(d["kind"]),
                   str(d["context"]), Citation(**d["citation"]), str(d.get("unit_id") or ""),
                   tuple(d.get("topics") or ()))

    @property
    def where(self) -> str:
        """The cited place as a markdown link when the source has one."""
        c = self.citation
        return link(c.url, c.locator) if c.url else c.locator
