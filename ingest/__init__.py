"""Turning files and URLs into located chunks, and indexing them."""
