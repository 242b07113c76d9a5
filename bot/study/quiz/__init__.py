"""`quiz [TOPIC]`, `quiz answer GUESS`, `quiz reveal`: one open question per channel.

questions.py writes questions (with a model, or a fill-in-the-blank from cloze.py); the daily
digest asks its questions through it as well.
"""
