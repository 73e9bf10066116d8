"""Bytes → str for text-like sources: BOMs, UTF-8, GB18030 (a superset of GBK), UTF-16."""

from __future__ import annotations

import codecs

from ingest.readers import UnreadableError

# control characters that do not occur in text (tab, line feed, form feed and carriage return do),
# and U+FFFD, the replacement character: a text holding many is binary data decoded as text
_CONTROL_BYTES = bytes((*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)))
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Raises UnreadableError for binary or undecodable input."""
    if not data.strip():
        raise UnreadableError("unreadable.empty", "the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    candidates = [declared] if declared else []
    candidates += ["utf-8", "gb18030"]
    if _looks_utf16(data):
        candidates.insert(0, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _is_text(text):
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        text = data.decode(best.encoding, errors="replace")
        if _is_text(text):
            return text, best.encoding
    raise UnreadableError("unreadable.binary", "the file is not text in any known encoding (binary data?)")


def _looks_utf16(data: bytes) -> bool:
    head = data[:400]
    return len(head) >= 4 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)


def _is_text(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    # the control characters are ASCII: counted among the sample's ASCII characters, as bytes (one
    # regex character class over the whole sample cost ~30 instructions a character)
    controls = len(sample.encode("ascii", "ignore").translate(None, _NOT_CONTROL_BYTES))
    return controls + sample.count("\ufffd") <= len(sample) // 100
