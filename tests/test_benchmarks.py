"""The benchmarks the README quotes still run and report what they promise (their numbers are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_scale_benchmark_grows_the_index_and_reports_its_curve_point(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bench.scale", "--chunks", "150", "--corpus", "--json",
                           "--data-dir", str(tmp_path / "data")], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["chunks"] >= 150
    assert {"search_p50_ms", "search_p95_ms", "ask_p50_ms", "ask_p95_ms", "rss_mb"} <= report.keys()
    assert all(report[k] > 0 for k in ("search_p50_ms", "ask_p50_ms", "rss_mb"))


def test_retrieval_benchmark_scores_a_folder_and_counts_declines(tmp_path: Path) -> None:
    bench = tmp_path / "bench"
    (bench / "corpus").mkdir(parents=True)
    (bench / "corpus" / "penguins.md").write_text(
        "# Penguins\n\nEmperor penguins huddle together to survive the Antarctic winter, taking turns at the edge.\n")
    (bench / "corpus" / "kangaroos.md").write_text(
        "# Kangaroos\n\nKangaroos hop on strong hind legs and carry their young in a pouch for months.\n")
    (bench / "questions.jsonl").write_text(json.dumps(
        {"id": "q1", "question": "How do emperor penguins survive the winter?",
         "gold": "Emperor penguins huddle together to survive the Antarctic winter"}) + "\n")
    near = tmp_path / "near.jsonl"
    near.write_text(json.dumps({"id": "u1", "question": "How do Adelie penguins build nests?"}) + "\n")
    done = subprocess.run([sys.executable, "-m", "bench.run", str(bench), "--unanswerable", str(near)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["hit@1"], report["n"], report["files"]) == (1.0, 1, 2)
    assert report["abstain_ontopic"] == 0.0 and report["abstain_unanswerable"] == 1.0
    assert {"abstain_offtopic", "partial_ontopic", "ingest_chunks_per_s", "embed_chunks_per_s"} <= report.keys()


def test_answer_benchmark_scores_the_first_bullet_and_counts_near_topic_declines(tmp_path: Path) -> None:
    material = tmp_path / "penguins.md"
    material.write_text("# Penguins\n\nEmperor penguins huddle together to survive the Antarctic winter. "
                        "A huddle can hold about five thousand birds, each taking turns at the cold edge.\n")
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text(json.dumps({"id": "p1", "question": "How many birds can a huddle hold?",
                                    "pattern": "five thousand"}) + "\n")
    near = tmp_path / "near.jsonl"
    near.write_text(json.dumps({"id": "u1", "question": "How do Adelie penguins build nests?"}) + "\n")
    done = subprocess.run([sys.executable, "-m", "bench.answers", str(material), str(patterns), "--unanswerable",
                           str(near)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["questions"], report["first_bullet_holds_answer"], report["declined"]) == (1, 1.0, 0)
    assert (report["near_topic"], report["near_topic_declined_or_partly"]) == (1, 1)
