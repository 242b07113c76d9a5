"""Do automatic chapter titles name what each chapter teaches? Scored against hand-written gold chapters.

usage: python -m bench.chapters TRANSCRIPT GOLD.jsonl [--data-dir DIR] [--json]
GOLD lines are {"start": "M:SS", "topic": "...", "accept": "regex"}: where a chapter starts, what a
person would title it, and a case-insensitive regular expression that the titles naming its subject
match (bench/chapters_lecture.jsonl is for tests/material/databases-lecture-whisper.vtt).
A gold chapter counts as named when the automatic chapter covering most of it has a matching title.
Prints each gold chapter beside the title it got, and the share named.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
from pathlib import Path

from bot.bootstrap import build_knowledge
from bot.settings import Settings
from bot.study.centrality import Centrality
from bot.study.outline.builder import chunk_vectors
from bot.study.outline.chapters import detect_chapters
from bot.study.source_sentences import source_sentences


def seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def covering(start: float, end: float, spans: list[tuple[float, float]]) -> int:
    """The index of the span that overlaps [start, end) the most."""
    return max(range(len(spans)), key=lambda i: min(end, spans[i][1]) - max(start, spans[i][0]))


async def bench(transcript: Path, gold_path: Path, data_dir: Path) -> dict:
    k = build_knowledge(Settings(data_dir=data_dir))
    try:
        report = await k.ingestor.ingest([str(transcript)], "bench")
        [outcome] = report.outcomes
        record = await k.index.record("bench", outcome.source_id)
        chunks = await k.index.chunks_of("bench", record.source_id)
        sentences = source_sentences(chunks)
        vectors = await chunk_vectors(k.index, k.embedder, chunks)
        chapters = await detect_chapters(record, chunks, sentences, vectors, Centrality(sentences, k.encoder),
                                         k.embedder)
        gold = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
        total = chapters[-1].end or 0.0
        starts = [seconds(g["start"]) for g in gold]
        spans = [(c.start or 0.0, c.end or total) for c in chapters]
        rows, named = [], 0
        for g, a, b in zip(gold, starts, starts[1:] + [total]):
            title = chapters[covering(a, b, spans)].title
            ok = bool(re.search(g["accept"], title, re.I))
            named += ok
            rows.append({"start": g["start"], "topic": g["topic"], "title": title, "named": ok})
        return {"gold_chapters": len(gold), "chapters": len(chapters), "named": named,
                "named_share": round(named / len(gold), 3), "rows": rows,
                "titles": [c.title for c in chapters]}
    finally:
        await k.index.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("transcript", type=Path)
    p.add_argument("gold", type=Path)
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = asyncio.run(bench(args.transcript, args.gold, args.data_dir or Path(tmp)))
    if args.json:
        print(json.dumps(out))
        return
    for r in out["rows"]:
        print(f"{'✓' if r['named'] else '✗'} {r['start']:>6}  {r['topic']:<40} {r['title']}")
    print(f"named {out['named']}/{out['gold_chapters']} ({out['named_share']}); "
          f"{out['chapters']} automatic chapters: {' | '.join(out['titles'])}")


if __name__ == "__main__":
    main()
