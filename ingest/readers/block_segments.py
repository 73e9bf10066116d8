"""Plain `pdftotext`'s text as flows (runs of lines between blank lines) and table 3's
segments: a label flow and the flows of values after it up to the next label flow."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.alignment import VALUE_WORD, Token, split_values
from ingest.labels import label_table
from ingest.normalize import nfkc, norm_label, parse_value
from ingest.states import MISSING


@dataclass(slots=True)
class Flow:
    lines: list[tuple[int, str]]  # (0-based line index, stripped text)

    @property
    def text(self) -> str:
        return "".join(s for _, s in self.lines)


@dataclass(frozen=True, slots=True)
class Breaks:
    """Where table 3's values flows are interrupted: `pages`, the blank lines of a page break (a
    form feed or a page number leaves two blank lines or more; flows are one blank line apart);
    `text`, lines that are not values (a header, repeated on a later page or printed in the flow
    of its values, a label flow, a page's running head); `headers`, those that are a cell of
    table 3's header (`总计`, `法律服务机构`)."""

    pages: tuple[int, ...]  # each set in line order
    text: tuple[int, ...]
    headers: tuple[int, ...]

    def among(self, lo: int, hi: int, *kinds: tuple[int, ...]) -> bool:
        """Whether some line of `kinds` (fields of this) lies in lo..hi (both included)."""
        return any(bisect_left(k, lo) < bisect_right(k, hi) for k in kinds)


def breaks(lines: Sequence[str]) -> Breaks:
    pages: set[int] = set()
    text: set[int] = set()
    headers: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, "end"]):
        if line.strip():
            if len(run) >= 2:
                pages.update(run)
            run = []
            if i < len(lines) and not value_words(line):
                text.add(i)
                if any(lab.scope == "t3_header" for lab in label_table().lookup(norm_label(line))):
                    headers.add(i)
        else:
            run.append(i)
    return Breaks(tuple(sorted(pages)), tuple(sorted(text)), tuple(sorted(headers)))


@dataclass(slots=True)
class Segment:
    """A label flow and the flows of values after it up to the next: where the label flow holds
    values too (a narrow label column: each row's first columns printed beside its label, row by
    row), `beside` holds them and the flows hold the remaining columns."""

    beside: list[Token]
    groups: list[list[Token]] = field(default_factory=list)
    flow_lines: list[set[int]] = field(default_factory=list)  # each group's flow's lines
    heads: list[str] = field(default_factory=list)  # each group's flow's text before its values
    pre: list[Token] = field(default_factory=list)  # first rows' values in the repeated header's flow before the labels
    breaks: Breaks | None = None  # the text's (None: unknown, any band may be printed out of order)

    def cut(self, picks: Sequence[int]) -> Segment:
        """The segment with only the flows `picks` (indices into `groups`)."""
        return Segment(self.beside, [self.groups[i] for i in picks], [self.flow_lines[i] for i in picks],
                       [self.heads[i] for i in picks], self.pre, self.breaks)


_REPEATED_HEADER = re.compile(r"申请人情况")


def moved_header(alternatives: list[list[Segment]]) -> list[list[Segment]]:
    """Each choice of the segments as printed, then with the flow of a header repeated on a
    later page (`申请人情况 … 组织 / 0 / 0 / 0 / 0`) that ends a segment, right before the next
    label flow, taken as the first columns of that label flow's first rows (poppler prints the
    repeated header's cells and the values below them as one flow, before the page's labels)."""
    out = []
    for segments in alternatives:
        out.append(segments)
        moved = list(segments)
        for i in range(len(moved) - 1):
            x, nxt = moved[i], moved[i + 1]
            if len(x.groups) > 1 and _REPEATED_HEADER.search(x.heads[-1]) and nxt.beside and not nxt.pre:
                moved[i] = x.cut(range(len(x.groups) - 1))
                moved[i + 1] = Segment(nxt.beside, nxt.groups, nxt.flow_lines, nxt.heads, x.groups[-1], nxt.breaks)
        if moved != segments:
            out.append(moved)
    return out


def value_count(segment: Segment) -> int:
    return len(segment.pre) + len(segment.beside) + sum(map(len, segment.groups))


def header_first(flow: Flow) -> list[Token]:
    """The values of a flow of table 3's header (`申请人情况 … 组织 / 15 / 4 / 2 …`) printed before
    the label flow: poppler prints the header and the first columns of the rows below it as one
    flow, and may print it before the labels of the page. [] where the flow is no such header."""
    first = next((k for k, (_, s) in enumerate(flow.lines) if value_words(s)), len(flow.lines))
    if not _REPEATED_HEADER.search("".join(s for _, s in flow.lines[:first])):
        return []
    if any(not value_words(s) for _, s in flow.lines[first:]):
        return []
    return [value_token(w, i) for i, s in flow.lines[first:] for w in value_words(s)]


def beside_values(flow: Flow) -> list[Token]:
    """The values a label flow holds: lines of values, and values ending a label's line."""
    out = []
    for i, s in flow.lines:
        words = value_words(s) or split_values(nfkc(s))[1]
        out.extend(value_token(w, i) for w in words)
    return out


_PAGE_OF = re.compile(r"^\s*第\s*\d{1,3}\s*页\s*$")  # a page footer `第 1 页` (`- 1 -` the text reader drops)


def without_page_numbers(lines: Sequence[str]) -> list[str]:
    """The lines with each page footer `第 1 页` left blank: poppler prints it in the flow of the
    values above it (no blank line between), where it would read as text ending the values; blank,
    it ends the flow and with the blank line after it marks the page break (`breaks`)."""
    return ["" if _PAGE_OF.match(line) else line for line in lines]


def split_flows(lines: Sequence[str]) -> list[Flow]:
    flows: list[Flow] = []
    cur: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s:
            cur.append((i, s))
        elif cur:
            flows.append(Flow(cur))
            cur = []
    if cur:
        flows.append(Flow(cur))
    return flows


def value_token(word: str, i: int) -> Token:
    value, state = parse_value(word) or (None, MISSING)
    return Token(value, state, word, f"line {i + 1}")


def value_words(line: str) -> list[str]:
    """The values a line holds when it holds nothing else (`0`, `1 0`), else []."""
    words = nfkc(line).split()
    return words if words and all(VALUE_WORD.match(w) for w in words) else []
