"""Bytes to text for text formats, refusing what is really binary."""

from __future__ import annotations

from charset_normalizer import from_bytes

from bot.errors import SourceError


def decode_text(data: bytes, what: str) -> str:
    """Decode `data` (UTF-8 first, then a detected encoding); binary data is refused."""
    if b"\x00" in data[:8192]:
        raise SourceError(f"{what} looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise SourceError(f"{what} is not readable text (unknown encoding)") from None
        return str(best)
