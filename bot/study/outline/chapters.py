"""A source's chapters: where each starts, what it is called, its gist and key terms.

Transcripts: spoken transitions, then topic shifts between consecutive chunks (their
stored embeddings) for long stretches with none. Markdown and HTML: top-level
sections. PDFs: pages that open with a numbered heading (or every page of a short
PDF). Plain text: topic shifts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from typing import Any

from bot.embedding.port import Embedder
from bot.language import tr
from bot.models import Chunk, SourceRecord
from bot.search.passages import Candidate
from bot.study.centrality import Centrality, mean_vector
from bot.study.outline.author_chapters import author_boundaries
from bot.study.outline.boundaries import Boundary, Pacing, detect_boundaries
from bot.study.outline.titles import chapter_title
from bot.study.outline.topic_shifts import topic_shift_scores
from bot.study.source_sentences import page_heading, sentence_time
from bot.study.terms.key_terms import key_terms
from bot.study.transitions import (
    INTRO_TITLE,
    QUESTIONS_TITLE,
    WRAP_UP_TITLE,
    opens_questions,
    sounds_like_intro,
)
from bot.text.links import format_time, time_range, timestamp_link

SHORT_PDF_PAGES = 12
TITLE_CANDIDATES = 6  # distinctive terms of a chapter considered for its title
_PAGE_TITLE = re.compile(r"^Page \d+$")
_MADE_TITLE = re.compile(r"^(?:Part (?P<part>\d+)(?:: (?P<topic>.+))?|Page (?P<page>\d+))$")
_LABELLED = re.compile(r"^(?P<head>.*), (?:(?P<kind>Chapter|Section) (?P<n>\d+): (?P<title>.*?)|"
                       r"(?P<made>(?:Part|Page) \d+(?:: .*?)?))(?P<tail> \([^()]*\))?$", re.S)


@dataclass(frozen=True)
class Chapter:
    n: int
    title: str
    gist: str
    terms: tuple[str, ...]
    locator: str  # "4:53–7:34", "p. 2", "Supervised fine-tuning"
    url: str | None  # deep link to where the chapter starts
    first: int  # index of its first sentence in `source_sentences`
    stop: int  # one past its last sentence
    gist_at: int  # the sentence the gist quotes (or, when a model wrote the gist, the one that supports it)
    start: float | None = None
    end: float | None = None
    page: int | None = None

    def label(self, kind: str) -> str:
        """"Chapter 3: Tokenization" (transcripts), "Section 2: The conversation format" (documents)."""
        if _PAGE_TITLE.match(self.title) or self.title.startswith("Part "):  # "Part 4: tokenization"
            return self.title
        return f"{'Chapter' if kind == 'transcript' else 'Section'} {self.n}: {self.title}"

    def shown_label(self, kind: str) -> str:
        """`label` in the reply language, for people (prompts and stored card contexts keep `label`)."""
        if _PAGE_TITLE.match(self.title) or self.title.startswith("Part "):
            return shown_title(self.title)
        template = tr("Chapter {n}: {title}") if kind == "transcript" else tr("Section {n}: {title}")
        return template.format(n=self.n, title=shown_title(self.title))

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["terms"] = list(self.terms)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chapter:
        return cls(**{**data, "terms": tuple(data.get("terms") or ())})


def made_title(title: str) -> bool:
    """A title the code made ("Introduction", "Summary", "Questions", "Part 4: tokenization", "Page 3"), which
    names no topic."""
    return title in (INTRO_TITLE, WRAP_UP_TITLE, QUESTIONS_TITLE) or bool(_MADE_TITLE.match(title))


def shown_title(title: str) -> str:
    """A title the code made ("Introduction", "Summary", "Questions", "Part 4: tokenization", "Page 3") in the
    reply language; an author's or a model's title as it is."""
    if title == INTRO_TITLE:
        return tr("Introduction")
    if title == WRAP_UP_TITLE:
        return tr("Summary")
    if title == QUESTIONS_TITLE:
        return tr("Questions")
    m = _MADE_TITLE.match(title)
    if m is None:
        return title
    if m["page"]:
        return tr("Page {n}").format(n=m["page"])
    if m["topic"]:
        return tr("Part {n}: {topic}").format(n=m["part"], topic=m["topic"])
    return tr("Part {n}").format(n=m["part"])


def shown_context(context: str) -> str:
    """A card's or quiz question's stored context ("How LLMs Are Built, Chapter 3: Tokenization (4:53–7:28)",
    made with `label`) with its label in the reply language."""
    m = _LABELLED.match(context)
    if m is None:
        return context
    if m["kind"]:
        template = tr("Chapter {n}: {title}") if m["kind"] == "Chapter" else tr("Section {n}: {title}")
        label = template.format(n=m["n"], title=shown_title(m["title"]))
    else:
        label = shown_title(m["made"])
    return f"{m['head']}, {label}{m['tail'] or ''}"


def meaning_of(sentences: list[Candidate], vector_of: dict[int, list[float]]) -> list[float] | None:
    """The mean vector of the chunks these sentences come from."""
    own = sorted({s.chunk.position for s in sentences})
    return mean_vector([vector_of[p] for p in own if p in vector_of])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _sentence_shifts(sentences: list[Candidate], chunks: list[Chunk], vectors: list[list[float]],
                     positions: list[float]) -> list[float]:
    """Topic-shift depth between consecutive chunks, put on the sentence where the shift happens."""
    depth = topic_shift_scores(vectors, window=2)
    shifts = [0.0] * len(sentences)
    chunk_of = [s.chunk.position for s in sentences]
    for k in range(1, len(chunks)):
        if depth[k] <= 0:
            continue
        previous, chunk = chunks[k - 1], chunks[k]
        if chunk.start is not None and previous.end is not None:
            i = bisect.bisect_left(positions, (chunk.start + previous.end) / 2)
        else:
            i = bisect.bisect_left(chunk_of, chunk.position)
        if 0 < i < len(shifts):
            shifts[i] = max(shifts[i], depth[k])
    return shifts


def _positions(sentences: list[Candidate], transcript: bool) -> list[float]:
    if transcript:
        return [sentence_time(s) or 0.0 for s in sentences]
    out, at = [], 0.0
    for s in sentences:
        out.append(at)
        at += len(s.text) + 1
    return out


def _heading_of(text: str, source_title: str) -> str | None:
    found = page_heading(text, source_title)
    return found[0] if found else None


def _heading_path(chunk: Chunk) -> list[str]:
    return [p for p in (chunk.heading or "").split(" > ") if p]


def _section_keys(sentences: list[Candidate]) -> list[str]:
    """The top-level section of each sentence: the first heading below what all of them share (the title)."""
    paths = [_heading_path(s.chunk) for s in sentences]
    shared = 0
    headed = [p for p in paths if p]
    while headed and all(len(p) > shared and p[shared] == headed[0][shared] for p in headed):
        shared += 1
    if headed and all(len(p) == shared for p in headed):
        shared = max(shared - 1, 0)  # one section under the title: group by the title itself
    return [p[shared] if len(p) > shared else "" for p in paths]


def _document_boundaries(record: SourceRecord, sentences: list[Candidate], shifts: list[float],
                         positions: list[float], total: float) -> list[Boundary]:
    """Sections (Markdown, HTML) or headed pages (PDF); topic shifts when the source has neither."""
    out: list[Boundary] = []
    if record.kind == "pdf":
        pages = sorted({s.chunk.page or 0 for s in sentences})
        page_start: dict[int, int] = {}
        for i, s in enumerate(sentences):
            page_start.setdefault(s.chunk.page or 0, i)
        headed = {p: _heading_of(sentences[i].chunk.text, record.title) for p, i in page_start.items()}
        if any(headed.values()):
            out = [Boundary(i, headed[p]) for p, i in page_start.items() if headed.get(p) or i == 0]
        elif len(pages) <= SHORT_PDF_PAGES:
            out = [Boundary(i, f"Page {p}") for p, i in page_start.items()]
    elif record.kind in ("markdown", "html"):
        last_key: str | None = None
        for i, key in enumerate(_section_keys(sentences)):
            if key != last_key:
                out.append(Boundary(i, key or None))
                last_key = key
    if len(out) >= 2:
        return out
    return detect_boundaries([s.text for s in sentences], shifts, positions, total, Pacing.for_text(total),
                             spoken=False)


async def detect_chapters(record: SourceRecord, chunks: list[Chunk], sentences: list[Candidate],
                          vectors: list[list[float]], centrality: Centrality, embedder: Embedder) -> list[Chapter]:
    """The chapters of one source, titled, with an extractive gist and three key terms each."""
    if not sentences:
        return []
    transcript = record.kind == "transcript"
    positions = _positions(sentences, transcript)
    total = (chunks[-1].end or positions[-1]) if transcript else positions[-1] + len(sentences[-1].text)
    shifts = _sentence_shifts(sentences, chunks, vectors, positions)
    bounds = author_boundaries(record, sentences, positions, transcript)  # the author's win over detected ones
    authored = bool(bounds)
    if not bounds and transcript:
        bounds = detect_boundaries([s.text for s in sentences], shifts, positions, total,
                                   Pacing.for_transcript(total))
    elif not bounds:
        bounds = _document_boundaries(record, sentences, shifts, positions, total)
    edges = [b.index for b in bounds] + [len(sentences)]
    texts = [" ".join(s.text for s in sentences[a:b]) for a, b in zip(edges, edges[1:])]
    terms = key_terms(texts)
    naming = key_terms(texts, k=TITLE_CANDIDATES)
    vector_of = {c.position: v for c, v in zip(chunks, vectors)}
    chapters: list[Chapter] = []
    used: set[str] = set()
    for n, (bound, a, b) in enumerate(zip(bounds, edges, edges[1:]), 1):
        meaning = meaning_of(sentences[a:b], vector_of)
        title = _title(n, bound, [s.text for s in sentences[a:b]], texts[n - 1], naming[n - 1], transcript,
                       authored or record.kind != "transcript", used, last=b == len(sentences))
        used.add(title.lower())
        focus = None if made_title(title) else title
        [gist_at] = (await centrality.central(list(range(a, b)), meaning, embedder, k=1, focus=focus)) or [a]
        first = sentences[a]
        start = positions[a] if transcript else None
        end = (positions[b] if b < len(sentences) else total) if transcript else None
        chapters.append(Chapter(
            n=n, title=_capitalised(title), gist=sentences[gist_at].text, terms=tuple(terms[n - 1]),
            locator=_locator(record, sentences[a:b], title, start, end), url=_link(first, start),
            first=a, stop=b, gist_at=gist_at, start=start, end=end, page=first.chunk.page,
        ))
    return chapters


def _title(n: int, bound: Boundary, sentences: list[str], text: str, terms: list[str], transcript: bool,
           given: bool, used: set[str], last: bool) -> str:
    """The author's or a section's own title as it is; else an introduction, the questions from the
    audience a talk ends with (when they open its last chapter), or a term the chapter repeats or defines
    (bot/study/outline/titles.py)."""
    if bound.topic and given:
        return bound.topic
    if n == 1 and (not transcript or sounds_like_intro(text)):
        return INTRO_TITLE
    if bound.topic == QUESTIONS_TITLE or (last and n > 1 and transcript and bound.topic != WRAP_UP_TITLE
                                          and opens_questions(sentences)):
        return QUESTIONS_TITLE
    return chapter_title(n, sentences, bound.topic, terms, used)


def _locator(record: SourceRecord, sentences: list[Candidate], title: str, start: float | None,
             end: float | None) -> str:
    if start is not None and end is not None:
        return time_range(start, end)
    pages = sorted({s.chunk.page for s in sentences if s.chunk.page})
    if pages:
        return f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[-1]}"
    return sentences[0].chunk.locator if record.kind in ("markdown", "html") else title


def _link(first: Candidate, start: float | None) -> str | None:
    url = first.chunk.url
    if url and start is not None:
        return timestamp_link(url, start)
    return url


def span(chapter: Chapter) -> str:
    """"4:53–7:34" for a timed chapter, "p. 3" for a paged one, "" for a section (its title says where)."""
    if chapter.start is not None and chapter.end is not None:
        return f"{format_time(chapter.start)}–{format_time(chapter.end)}"
    return chapter.locator if chapter.page is not None else ""
