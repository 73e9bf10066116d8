"""A page's footer as plain `pdftotext` prints it among a table's flows (`第3页`, `—3—`, `- 3 -`):
a line of its own, never a cell. A bare number is not taken for one (it may be a value)."""

from __future__ import annotations

import re

from ingest.normalize import nfkc

_FOOTER = re.compile(r"^(?:第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|[-—–]\s*\d{1,3}\s*[-—–])$")


def page_footer(line: str) -> bool:
    return bool(_FOOTER.match(nfkc(line).strip()))
