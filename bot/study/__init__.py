"""NotebookLM-style study tools, one package per tool: outline, summary, terms (explain), compare,
notes and quiz. Shared by them: find_source (which source a person means), source_sentences (a
source read as cited sentences), centrality (which sentences matter most), replies (numbered
citations and the model's text with checked citations) and prompts.

Each tool is a handler for one entry of the command table (bot/commands.py); bot/bootstrap.py
builds them. Nothing here connects at import.
"""
