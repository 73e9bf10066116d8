"""Figures stated in the narrative of sections 一 (overview) and 六 (other matters)."""

from __future__ import annotations

import re

_PUBLISHED = re.compile(r"公开[^。；;，,]{0,12}?信息\s*(?:共\s*)?(\d+)\s*条\s*[，,]?\s*其中(?P<parts>[^。；;]*)")
_PART = re.compile(r"(?P<what>[^，,、；;]*?)(?P<each>各)?\s*(?P<n>\d+)\s*条")
_JOINERS = re.compile(r"及|和|与|、")
_APPLICATIONS = re.compile(
    r"(?:共|累计)?\s*(?:受理|收到|新收|接收)[^。；;，,\d]{0,16}?申请[^。；;，,\d]{0,8}?(\d+)\s*件"
)
_APPLICATION_VERB = re.compile(r"受理|收到|新收|接收")  # the verbs `_APPLICATIONS` turns on
_APPLICATION_LEADS = ("累计", "共")  # what `_APPLICATIONS` allows before them, with blanks
_ANSWERED = re.compile(r"(?:已|均已|全部)?(?:答复|办结)\s*(\d+)\s*件")
_FEE_ALL_ZERO = re.compile(r"(?:均|都|皆)为\s*0|未收取[^。]{0,6}(?:信息处理费|费用)")
_FEE_NOTICES = re.compile(r"(?:发出|开具)收费通知[^。；;\d]{0,6}?(\d+)\s*件")
_FEE_COLLECTED = re.compile(r"实际收取[^。；;\d]{0,10}?(\d+(?:\.\d+)?)\s*(万元|元)")


def extract_narrative(text: str) -> dict:
    """Figures of the narrative; keys are present only when the text states them."""
    out: dict = {}
    overview, other = _sections(text)
    m = _PUBLISHED.search(overview)
    if m:
        parts: list[int] = []
        for p in _PART.finditer(m.group("parts")):
            n = int(p.group("n"))
            count = len(_JOINERS.split(p.group("what"))) if p.group("each") else 1
            parts.extend([n] * count)
        out["published_total"] = int(m.group(1))
        out["published_parts"] = parts
    m = _applications(overview)
    if m:
        out["applications_received"] = int(m.group(1))
        tail = overview[m.end(): m.end() + 40]
        answered = _ANSWERED.search(tail)
        if answered:
            out["applications_answered"] = int(answered.group(1))
    if other:
        if _FEE_ALL_ZERO.search(other):
            out["fee_notices"] = 0
            out["fees_collected_yuan"] = 0
        m = _FEE_NOTICES.search(other)
        if m:
            out["fee_notices"] = int(m.group(1))
        m = _FEE_COLLECTED.search(other)
        if m:
            amount = float(m.group(1)) * (10000 if m.group(2) == "万元" else 1)
            out["fees_collected_yuan"] = int(amount) if amount.is_integer() else amount
    return out


def _applications(overview: str) -> re.Match[str] | None:
    """`_APPLICATIONS.search(overview)`, tried from where a match can first start: the first of its
    verbs, less the blanks and the one lead word before it (no later verb's match starts sooner).
    The regex has no literal to scan for: tried at every character, it cost ~60 ns a character."""
    verb = _APPLICATION_VERB.search(overview)
    if verb is None:
        return None
    start = verb.start()
    while start and overview[start - 1].isspace():  # `\s`: str.isspace
        start -= 1
    for lead in _APPLICATION_LEADS:
        if start >= len(lead) and overview.startswith(lead, start - len(lead)):
            start -= len(lead)
            break
    return _APPLICATIONS.search(overview, start)


_OVERVIEW = re.compile(r"^[#\s]*[（(]?一[、.．)）]?\s*总\s*体\s*情\s*况", re.M)
_OVERVIEW_END = re.compile(r"^[#\s]*[（(]?二[、.．)）]|主动公开政府信息情况", re.M)
_OTHER = re.compile(r"^[#\s]*[（(]?六[、.．)）]?\s*其\s*他\s*需\s*要\s*报\s*告", re.M)


def _sections(text: str) -> tuple[str, str]:
    """(section 一, section 六) located by their headings; the text's opening when 一 has none."""
    m = _OVERVIEW.search(text)
    start = m.end() if m else 0
    end = _OVERVIEW_END.search(text, start)
    overview = text[start:end.start() if end else start + 6000]
    m = _other_heading(text)
    return overview, text[m.end():] if m else ""


def _other_heading(text: str) -> re.Match[str] | None:
    """Where `_OTHER.search(text)` ends, tried only on lines that hold a 六, as every heading does
    (a match starting earlier differs only by blank lines before it, so it ends in the same place)."""
    start = 0
    while (six := text.find("六", start)) >= 0:
        line = text.rfind("\n", 0, six) + 1
        m = _OTHER.match(text, line)
        if m is not None:
            return m
        start = text.find("\n", six) + 1
        if start == 0:
            break
    return None
