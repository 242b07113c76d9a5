"""The layout a newcomer reads the architecture from: a small core, capabilities in packages, no
imports upward between the study tools, no platform code in the core."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
# Lowest first: a study part may import only parts of a lower layer (or its own).
STUDY_LAYERS = [
    {"centrality", "find_source", "prompts", "replies", "source_sentences", "transitions"},
    {"terms"}, {"outline"}, {"course"},
    {"quiz", "notes", "summary", "compare"},
    {"review"}, {"cards"}, {"digest"},
]
# Shared packages that the use cases build on; they never import a use case.
FOUNDATIONS = {"text", "embedding", "index", "search", "llm", "runtime"}
USE_CASES = {"ask", "study", "chat", "library", "tenants"}
PLATFORMS = ("slack_sdk", "slack_bolt", "discord", "adapters")


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_bot_has_a_small_core_of_top_level_modules() -> None:
    modules = sorted(p.stem for p in BOT.glob("*.py") if p.stem != "__init__")
    assert len(modules) <= 12, modules
    for package in ("ask", "study", "embedding", "index", "search"):
        assert (BOT / package / "__init__.py").read_text().strip(), f"bot/{package} says what it offers"


def test_the_study_tools_live_in_one_package_and_never_import_upward() -> None:
    layer_of = {name: i for i, names in enumerate(STUDY_LAYERS) for name in names}
    study = BOT / "study"
    assert {p.stem if p.is_file() else p.name for p in study.iterdir()
            if p.name != "__init__.py" and not p.name.startswith("__")} == set(layer_of)
    for path in study.rglob("*.py"):
        part = path.relative_to(study).parts[0].removesuffix(".py")
        for name in imports(path):
            if name.startswith("bot.study."):
                other = name.split(".")[2]
                assert layer_of[other] <= layer_of[part] or other == part, f"{path.relative_to(ROOT)} imports {name}"


def test_foundations_never_import_use_cases_and_the_core_knows_no_platform() -> None:
    for path in BOT.rglob("*.py"):
        top = path.relative_to(BOT).parts[0]
        for name in imports(path):
            assert not name.startswith(PLATFORMS), f"{path.relative_to(ROOT)} imports {name}"
            if top in FOUNDATIONS and name.startswith("bot."):
                assert name.split(".")[1] not in USE_CASES, f"{path.relative_to(ROOT)} imports {name}"


def test_no_module_is_over_400_lines() -> None:
    for folder in ("bot", "adapters", "ingest"):
        for path in (ROOT / folder).rglob("*.py"):
            assert len(path.read_text().splitlines()) <= 400, path.relative_to(ROOT)
