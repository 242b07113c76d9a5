"""`note ...`: the channel's notes, kept in Redis and searched by meaning (store.py); `ask` cites
matching notes beside the material (in_answers.py)."""
