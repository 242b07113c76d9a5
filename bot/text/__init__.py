"""Words and sentences: sentence splitting, BM25 sparse vectors, stop words, word frequencies,
deep links and times, citation markers, and defusing crowd mentions. No state, no I/O."""
