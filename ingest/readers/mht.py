"""MHT / MHTML web archives (a page saved with its images as one MIME message, RFC 2557):
the page's HTML part, decoded with its transfer encoding and charset, goes to the HTML reader.

The page is the part the multipart/related `start` parameter names, else the first text/html
part. Its charset is the part's Content-Type charset, else the page's own <meta> (the HTML
reader's rule); GBK / GB2312 are read as GB18030, their superset.
"""

from __future__ import annotations

import email
import email.policy
from email.message import Message

from ingest.model import Issue, SourceDoc
from ingest.readers import UnreadableError, html

_GB_FAMILY = {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


def _html_part(message: Message) -> Message | None:
    parts = [p for p in message.walk() if not p.is_multipart()]
    start = message.get_param("start")
    if isinstance(start, str):
        wanted = start.strip("<>")
        for part in parts:
            if (part.get("Content-ID") or "").strip().strip("<>") == wanted:
                return part
    return next((p for p in parts if p.get_content_type() == "text/html"), None)


def read(data: bytes, path: str) -> SourceDoc:
    if not data.strip():
        raise UnreadableError("unreadable.empty", "the file is empty")
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart() and message.get_content_type() != "text/html":
        raise UnreadableError("unreadable.corrupt", "not a web archive: no MIME multipart message with an HTML page")
    part = _html_part(message)
    if part is None:
        raise UnreadableError("unreadable.corrupt", "the web archive holds no HTML page (text/html part)")
    body = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "").lower() or None
    issues: list[Issue] = []
    if charset in _GB_FAMILY:
        charset = "gb18030"
    if charset:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            issues.append(Issue("warning", "mht.charset", f"the page does not decode as its declared charset "
                                f"{charset!r}; its encoding was detected instead"))
            charset = None
    if not charset:
        doc = html.read(body, path)
    else:
        doc = html.from_html(text)
    doc.issues[:0] = issues
    return doc
