"""Daily learning digests: subscriptions per channel, course progress, and the scheduler that posts them.

bot/bootstrap.py wires them; `studybot serve` runs the scheduler. Nothing here connects at import.
"""
