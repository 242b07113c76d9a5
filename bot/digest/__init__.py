"""Daily learning digests: subscriptions per channel, course progress, and the scheduler that posts them.

`bot.digest.engine.build_digest` wires them; `bot.digest.scheduler.run_scheduler` runs them
inside `studybot serve`. Nothing here connects at import.
"""
