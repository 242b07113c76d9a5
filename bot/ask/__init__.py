"""The ask use case: a question in, a cited answer out (use_case.py), and what only it uses:
follow-up rewriting, thread memory, grounding checks, extractive answers and the recent-answers store
that buttons and notes refer to."""
