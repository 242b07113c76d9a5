"""Shared fixtures: real embedded Qdrant in a temp folder, the real MiniLM model."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.bootstrap import Services, build
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "llm-course"
sys.path.insert(0, str(ROOT / "samples"))


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from make_pdf import build_pdf

    return build_pdf(tmp_path_factory.mktemp("pdf") / "reinforcement-learning-notes.pdf")


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture()
async def services(settings: Settings) -> AsyncIterator[Services]:
    s = build(settings)
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture()
def corpus(tmp_path: Path, sample_pdf: Path) -> Path:
    """A copy of the sample course (lecture, article, generated PDF) in a temp folder."""
    folder = tmp_path / "course"
    folder.mkdir()
    for f in SAMPLES.iterdir():
        if f.suffix in (".vtt", ".md"):
            (folder / f.name).write_bytes(f.read_bytes())
    (folder / sample_pdf.name).write_bytes(sample_pdf.read_bytes())
    return folder
