"""Flashcards: a few cited cards for every unit of the course (fill-in-the-blank from definitions and key
sentences without a model, written questions with one), kept per team in Redis; `flashcards SOURCE|TOPIC`."""
