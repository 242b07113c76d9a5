"""Files, folders and URLs in; located, embedded, atomically published chunks out.

The work overlaps (ingest/stages.py): while the model embeds one batch, the next files are
read and chunked and the previous batch is written to the index.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.embedding.port import Embedder
from bot.errors import SourceError
from bot.index import ChunkIndex
from bot.language import tr
from bot.models import SourceRecord
from bot.settings import Settings
from bot.text.sparse import BM25Encoder
from ingest.arxiv import arxiv_pdf
from ingest.budget import IngestLimits, SourceBudget, held_chunks
from ingest.chapters import Chapter, as_payload
from ingest.chunking import chunk_document
from ingest.fetch import fetch, is_url
from ingest.loaders import load_bytes
from ingest.prepared import Prepared
from ingest.source_links import checked_link, http_link
from ingest.stages import Stages
from ingest.youtube.links import PlaylistLink, VideoLink, is_youtube_page, youtube_link
from ingest.youtube.source import read_playlist, read_video, transcript_json

PIPELINE_VERSION = "10"  # 2: sentence spans and vectors stored with each chunk; 3: sentence roles, transcripts cleaned; 4: pointers and listed steps; 5: verdicts and steps read as whole words; 6: stumbles ("the the") said once; 7: spoken appositives and glosses, people named, reasons stated outright, a speaker's own "why?" and "how?" answered, sentences begun in lower case; 8: the answer to a speaker's own "who?", steps announced ("here's how it works"), a bare kind defining ("X is objects that…"); 9: "one second" is a quantity, a question the speaker asks answers nothing, "what quality does is…" says how; 10: spoken definitions ("what a fault is, is…", "a tsunami is, basically, a…"), a person credited ("this came from Harry Reid"), "And this…" leans, one of a kind introduced by name ("the other classic one is the hash index"), "So how does X make Y." read as the question it is
BATCH = 64


@dataclass(frozen=True)
class SourceOutcome:
    """What happened to one input: added, updated, unchanged, skipped or failed."""

    target: str
    status: str
    source_id: str | None = None
    title: str | None = None
    chunks: int = 0
    reason: str | None = None
    warnings: tuple[str, ...] = ()  # what was left out of an indexed source, and why

    def as_json(self) -> dict[str, object]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items() if v not in (None, ())}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceOutcome:
        """The inverse of as_json, for outcomes that arrive from a `serve` process."""
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**{**fields, "warnings": tuple(data.get("warnings", ()))})


@dataclass
class Report:
    outcomes: list[SourceOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, *statuses: str) -> int:
        return sum(o.status in statuses for o in self.outcomes)

    @property
    def chunks(self) -> int:
        return sum(o.chunks for o in self.outcomes if o.status in ("added", "updated"))

    @property
    def ok(self) -> bool:
        return self.count("skipped", "failed") == 0

    def as_json(self) -> dict[str, object]:
        return {
            "files": len(self.outcomes), "added": self.count("added"), "updated": self.count("updated"),
            "unchanged": self.count("unchanged"), "skipped": self.count("skipped"), "failed": self.count("failed"),
            "chunks": self.chunks, "seconds": round(self.seconds, 2),
            "outcomes": [o.as_json() for o in self.outcomes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls([SourceOutcome.from_json(o) for o in data.get("outcomes", [])], float(data.get("seconds", 0.0)))


@dataclass(frozen=True)
class Given:
    """What a source brings besides its bytes: a YouTube video's details, an author's chapters."""

    title: str | None = None  # the source's own title (a video's), below a --title
    chapters: tuple[Chapter, ...] = ()  # the author's; they win over any in the document
    about: dict[str, Any] = field(default_factory=dict)  # shown with the source: channel, captions kind
    source_id: str | None = None


@dataclass(frozen=True)
class Options:
    """How to read the targets of one ingest: captions language, chapters, links from chat."""

    language: str | None = None  # captions of YouTube videos (default: the video's own)
    chapters: tuple[Chapter, ...] = ()  # --chapters, for a single target
    public_only: bool = False  # links from chat: public addresses only


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "source"


def title_from_name(name: str) -> str:
    """'how-llms-are-built_lecture.vtt' -> 'How llms are built lecture'."""
    stem = Path(name).stem.replace("_", " ").replace("-", " ").strip()
    return (stem[:1].upper() + stem[1:]) if stem else name


def _hash(origin: str) -> str:
    return hashlib.sha1(origin.encode()).hexdigest()[:6]


def source_id_for(origin: str) -> str:
    """Readable and stable: the file name's slug plus a short hash of where it came from."""
    name = urlsplit(origin).path.rstrip("/").rsplit("/", 1)[-1] if is_url(origin) else Path(origin).name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{_slug(stem or urlsplit(origin).netloc)}-{_hash(origin)}"


