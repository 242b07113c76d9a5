"""Prometheus metrics for one process, in a registry of its own (nothing registers at import)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

STAGE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.questions = Counter("studybot_questions", "Messages handled", ["platform", "command"], registry=r)
        self.answers = Counter("studybot_answers", "Answers given", ["mode"], registry=r)
        self.abstentions = Counter("studybot_abstentions", "Questions the material did not cover", registry=r)
        self.feedback = Counter("studybot_feedback", "Feedback clicks", ["vote"], registry=r)
        self.digest_posts = Counter("studybot_digest_posts", "Digests posted", ["platform"], registry=r)
        self.errors = Counter("studybot_errors", "Failures by kind", ["kind"], registry=r)
        self.latency = Histogram("studybot_stage_seconds", "Time spent per stage", ["stage"],
                                 buckets=STAGE_BUCKETS, registry=r)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.latency.labels(stage).observe(time.perf_counter() - started)

    def render(self) -> bytes:
        return generate_latest(self.registry)
