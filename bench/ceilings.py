"""Raw embedding throughput of each MiniLM runtime on the same chunks, measured in alternating rounds.

usage: python -m bench.ceilings CORPUS_DIR [--chunks N] [--rounds R] [--backends torch onnx onnx-int8]

Alternating rounds keep the comparison fair on a machine shared with other work: each
round embeds the same chunks once with every runtime. Prints per-runtime median chunks/s
and the mean cosine of each runtime's vectors to PyTorch's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from bot.embedding.minilm import BACKENDS, MiniLMEmbedder
from ingest.chunking import chunk_document
from ingest.loaders import load_bytes
from ingest.pipeline import expand, title_from_name


def chunk_texts(corpus: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for f in expand([str(corpus)]):
        path = Path(f)
        try:
            doc = load_bytes(path.read_bytes(), path.name)
        except Exception:
            continue
        chunks = chunk_document(doc, source_id="s", tenant="t", title=doc.title or title_from_name(path.name), url=None,
                                version="v", chunk_chars=900, overlap_chars=150, overlap_cues=2)
        texts += [c.embedding_text() for c in chunks]
        if len(texts) >= limit:
            break
    return texts[:limit]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", type=Path)
    p.add_argument("--chunks", type=int, default=300)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--backends", nargs="*", default=list(BACKENDS))
    args = p.parse_args()
    texts = chunk_texts(args.corpus, args.chunks)
    embedders = {b: MiniLMEmbedder(backend=b) for b in args.backends}
    for e in embedders.values():
        e.embed(texts[:8])  # load and warm up
    rates: dict[str, list[float]] = {b: [] for b in embedders}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(args.rounds):
        for b, e in embedders.items():
            t0 = time.perf_counter()
            vectors[b] = np.asarray(e.embed(texts))
            rates[b].append(len(texts) / (time.perf_counter() - t0))
    out: dict[str, object] = {"chunks": len(texts), "rounds": args.rounds}
    for b in embedders:
        out[b] = {"chunks_per_s": round(statistics.median(rates[b]), 1), "rounds": [round(r, 1) for r in rates[b]]}
        if "torch" in vectors and b != "torch":
            out[b]["cosine_to_torch"] = round(float((vectors[b] * vectors["torch"]).sum(axis=1).mean()), 4)  # type: ignore[index]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
