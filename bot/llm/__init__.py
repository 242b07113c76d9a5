"""The chat model port and its OpenAI-compatible client (client), and how we prompt it (prompting)."""
