"""Which section or table a printed label belongs to, given where the reading stands.

A label's normalised text may stand for several (scope, code) pairs in the label table
(`总计` is table 3's header and table 4's); the section being read orders the scopes, and a
few rules of the printed layout rule a reading out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import codes
from ingest.labels import Label, LabelTable

MAX_LABEL_LEN = 60

SCOPE_ORDER = {
    "proactive": ("section", "t2_item", "t2_item_2019", "t2_block", "t2_header", "t2_header_2019",
                  "t3_row", "t3_group", "t3_context", "t3_header", "t4_header"),
    "applications": ("section", "t3_row", "t3_group", "t3_context", "t3_header",
                     "t2_item", "t2_block", "t2_header", "t4_header"),
    # table 3's column headers are not looked for here: table 4's wrapped headers print their
    # halves (`其他` / `结果`), which would take the reading back to table 3
    "review_litigation": ("section", "t4_header", "t3_row", "t3_group", "t3_context",
                          "t2_item", "t2_block", "t2_header"),
    None: ("section", "t2_item", "t2_block", "t2_header", "t2_item_2019", "t2_header_2019",
           "t3_row", "t3_group", "t3_context", "t3_header", "t4_header"),
}
_SCOPES_READ = {section: frozenset(order) for section, order in SCOPE_ORDER.items()}
_RULED_SCOPES = frozenset({"t3_row", "t4_header"})  # the scopes whose labels `Context.allowed` may rule out
SECTION_OF_SCOPE = {
    "t2_item": "proactive", "t2_item_2019": "proactive", "t2_block": "proactive", "t2_header": "proactive",
    "t2_header_2019": "proactive", "t3_row": "applications", "t3_group": "applications",
    "t3_context": "applications", "t3_header": "applications", "t4_header": "review_litigation",
}
TABLE_SECTIONS = frozenset({"proactive", "applications", "review_litigation"})
FUZZY_SCOPES = frozenset({"t2_item", "t3_row", "t3_group"})
RESULT_CODES = frozenset(codes.RESULT_OUTCOMES) | {"results_total"}

NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．]|[一二三四五六七八九十]+、)")
_INNER_NUMBERING = re.compile(r"(?<=\S)\s*(?=[（(][一二三四五六七八九十]+[)）]|(?<![\d.])\d{1,2}[.、．](?!\d))")


@dataclass(slots=True)
class Context:
    """Where the reading stands: the section, table 3's group, and what table 3 printed so far."""
    section: str | None = None
    group: str | None = None
    last_t3: str = ""
    results_seen: bool = False
    t3_header_open: bool = False  # table 3's column headers are being printed (again, after a page break)

    def allowed(self, label: Label) -> bool:
        if label.scope == "t3_row":
            if label.code == "other.other" and self.group != "other" and not self.last_t3.startswith("other."):
                return False  # a bare "其他" is the row 3.其他 only inside （六）其他处理
            if label.code == "results_total" and (not self.results_seen or self.t3_header_open):
                return False  # 总计 of the header row (repeated on a new page) is the applicants' total
        if label.scope == "t4_header" and label.code == "total" and self.section != "review_litigation":
            return False
        return True

    def resolve(self, labels: LabelTable, key: str) -> Label | None:
        """The label a normalised key stands for here, or None."""
        found = labels.lookup(key)
        if not found:
            return None
        if len(found) == 1:  # the usual label: one reading, no order to weigh
            label = found[0]
            return label if label.scope in _SCOPES_READ.get(self.section, _SCOPES_READ[None]) and (
                label.scope not in _RULED_SCOPES or self.allowed(label)) else None
        for scope in SCOPE_ORDER.get(self.section, SCOPE_ORDER[None]):
            for label in found:
                if label.scope == scope and self.allowed(label):
                    return label
        return None


def is_running_text(text: str) -> bool:
    return len(text) > MAX_LABEL_LEN or "。" in text


def split_numbered(raw: str) -> list[str]:
    """Split a cell holding a group label and a numbered row label: "（四）无法提供 1.本机关不掌握…"."""
    return [p.strip() for p in _INNER_NUMBERING.split(raw) if p.strip()]
