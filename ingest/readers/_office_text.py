"""Text helpers shared by the PDF, DOCX and XLSX readers (no third-party imports)."""

from __future__ import annotations

import math
import unicodedata

# Code points whose NFKC form is the ideograph they stand for: Kangxi radicals (⼆ U+2F06),
# CJK radicals supplement, CJK compatibility ideographs (BMP and supplement). PDF text
# layers carry them when a font maps the glyph to the radical instead of the ideograph.
_FOLD_RANGES = (
    (0x2E80, 0x2EFF),
    (0x2F00, 0x2FDF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _fold_char(ch: str) -> str:
    cp = ord(ch)
    for lo, hi in _FOLD_RANGES:
        if lo <= cp <= hi:
            return unicodedata.normalize("NFKC", ch)
    if 0xFF10 <= cp <= 0xFF19 or 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        return chr(cp - 0xFEE0)  # full-width digits and Latin letters
    if cp == 0x3000 or cp == 0xA0:  # ideographic / no-break space
        return " "
    if cp in (0x200B, 0x200C, 0x200D, 0xFEFF, 0xAD):  # zero-width and soft hyphen
        return ""
    return ch


def fold(text: str) -> str:
    """NFKC for the code points that matter when matching labels and numbers.

    Radicals and compatibility ideographs become the ideograph, full-width digits and
    letters become ASCII, odd spaces become " ", zero-width characters disappear.
    CJK punctuation (（）、，：) is kept as printed, which full NFKC would turn into ASCII,
    so PDF/DOCX/XLSX labels read the same as the same label from an HTML page.
    """
    if text.isascii():
        return text
    return "".join(_fold_char(ch) for ch in text)


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3000 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
        or ch in "“”‘’—…"
    )


def join_lines(lines: list[str]) -> str:
    """Join the lines of one cell / paragraph: no separator between CJK text, else a space."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out


def number_text(value: float) -> str:
    """3.0 -> "3", 12.5 -> "12.5", 0.1 + 0.2 -> "0.3" (spreadsheet float noise trimmed)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    short = f"{value:.15g}"  # trims binary noise such as 0.30000000000000004, like Excel shows
    if "e" in short or "E" in short:
        from decimal import Decimal

        short = format(Decimal(short), "f")
    if "." in short:
        short = short.rstrip("0").rstrip(".")
    return short
