"""Scale benchmark: a real ingested corpus grown to N chunks, then search and ask latency and RSS.

usage: python -m bench.scale --chunks N [--json] [--corpus DIR ...] [--data-dir DIR]

A kept --data-dir grows further on the next run (1k, then 20k, then 100k in one folder).

The base corpus (the sample course, plus build/devset/corpus when it exists) is ingested
once into tenant "base"; its embedded points are then cloned into further tenants (no
re-embedding) until the index holds N chunks. Questions go to one clone in the middle:
search = question embedding + hybrid retrieval; ask = a whole extractive answer through
the service (memory, retrieval, answer, notes). Prints
{"chunks", "search_p50_ms", "search_p95_ms", "ask_p50_ms", "ask_p95_ms", "rss_mb"}, plus
the index's own share of a search (index_p50_ms, index_p95_ms) and the embedder used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bot.bootstrap import Services, build
from bot.events import Event
from bot.index import EdgeIndex, point_id
from bot.models import SourceRecord
from bot.runtime.local_redis import private_redis
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COURSE_QUESTIONS = [
    "What vocabulary size does the GPT-4 tokenizer have?",
    "How did Llama 3 learn to say I don't know?",
    "What is RLHF?",
    "Why can RLHF not run forever?",
    "What are special tokens in the chat template?",
    "What is FineWeb?",
    "How is a base model different from an assistant?",
    "What is supervised fine-tuning?",
    "GPT-4 的分词器词表有多大？",  # asked in Chinese: searched through its words' English senses
    "幻觉问题是如何产生的？有哪些缓解方法？",
    "什么是监督微调？",
]
BASE = "base"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ms(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))] * 1000, 1)


def _corpus(extra: list[Path], scratch: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "samples"))
    from make_pdf import build_pdf

    course = scratch / "course"
    course.mkdir()
    for f in (ROOT / "samples" / "llm-course").iterdir():
        if f.suffix in (".vtt", ".md"):
            (course / f.name).write_bytes(f.read_bytes())
    build_pdf(course / "reinforcement-learning-notes.pdf")
    return [str(course), *(str(p) for p in extra if p.exists())]


def _questions(extra: list[Path]) -> list[str]:
    out = list(COURSE_QUESTIONS)
    for folder in extra:
        qs = folder.parent / "questions.jsonl"
        if qs.exists():
            out += [json.loads(line)["question"] for line in qs.read_text().splitlines() if line.strip()]
    return out


def _clone(index: EdgeIndex, tenant: str, points: list[Any], records: list[SourceRecord]) -> None:
    batch = []
    for _, dense, sparse, payload in points:
        p = {**payload, "tenant": tenant}
        batch.append((point_id(tenant, p["source_id"], p["version"], p["position"]), dense, sparse, p))
        if len(batch) == 512:
            index.import_points(batch)
            batch = []
    if batch:
        index.import_points(batch)
    index.import_records([SourceRecord(**{**r.__dict__, "tenant": tenant}) for r in records])


async def grow(s: Services, target: int) -> tuple[int, str]:
    """Clone the base tenant until the index holds `target` chunks; returns (chunks, tenant to ask)."""
    index = s.index
    if not isinstance(index, EdgeIndex):
        raise SystemExit("bench.scale measures the embedded index; unset QDRANT_URL")
    await index.ensure()
    points = list(index.export_points(BASE))
    records = index.export_records(BASE)
    total = await index.count()
    n = total // len(points) - 1  # clones already there (a kept --data-dir grows further)
    while total < target:
        n += 1
        await asyncio.to_thread(_clone, index, f"clone{n:04d}", points, records)
        total += len(points)
    tenants = [BASE, *(f"clone{i:04d}" for i in range(1, n + 1))]
    return await index.count(), tenants[len(tenants) // 2]


async def measure(s: Services, tenant: str, questions: list[str]) -> dict[str, float]:
    for q in questions[:3]:  # warm up: model, caches, page cache
        await s.retriever.search(tenant, q + " warm-up", 5)
    questions = (questions * (1 + 40 // len(questions)))[:max(40, len(questions))]
    search: list[float] = []
    for q in questions:
        s.embedder.forget_questions()  # every question is embedded, as if new
        t0 = time.perf_counter()
        await s.retriever.search(tenant, q, 5)
        search.append(time.perf_counter() - t0)
    index: list[float] = []  # the index's share of a search: hybrid + best-dense, question already embedded
    for q in questions:
        [vector] = s.embedder.embed([q])
        sparse = s.encoder.query(q)
        t0 = time.perf_counter()
        await s.index.hybrid(tenant, vector, sparse, limit=5, candidates=s.retriever.candidates)
        await s.index.dense(tenant, vector, limit=1)
        index.append(time.perf_counter() - t0)
    ask: list[float] = []
    run = uuid.uuid4().hex  # each question a new event in a new thread, whatever earlier runs left in Redis
    for i, q in enumerate(questions):
        s.embedder.forget_questions()
        event = Event("bench", tenant, "c", "u", q, event_id=f"{run}-{i}", thread=f"{run}-{i}", command="ask")
        t0 = time.perf_counter()
        outcome = await s.service.receive(event)
        ask.append(time.perf_counter() - t0)
        assert outcome.reply is not None and outcome.reply.mode == "extractive"
    return {"search_p50_ms": _ms(search, 0.5), "search_p95_ms": _ms(search, 0.95),
            "ask_p50_ms": _ms(ask, 0.5), "ask_p95_ms": _ms(ask, 0.95),
            "index_p50_ms": _ms(index, 0.5), "index_p95_ms": _ms(index, 0.95)}


async def run(args: argparse.Namespace, data_dir: Path, redis_url: str) -> dict[str, Any]:
    settings = Settings(data_dir=data_dir, _env_file=None, openai_api_key=None, openai_base_url=None,  # type: ignore[call-arg]
                        rate_user_per_minute=100_000, rate_tenant_per_minute=100_000)  # the bench asks fast
    s = build(settings, redis_url)
    try:
        if not await s.index.records(BASE):
            with tempfile.TemporaryDirectory() as scratch:
                report = await s.ingestor.ingest(_corpus(args.corpus, Path(scratch)), BASE)
            if not args.json:
                print(f"base corpus: {report.chunks} chunks in {report.seconds:.0f}s", file=sys.stderr)
        t0 = time.perf_counter()
        chunks, tenant = await grow(s, args.chunks)
        if not args.json:
            print(f"grown to {chunks} chunks in {time.perf_counter() - t0:.0f}s; asking tenant {tenant}", file=sys.stderr)
        latency = await measure(s, tenant, _questions(args.corpus))
        return {"chunks": chunks, **latency, "rss_mb": round(_rss_mb()), "embedder": s.embedder.identity}
    finally:
        await s.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--chunks", type=int, required=True, help="grow the index to this many chunks")
    p.add_argument("--corpus", type=Path, nargs="*", default=[ROOT / "build" / "devset" / "corpus"],
                   help="folders ingested with the sample course (default: build/devset/corpus if present)")
    p.add_argument("--data-dir", type=Path, help="keep the index here (default: a temporary folder)")
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="studybot-scale-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        settings = Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]
        if settings.redis_url:
            out = asyncio.run(run(args, data_dir, settings.redis_url))
        else:
            with private_redis(data_dir) as url:
                out = asyncio.run(run(args, data_dir, url))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
