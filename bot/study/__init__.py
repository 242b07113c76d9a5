"""Every study and learning tool, one package each, and what they share.

Layers, lowest first; a part imports only from layers below it (tests/test_layout.py checks):
- shared modules here: find_source (which source a person means), source_sentences (a source read
  as cited sentences), centrality (which sentences matter most), transitions (how a speaker moves on),
  replies (numbered citations, a model's text with checked citations) and prompts;
- terms (explain, key terms), then outline (chapters), then course (each channel's units, schedule,
  subscription and progress);
- quiz, notes, summary, compare;
- review (each person's cards and FSRS schedule, known topics, progress), then cards (flashcards),
  then digest (the daily post, which draws on all of them).

Each tool is a handler for one entry of the command table (bot/commands.py); bot/bootstrap.py
builds them. Nothing here connects at import.
"""