def expand(targets: list[str]) -> list[str]:
    """Files as given, folders recursively (hidden entries ignored), URLs untouched."""
    out: list[str] = []
    for target in targets:
        path = Path(target)
        if is_url(target) or not path.is_dir():
            out.append(target)
            continue
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path).parts
            if child.is_file() and not any(p.startswith(".") for p in rel):
                out.append(str(child))
    return out


class Ingestor:
    def __init__(self, index: ChunkIndex, embedder: Embedder, encoder: BM25Encoder, settings: Settings) -> None:
        self.index, self.embedder, self.encoder, self.settings = index, embedder, encoder, settings

    async def ingest(self, targets: list[str], tenant: str, title: str | None = None, url: str | None = None,
                     on_item: Callable[[SourceOutcome], None] | None = None,
                     on_total: Callable[[int], None] | None = None, options: Options = Options()) -> Report:
        """Every target in order; a playlist becomes its videos, each a source, in playlist order."""
        started = time.perf_counter()
        report = Report()

        async def emit(outcome: SourceOutcome) -> None:
            report.outcomes.append(outcome)
            if on_item:
                on_item(outcome)

        await self._index(self._prepared(expand(targets), tenant, title, url, options, on_total), emit, catch=True)
        report.seconds = time.perf_counter() - started
        return report

    async def ingest_link(self, link: str, tenant: str, public_only: bool,
                          on_item: Callable[[SourceOutcome], Awaitable[None]] | None = None) -> list[SourceOutcome]:
        """A link from chat (a page, a paper, a video, a playlist's videos); `on_item` hears each source as it ends."""
        outcomes: list[SourceOutcome] = []

        async def emit(outcome: SourceOutcome) -> None:
            outcomes.append(outcome)
            if on_item:
                await on_item(outcome)

        items = self._prepared([link], tenant, None, None, Options(public_only=public_only), None)
        await self._index(items, emit, catch=True)
        return outcomes

    async def _prepared(self, items: list[str], tenant: str, title: str | None, url: str | None, options: Options,
                        on_total: Callable[[int], None] | None) -> AsyncIterator[Prepared | SourceOutcome]:
        """Each item read and chunked in turn; a playlist stands for its videos, in playlist order."""
        total = len(items)
        if on_total:
            on_total(total)
        for item in items:
            link = youtube_link(item)
            if not isinstance(link, PlaylistLink):
                yield await self._prepare_target(item, tenant, title=title, url=url, options=options)
                continue
            videos = await self._playlist(link, options)
            if isinstance(videos, SourceOutcome):
                yield videos
                continue
            total += len(videos) - 1
            if on_total:
                on_total(total)
            for video in videos:
                yield await self._prepare_target(video, tenant, options=options)

    async def _playlist(self, link: PlaylistLink, options: Options) -> list[str] | SourceOutcome:
        """The playlist's video links in playlist order, or why it could not be listed."""
        try:
            playlist = await read_playlist(link, self.settings, self._budget(link.url), options.public_only)
        except SourceError as e:
            return SourceOutcome(link.url, "skipped", reason=str(e))
        return [VideoLink(v).url for v in playlist.video_ids]

    async def ingest_one(self, target: str, tenant: str, title: str | None = None, url: str | None = None,
                         public_only: bool = False) -> SourceOutcome:
        """Read one file or URL and index it; never raises for a bad source.

        `public_only` (links given in chat) refuses URLs that resolve to private addresses.
        """
        outcomes: list[SourceOutcome] = []

        async def one() -> AsyncIterator[Prepared | SourceOutcome]:
            yield await self._prepare_target(target, tenant, title=title, url=url,
                                             options=Options(public_only=public_only))

        async def keep(outcome: SourceOutcome) -> None:
            outcomes.append(outcome)

        await self._index(one(), keep, catch=True)
        return outcomes[0]

    async def ingest_bytes(self, data: bytes, name: str, tenant: str, *, origin: str, title: str | None = None,
                           url: str | None = None, content_type: str | None = None,
                           fallback_url: bool = False) -> SourceOutcome:
        """Index raw bytes as the source `origin`; SourceError for bad input, old version kept on failure."""
        item = await self._prepare_bytes(data, name, tenant, origin=origin, title=title, url=url,
                                         content_type=content_type, fallback_url=fallback_url,
                                         budget=self._budget(name))
        outcomes: list[SourceOutcome] = []

        async def one() -> AsyncIterator[Prepared | SourceOutcome]:
            yield item

        async def keep(outcome: SourceOutcome) -> None:
            outcomes.append(outcome)

        await self._index(one(), keep, catch=False)
        return outcomes[0]

    async def _index(self, items: AsyncIterator[Prepared | SourceOutcome], emit: Callable[[SourceOutcome], Any],
                     catch: bool) -> None:
        """Embed and write prepared sources; publish each when all its chunks are staged."""
        stages = Stages(self.index, self.embedder, self.encoder, BATCH)

        async def finished(source: Prepared, error: BaseException | None) -> None:
            r = source.record
            if error is None:
                try:
                    source.budget.check_time()
                    await self.index.publish(r)
                except Exception as e:
                    error = e
            if error is not None:
                await asyncio.shield(self.index.discard(r.tenant, r.source_id, r.version))
                if not catch:
                    raise error
                await emit(_failed(source.target, error))
                return
            await emit(SourceOutcome(r.origin, "updated" if source.updated else "added", r.source_id, r.title, r.chunks,
                               warnings=source.warnings))

        async def passthrough(outcome: SourceOutcome) -> None:
            await emit(outcome)

        try:
            await stages.run(items, finished, passthrough)
        finally:
            stages.close()

    async def _prepare_target(self, target: str, tenant: str, title: str | None = None, url: str | None = None,
                              options: Options = Options()) -> Prepared | SourceOutcome:
        """Fetch or read `target` and chunk it; an SourceOutcome instead when there is nothing to embed."""
        budget = self._budget(target)
        given = Given(chapters=options.chapters)
        try:
            link = youtube_link(target)
            if isinstance(link, VideoLink):
                video = await read_video(link, self.settings, budget, options.public_only, options.language)
                given = Given(title=video.title, chapters=options.chapters or tuple(video.chapters),
                              about=video.about(), source_id=f"youtube-{_slug(video.video_id)}-{_hash(link.url)}")
                return await self._prepare_bytes(transcript_json(video), f"{video.video_id}.json", tenant,
                                                 origin=link.url, title=title, url=url or link.url, fallback_url=True,
                                                 budget=budget, given=given)
            if is_youtube_page(target):
                raise SourceError(tr("{target} is a YouTube link to no video or playlist; give a video's or a "
                                     "playlist's link").format(target=target))
            if is_url(target):
                s = self.settings
                paper = arxiv_pdf(target)
                fetched = await fetch(paper or target, s.fetch_timeout, s.max_fetch_bytes, options.public_only, budget)
                return await self._prepare_bytes(fetched.data, fetched.name, tenant, origin=target, title=title,
                                                 url=url or fetched.url, content_type=fetched.content_type,
                                                 fallback_url=True, budget=budget, given=given)
            path = Path(target)
            if not path.exists():
                raise SourceError(tr("{target} does not exist").format(target=target))
            budget.check_bytes(path.stat().st_size)
            data = await asyncio.to_thread(path.read_bytes)
            return await self._prepare_bytes(data, path.name, tenant, origin=str(path.resolve()), title=title, url=url,
                                             budget=budget, given=given)
        except SourceError as e:
            return SourceOutcome(target, "skipped", reason=str(e))
        except OSError as e:
            reason = tr("{target} cannot be read ({error})").format(target=target, error=e.strerror or e)
            return SourceOutcome(target, "skipped", reason=reason)
        except Exception as e:  # the run goes on; the previous version stays searchable
            return _failed(target, e)

    def _budget(self, what: str) -> SourceBudget:
        return SourceBudget(IngestLimits.from_settings(self.settings), what)

    def _version(self, data: bytes, chapters: list[Chapter]) -> str:
        s = self.settings
        embedder = getattr(self.embedder, "identity", self.embedder.name)
        params = f"{PIPELINE_VERSION}|{embedder}|{s.chunk_chars}|{s.chunk_overlap}|{s.transcript_chunk_chars}|{s.transcript_overlap_cues}"
        authored = json.dumps(as_payload(chapters), ensure_ascii=False).encode() if chapters else b""
        return hashlib.sha256(params.encode() + b"\0" + data + authored).hexdigest()[:16]

    async def _prepare_bytes(self, data: bytes, name: str, tenant: str, *, origin: str, title: str | None = None,
                             url: str | None = None, content_type: str | None = None,
                             fallback_url: bool = False, budget: SourceBudget,
                             given: Given = Given()) -> Prepared | SourceOutcome:
        """Load and chunk raw bytes as the source `origin` within its budget; SourceError for bad input."""
        source_id = given.source_id or source_id_for(origin)
        previous = await self.index.record(tenant, source_id)  # also settles which embedder the index uses
        doc = await asyncio.to_thread(load_bytes, data, name, content_type, budget)
        doc.title = given.title or doc.title
        chapters = list(given.chapters or doc.chapters)
        version = self._version(data, chapters)
        warnings = list(doc.warnings)
        url = checked_link(url, "the link", warnings)
        prev_extra = previous.extra if previous else {}
        final_title = title or (previous.title if prev_extra.get("title_given") else None) or doc.title or title_from_name(name)
        given_url = None if fallback_url else url
        final_url = http_link(given_url or (previous.url if prev_extra.get("url_given") else None) or doc.url or url)
        if previous and previous.version == version and (previous.title, previous.url) == (final_title, final_url):
            return SourceOutcome(origin, "unchanged", source_id, final_title, previous.chunks)
        s = self.settings
        chunks = await asyncio.to_thread(
            chunk_document, doc, source_id=source_id, tenant=tenant, title=final_title, url=final_url, version=version,
            chunk_chars=s.transcript_chunk_chars if doc.kind == "transcript" else s.chunk_chars,
            overlap_chars=s.chunk_overlap, overlap_cues=s.transcript_overlap_cues,
        )
        if not chunks:
            raise SourceError(tr("{what} contains no text").format(what=name))
        budget.check_chunks(len(chunks))
        budget.check_tenant(await held_chunks(self.index, tenant, source_id), len(chunks))
        record = SourceRecord(
            source_id=source_id, tenant=tenant, title=final_title, kind=doc.kind, origin=origin, url=final_url,
            version=version, chunks=len(chunks), ingested_at=datetime.now(timezone.utc).isoformat(timespec="microseconds"),
            extra={"title_given": bool(title or prev_extra.get("title_given")),
                   "url_given": bool(given_url or prev_extra.get("url_given")),
                   **({"chapters": as_payload(chapters)} if chapters else {}),
                   **({"about": given.about} if given.about else {})},
        )
        return await asyncio.to_thread(Prepared, origin, record, chunks, previous is not None, budget,
                                       tuple(warnings))


def _failed(target: str, error: BaseException) -> SourceOutcome:
    if isinstance(error, SourceError):  # a budget ran out while indexing: the source is refused, not broken
        return SourceOutcome(target, "skipped", reason=str(error))
    reason = tr("indexing failed ({cause}: {error}); any previous version is still searchable")
    return SourceOutcome(target, "failed", reason=reason.format(cause=type(error).__name__, error=error))
