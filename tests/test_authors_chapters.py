"""The author's chapters win: Markdown front matter `chapters:` names the sections the outline shows."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from tests.conftest import reply_to

NOTES = """---
title: Training Notes
chapters:
  - Pretraining
  - Alignment
---
# Training Notes

## Pretraining

Pretraining predicts the next token over a large crawl of web text.

### Data

The crawl is filtered for quality and duplicates are removed.

## Fine-tuning

Supervised fine-tuning imitates labelled conversations written by people.

## Alignment

Reinforcement learning from human feedback optimises against a reward model.
"""


async def test_front_matter_chapters_are_the_outline(app: Services, tmp_path: Path) -> None:
    notes = tmp_path / "training-notes.md"
    notes.write_text(NOTES)
    report = await app.ingestor.ingest([str(notes)], "default")
    assert report.count("added") == 1
    outline = await reply_to(app, IncomingMessage("slack", "default", "C1", None, "u1", "training notes", "outline"))
    assert "(article, 2 sections)" in outline.text, outline.text
    assert "1. **Pretraining**" in outline.text and "2. **Alignment**" in outline.text  # Fine-tuning is inside chapter 1
