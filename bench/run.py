"""Retrieval benchmark: ingest a benchmark folder into a fresh data dir and score it.

usage: python -m bench.run BENCH_DIR [--offtopic FILE] [--unanswerable FILE] [--unanswerable-phrases FILE]
       [--data-dir DIR] [--zh FILE] [--unanswerable-zh FILE]
BENCH_DIR holds corpus/ and questions.jsonl ({"id", "question", "gold"}), the layout
of the public dev sets (shared/bench/build_debian_faq.py, bench/build_perlfaq.py).
Prints hit@1, hit@5, MRR@10, declines (as the core decides them: bot/search/answerability.py)
on off-topic, on-topic and (with --unanswerable) near-topic questions the corpus does not
answer, where a near-topic answer that names the missing part also counts, the share of
on-topic questions answered "partly", ingest chunks/s, the
raw embedding throughput on the same chunks, and query latency p50/p95. With --zh (the same
questions asked in Chinese, same ids) it also prints Chinese hit@1/hit@5/MRR@10 beside English on
those ids, their ratio, and Chinese answerable questions declined; --unanswerable-zh the near-topic
questions in Chinese.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench.scoring import score
from bot.bootstrap import Knowledge, build_knowledge
from bot.search.answerability import NOT_COVERED, PARTIAL
from bot.search.retriever import Retrieval
from bot.settings import Settings

HERE = Path(__file__).parent


DECLINED = "declined"


def verdict(found: Retrieval) -> str:
    """What the person would get, as the core decides it: declined, partly covered, or answered."""
    if not found.relevant or found.coverage.verdict == NOT_COVERED:
        return DECLINED
    return found.coverage.verdict


def share(verdicts: list[str], counted: str | tuple[str, ...]) -> float:
    return round(sum(v in (counted if isinstance(counted, tuple) else (counted,)) for v in verdicts)
                 / max(len(verdicts), 1), 3)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


async def bench(args: argparse.Namespace, data_dir: Path) -> dict:
    overrides = {k: v for k, v in vars(args).items() if k in Settings.model_fields and k != "data_dir" and v is not None}
    settings = Settings(data_dir=data_dir, **overrides)
    s = build_knowledge(settings)
    try:
        report = await s.ingestor.ingest([str(args.bench / "corpus")], "bench")
        chunks = [c for r in await s.index.records("bench") for c in await s.index.chunks_of("bench", r.source_id)]
        texts = [c.embedding_text() for c in chunks]
        t0 = time.perf_counter()
        await asyncio.to_thread(s.embedder.embed, texts)  # the model alone on the same chunks: the ceiling
        embed_rate = len(texts) / (time.perf_counter() - t0)

        questions = _jsonl(args.bench / "questions.jsonl")
        results, latencies, verdicts = {}, [], []
        for q in questions:
            t0 = time.perf_counter()
            found = await s.retriever.search("bench", q["question"], 10)
            latencies.append(time.perf_counter() - t0)
            results[q["id"]] = [h.chunk.text for h in found.hits]
            verdicts.append(verdict(found))

        async def verdicts_of(path: Path) -> list[str]:
            return [verdict(await s.retriever.search("bench", q["question"], 5)) for q in _jsonl(path)]

        abstention = {"abstain_offtopic": share(await verdicts_of(args.offtopic), DECLINED)}
        for name, path in (("unanswerable", args.unanswerable), ("unanswerable_phrases", args.unanswerable_phrases),
                           ("unanswerable_zh", args.unanswerable_zh)):
            if path:  # near-topic: "I don't know", or an answer that names the part the material lacks
                abstention[f"abstain_{name}"] = share(await verdicts_of(path), (DECLINED, PARTIAL))
        if args.zh:
            abstention.update(await in_chinese(s, args.zh, questions, results))
        if args.results:
            with open(args.results, "w") as fh:
                for qid, ps in results.items():
                    fh.write(json.dumps({"id": qid, "passages": ps}) + "\n")
        quality = score({q["id"]: q["gold"] for q in questions}, results)
        latencies.sort()
        return {
            "embedder": s.embedder.identity,
            **quality,
            **abstention,
            "abstain_ontopic": share(verdicts, DECLINED),
            "partial_ontopic": share(verdicts, PARTIAL),
            "files": len(report.outcomes),
            "chunks": report.chunks,
            "ingest_chunks_per_s": round(report.chunks / report.seconds, 1),
            "embed_chunks_per_s": round(embed_rate, 1),
            "query_p50_ms": round(statistics.median(latencies) * 1000, 1),
            "query_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        }
    finally:
        await s.close()


async def in_chinese(s: Knowledge, path: Path, questions: list[dict], english: dict[str, list[str]]) -> dict:
    """The same questions asked in Chinese (same ids): scored side by side with English on those ids."""
    twins = _jsonl(path)
    gold = {q["id"]: q["gold"] for q in questions}
    results: dict[str, list[str]] = {}
    verdicts: list[str] = []
    for q in twins:
        found = await s.retriever.search("bench", q["question"], 10)
        results[q["id"]] = [h.chunk.text for h in found.hits]
        verdicts.append(verdict(found))
    zh = score({i: gold[i] for i in results}, results)
    en = score({i: gold[i] for i in results}, {i: english[i] for i in results})
    return {"zh_questions": len(twins), **{f"zh_{k}": v for k, v in zh.items()},
            **{f"en_same_ids_{k}": v for k, v in en.items()},
            "zh_over_en_hit@5": round(zh["hit@5"] / max(en["hit@5"], 1e-9), 3),
            "abstain_ontopic_zh": share(verdicts, DECLINED)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bench", type=Path)
    p.add_argument("--offtopic", type=Path, default=HERE / "offtopic.jsonl")
    p.add_argument("--unanswerable", type=Path, help="near-topic questions the corpus does not answer")
    p.add_argument("--unanswerable-phrases", dest="unanswerable_phrases", type=Path,
                   help="near-topic questions whose subject is a phrase of everyday words the corpus never writes")
    p.add_argument("--unanswerable-zh", dest="unanswerable_zh", type=Path, help="the same, asked in Chinese")
    p.add_argument("--zh", type=Path, help="questions.jsonl's questions asked in Chinese (same ids)")
    p.add_argument("--data-dir", type=Path, help="keep the index here (default: a temporary folder)")
    p.add_argument("--results", type=Path, help="also write score.py-style results here")
    for name in ("chunk_chars", "chunk_overlap", "candidates"):
        p.add_argument("--" + name.replace("_", "-"), dest=name, type=int)
    p.add_argument("--abstain-below", dest="abstain_below", type=float)
    p.add_argument("--embedding-backend", dest="embedding_backend", choices=("auto", "onnx-int8", "onnx", "torch"))
    args = p.parse_args()
    if args.data_dir:
        out = asyncio.run(bench(args, args.data_dir))
    else:
        with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
            out = asyncio.run(bench(args, Path(tmp)))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
