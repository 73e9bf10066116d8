"""Which of table 4's columns a flow of plain `pdftotext` stands for (`text_blocks_table4`):
its header characters matched to the columns still to be headed, its values to those columns
(not-applicable marks poppler printed otherwise), the columns a lone value can be, the labels
of table 3's applicant headers that may print among its flows, and the rows it is read into."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ingest import codes
from ingest.alignment import Token
from ingest.labels import label_table
from ingest.mapping.columns import column_labels
from ingest.model import Row
from ingest.normalize import norm_label
from ingest.states import BLANK, MISSING, NOT_APPLICABLE

OUTCOMES = len(codes.T4_OUTCOMES)
_T3_GROUP = "legal_persons"  # 法人或其他组织 (labels.csv), over four applicant columns: prints among them (tuning 000410)


def fit(header: str, free: list[int], texts: list[str]) -> list[int] | None:
    """The first columns of `free` (in column order) a flow's header characters hold: their
    characters are those of the columns' headers (side by side row by row, a lower-starting
    group of columns merged in); None when no count gives them."""
    have = Counter(header)
    return next((free[:k] for k in range(1, len(free) + 1) if Counter("".join(texts[c] for c in free[:k])) == have), None)


def early(header: str, free: list[int], texts: list[str]) -> list[int] | None:
    """The columns a header flow holds printed before the header of a column left of it in the
    same proceeding (`尚未审结` before `其他结果`): the first free columns of that proceeding
    after the first it fits; None where none does."""
    if not free:
        return None
    first = free[0] // OUTCOMES
    same = [c for c in free if c // OUTCOMES == first]
    return next((cols for s in range(1, len(same)) if (cols := fit(header, same[s:], texts)) is not None), None)


MARKS = ("a not-applicable mark printed otherwise: `——` wrapped a dash a line, or a run of `-` lines "
         "joined into one by poppler (a line ending in a hyphen runs on); every column of the flow so")


def as_marks(values: list[Token], n: int) -> list[Token] | None:
    """n columns' not-applicable marks where poppler printed them otherwise: `——` wrapped in a
    narrow cell, one dash a line (2n `—`), or n `-` lines joined into one (a line ending in a
    hyphen runs on into the next; a digit would stay). None otherwise."""
    raws = {t.raw for t in values}
    if raws == {"—"} and len(values) == 2 * n:
        return [replace(values[2 * i], raw="——") for i in range(n)]
    if raws == {"-"} and len(values) == 1 < n and values[0].state == NOT_APPLICABLE:
        return values * n
    return None


def whole_proceedings(cols: list[int]) -> int:
    """How many proceedings `cols` are, where they are whole proceedings in column order; else 0."""
    whole = sorted(cols) == cols and len(cols) % OUTCOMES == 0 and all(
        cols[i:i + OUTCOMES] == list(range(cols[i], cols[i] + OUTCOMES)) and cols[i] % OUTCOMES == 0
        for i in range(0, len(cols), OUTCOMES))
    return len(cols) // OUTCOMES if whole else 0


def last_of_a_proceeding_read(cols: list[int], cells: list[Token | None]) -> int | None:
    """The one column among `cols` (headers waiting for their values) whose proceeding has a
    value read already, where every other column is of a proceeding all of whose headers wait:
    blank columns are whole proceedings (every truth of the corpus), so one value is that
    column's. None otherwise."""
    def read(c: int) -> bool:
        start = c // OUTCOMES * OUTCOMES
        return any(t is not None and t.state != BLANK for t in cells[start:start + OUTCOMES])
    must = [c for c in cols if read(c)]
    rest = [c for c in cols if not read(c)]
    whole = all(b in cols for c in rest for b in range(c // OUTCOMES * OUTCOMES, (c // OUTCOMES + 1) * OUTCOMES))
    return must[0] if len(must) == 1 and rest and (whole or _two_each(rest)) else None


def _two_each(rest: list[int]) -> bool:
    """Whether every proceeding among `rest` has two columns or more there: one value could be
    none of theirs, a column beside it left blank in a proceeding holding values (blank columns
    are whole proceedings; the columns still to come are checked so when the table is read).
    Fourth set's 000011, 000034, fifth 000032, 000069: 复议后起诉's first three headers a flow,
    the lone value after it 未经复议直接起诉's total, 复议后起诉 blank."""
    return all(sum(1 for d in rest if d // OUTCOMES == c // OUTCOMES) >= 2 for c in rest)


def valued_columns(cols: list[int], n: int, cells: list[Token | None]) -> list[int] | None:
    """The columns among `cols` (a flow's and those waiting before it) its n values stand under
    where they are fewer than the columns: blank columns are whole proceedings, so each
    proceeding's columns here hold values or none; the one choice of proceedings whose columns
    come to n (a proceeding with a value read already holds values, one read blank none). None
    where no choice or several do."""
    groups: dict[int, list[int]] = {}
    for c in sorted(cols):
        groups.setdefault(c // OUTCOMES, []).append(c)
    def state(p: int) -> set[bool]:
        read = [t.state != BLANK for t in cells[p * OUTCOMES:(p + 1) * OUTCOMES] if t is not None]
        return set(read) if read else {True, False}
    choices = [[]]
    for p, cs in groups.items():
        choices = [ch + (cs if valued else []) for ch in choices for valued in state(p)]
    fits = [ch for ch in choices if len(ch) == n]
    return fits[0] if len(fits) == 1 and n < len(cols) else None


def surplus_total(flows: list, n: int, gap: list[int], free: list[int], texts: list[str]) -> bool:
    """Whether flow n is a `总计` header with no value opening a run of `总计` header flows one
    longer than table 4's columns left so headed (the gap's next ones, then the next column to
    be headed): one of them is table 3's applicant header among its last rows, the values the
    run holds being the columns' whichever it is."""
    f = flows[n]
    total = OUTCOMES - 1
    if f.values or Counter(f.header) != Counter(texts[total]) or not applicant_label(f.header):
        return False
    run = next((k for k in range(n, len(flows)) if flows[k].header != f.header), len(flows)) - n
    lead = next((i for i, c in enumerate(gap) if c % OUTCOMES != total), len(gap))  # the gap's next totals
    room = lead + (lead == len(gap) and bool(free) and free[0] % OUTCOMES == total)
    return run == room + 1


def applicant_label(text: str) -> bool:
    """Whether a flow's header text is one of table 3's applicant column labels (`总计`, `其他`)."""
    return any(lab.scope == "t3_header" and lab.code in codes.APPLICANTS for lab in label_table().lookup(norm_label(text)))


def applicant_chars() -> set[str]:
    """The characters of table 3's applicant column headers (`法律服务机构`, `其他`, `总计`) and of
    the group header over four of them (`法人或其他组织`)."""
    table = label_table()
    return {ch for key, labs in table.exact.items() for lab in labs
            if lab.scope == "t3_header" and lab.code in (*codes.APPLICANTS, _T3_GROUP) for ch in key}


def applicant_words(words: list[str], header_chars: set[str], applicant_chars: set[str]) -> bool:
    """Whether a line is table 3's applicant header text: its characters are those headers', and
    one is not table 4's or a word holds two (table 4's headers print one character a line)."""
    chars = "".join(words)
    return set(chars) <= applicant_chars and (
        not set(chars) <= header_chars or any(len(w) > 1 and w != "总计" for w in words))


def headers() -> list[str]:
    labels = column_labels()["2021"]
    return [labels[o] for _p, o in codes.T4_CELLS]


def headed_whole(flows: list, once: bool = False) -> bool:
    """Do the flows' header texts hold every column header's characters (each exactly as often
    as the headers do, where `once`)?"""
    have, want = Counter("".join(f.header for f in flows)), Counter("".join(headers()))
    return have == want if once else not want - have


def proceeding_labels() -> set[str]:
    labels = column_labels()["2021"]
    return {part for p in codes.PROCEEDINGS for part in labels[p].split()}


def unread(where: str) -> Token:
    """A cell rebuilt but not read: `missing`, no printed text taken for it (a token of a printed
    word that is no value keeps that word)."""
    return Token(None, MISSING, "", where)


def rows_of(cells: list[Token], line: int) -> list[Row]:
    """Table 4's header and its values as one row, in column order, the cells left `unread` so
    marked (`Row.unread`)."""
    labels = column_labels()["2021"]
    return [Row([labels[p] for p in codes.PROCEEDINGS], line),
            Row([labels[o] for o in codes.T4_OUTCOMES] * len(codes.PROCEEDINGS), line),
            Row([t.raw for t in cells], line, unread=[t.state == MISSING for t in cells]),
            Row([], line)]
