"""Does an extractive answer say the answer first? Scored with hand-written gold answer patterns.

usage: python -m bench.answers BENCH_DIR|MATERIAL PATTERNS.jsonl [--data-dir DIR] [--questions FILE]
       [--unanswerable FILE]
PATTERNS lines are {"id", "pattern"} (questions from BENCH_DIR/questions.jsonl) or {"id", "question",
"pattern"} (on MATERIAL, a file or folder: bench/answer_patterns_talk.jsonl is for
tests/material/rag-in-production-talk.vtt); a pattern is a case-insensitive regular expression that the
fact answering the question matches (a number, a name, a defining clause), written from the gold
answer alone. --questions asks the same ids in other words, e.g. in Chinese
(../shared/bench/debian_faq_zh.jsonl): only the ids it holds are scored.
Prints, over those questions: the share whose first bullet holds the answer, whose any bullet does,
the same share for the sentences merely closest to the question (the answer before answers came
first: the three closest, in reading order), and how many were declined; with --unanswerable, how many
near-topic questions were declined or answered "partly" (naming what the material lacks).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
from pathlib import Path

from bench.run import DECLINED, verdict
from bot.ask.extractive import extractive_answer
from bot.bootstrap import build_knowledge
from bot.search.answerability import PARTIAL
from bot.search.passages import scored_sentences, sentence_candidates
from bot.settings import Settings


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def holds(pattern: str, text: str) -> bool:
    return bool(re.search(pattern, " ".join(text.split()), re.I))


async def bench(bench_dir: Path, patterns: Path, data_dir: Path, asked: Path | None = None,
                unanswerable: Path | None = None) -> dict:
    s = build_knowledge(Settings(data_dir=data_dir))
    try:
        corpus = bench_dir / "corpus"
        await s.ingestor.ingest([str(corpus if corpus.is_dir() else bench_dir)], "bench")
        gold = _jsonl(patterns)
        questions = {q["id"]: q["question"] for q in gold if "question" in q}
        if not questions:
            questions = {q["id"]: q["question"] for q in _jsonl(bench_dir / "questions.jsonl")}
        if asked is not None:
            questions = {q["id"]: q["question"] for q in _jsonl(asked)}
            gold = [g for g in gold if g["id"] in questions]
        first = anywhere = closest = declined = 0
        misses: list[str] = []
        for g in gold:
            found = await s.retriever.search("bench", questions[g["id"]], 5)
            if verdict(found) == DECLINED:
                declined += 1
                misses.append(f"{g['id']} (declined)")
                continue
            answer = await extractive_answer(found, s.embedder)
            bullets = [line[2:] for line in answer.text.splitlines() if line.startswith("• ")]
            scored = await scored_sentences(sentence_candidates(found.hits[:4]), found.query_vector, s.embedder)
            old = sorted((c for c, _ in scored[:3]), key=lambda c: (c.rank, c.offset))
            first += bool(bullets) and holds(g["pattern"], bullets[0])
            anywhere += any(holds(g["pattern"], b) for b in bullets)
            closest += bool(old) and holds(g["pattern"], old[0].text)
            if not (bullets and holds(g["pattern"], bullets[0])):
                misses.append(g["id"])
        n = len(gold)
        out = {"questions": n, "first_bullet_holds_answer": round(first / n, 3),
               "any_bullet_holds_answer": round(anywhere / n, 3),
               "closest_first_holds_answer": round(closest / n, 3), "declined": declined, "misses": misses}
        if unanswerable is not None:  # near-topic: "I don't know", or an answer that names the missing part
            near = [verdict(await s.retriever.search("bench", q["question"], 5)) for q in _jsonl(unanswerable)]
            out["near_topic"] = len(near)
            out["near_topic_declined_or_partly"] = sum(v in (DECLINED, PARTIAL) for v in near)
        return out
    finally:
        await s.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bench", type=Path)
    p.add_argument("patterns", type=Path)
    p.add_argument("--data-dir", type=Path, help="keep the index here (default: a temporary folder)")
    p.add_argument("--questions", type=Path, help="the same ids asked in other words (another language)")
    p.add_argument("--unanswerable", type=Path, help="near-topic questions the material does not answer")
    args = p.parse_args()
    if args.data_dir:
        print(json.dumps(asyncio.run(bench(args.bench, args.patterns, args.data_dir, args.questions, args.unanswerable))))
    else:
        with tempfile.TemporaryDirectory(prefix="studybot-answers-") as tmp:
            print(json.dumps(asyncio.run(bench(args.bench, args.patterns, Path(tmp), args.questions, args.unanswerable))))


if __name__ == "__main__":
    main()
