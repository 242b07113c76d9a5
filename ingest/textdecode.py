"""Bytes to text for text formats: a byte-order mark decides, then UTF-8, then detection; binary is refused."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from bot.errors import SourceError
from bot.language import tr

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _by_bom(data: bytes, what: str) -> str | None:
    """Text whose byte-order mark names its encoding (UTF-16 and UTF-32 are full of zero bytes)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise SourceError(tr("{what} starts with a {encoding} byte-order mark but is not valid {encoding} text")
                                  .format(what=what, encoding=encoding.upper())) from None
    return None


def decode_text(data: bytes, what: str) -> str:
    """Decode `data` (by its BOM, else UTF-8, else a detected encoding); binary data is refused."""
    text = _by_bom(data, what)
    if text is not None:
        if "\x00" in text[:8192]:
            raise SourceError(tr("{what} looks like a binary file, not text").format(what=what))
        return text
    if b"\x00" in data[:8192]:
        raise SourceError(tr("{what} looks like a binary file, not text").format(what=what))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise SourceError(tr("{what} is not readable text (unknown encoding)").format(what=what)) from None
        return str(best)
