"""Each person's reviews: an FSRS schedule per card and person, `review`, `known`, `progress`, the daily
private "your reviews" message and the opt-in weekly team summary. bot/bootstrap.py wires them."""
