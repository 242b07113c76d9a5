"""`outline SOURCE`: a source's chapters with start times or pages, a gist each and deep links.

builder.Outliner finds the chapters once per source version (chapters.py, from spoken transitions
and topic shifts: boundaries.py, transitions.py, topic_shifts.py) and caches them; summary and the
daily digest read sources through it too.
"""
