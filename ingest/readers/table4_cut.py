"""Table 4's header cells cut by a page break, as plain `pdftotext` prints them
(`text_blocks_table4`).

A page break through table 4's header row leaves each cell's first characters on the page (its
top) and the rest on the next, the values under them there (ruled PDF 000079 of the third set,
rendered again from its seed, by `pdftotext -bbox-layout`: `结 结 其 尚 / 果 果 他 未 / 维 纠
结 审` at the foot of page 3, `持` and `正` at x 237 and 266 of page 4 over the values of every
column to their left, then `果 0`, `结 0`, ... one cell a flow). Observed in the tuning set's
001264, the second set's 000378 and 000770 and the third set's 000079:

- a flow of cut cells standing side by side holds their first r characters each; such flows
  mostly come in column order among the whole headers, but not always (001264: the tops of
  `复议后起诉`'s cells before `未经复议直接起诉`'s): a flow of tops that fits no columns in order
  is kept aside, and the rest of a header that no top in order claimed must come out of them;
- the rests come on the next page in column order, each with the values under it, as whole
  header flows do (the values of header flows waiting to the left first, left to right).

The table is read only where every rest came and the tops kept aside are, character for
character, those of the columns whose rest came unclaimed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ingest.readers.table4_columns import early

CUT = "header cells cut by a page break: their tops on one page, the rests in column order on the next"


@dataclass(slots=True)
class CutHeaders:
    rests: dict[int, str] = field(default_factory=dict)  # column -> its header's characters still to come
    aside: list[str] = field(default_factory=list)  # flows of tops that fit no columns in order
    unclaimed: list[str] = field(default_factory=list)  # tops of the columns whose rest came unclaimed

    def top(self, header: str, free: list[int], texts: list[str]) -> list[int] | None:
        """The first columns of `free` a flow of tops stands for: its characters those of the
        columns' first r characters each (one r, every column cut), the one (count, r) doing so;
        their rests recorded. Else the flow is kept aside and None."""
        fits = self.tops_in_order(header, free, texts)
        if len(fits) != 1:
            self.aside.append(header)
            return None
        k, r = fits[0]
        self.rests.update({c: texts[c][r:] for c in free[:k]})
        return free[:k]

    @staticmethod
    def tops_in_order(header: str, free: list[int], texts: list[str]) -> list[tuple[int, int]]:
        """Each (count, r): the first `count` columns of `free` whose first r characters each
        (every column cut) are the flow's characters."""
        return _cuts(header, free, texts, tops=True)

    def a_top_next(self, header: str, free: list[int], texts: list[str]) -> bool:
        """Whether a flow (`其他`, which heads table 3's column too) is the one next top in order
        where cut headers await their rests: a top, not table 3's header. Were it table 3's, the
        top of the column it fits would be missing and the table would not read whole."""
        return bool(self.rests) and len(self.tops_in_order(header, free, texts)) == 1

    def rest(self, header: str, free: list[int], texts: list[str]) -> list[int] | None:
        """The columns a flow of rests stands for: the first cut columns (in column order) whose
        rests its characters are; or, where those are used up and tops were kept aside, the
        first free columns whose last characters they are (one count and cut doing so), their
        tops to come out of those kept aside. None otherwise."""
        have = Counter(header)
        cut = sorted(self.rests)
        own = next((cut[:k] for k in range(1, len(cut) + 1) if Counter("".join(self.rests[c] for c in cut[:k])) == have),
                   None)
        if own is not None:
            for c in own:
                del self.rests[c]
            return own
        if self.rests or not self.aside:
            return None
        fits = _cuts(header, free, texts, tops=False)
        if len(fits) != 1:
            return None
        k, r = fits[0]
        self.unclaimed += [texts[c][:r] for c in free[:k]]
        return free[:k]

    def whole(self) -> bool:
        """Whether every cut header's rest came and the tops kept aside are those of the columns
        whose rest came unclaimed."""
        return not self.rests and Counter("".join(self.aside)) == Counter("".join(self.unclaimed))


def total_before_tops(flows: list, n: int, free: list[int], texts: list[str]) -> bool:
    """Whether flow n can be a proceeding's whole `总计` printed before the headers left of it in
    its proceeding (`early`), no value after it before the next header flow: where a page break
    cuts the outcome headers, the total's cell (two lines) is whole on the first page and may
    print before the tops of its proceeding's cells, its value coming later with the rests
    (eighth set, seed 21, 000042: `总 计`, 复议后起诉's tops, 未经复议直接起诉's tops, page foot,
    table 3's `总计`, `尚未审`, `总 计`, then `持` over 行政复议's values; the tuning set's 000956
    prints that page with the `总 计` after the tops). A `总计` with a value right after it may
    be a total printed out of order as well as table 3's: not so read."""
    return (n + 1 == len(flows) or bool(flows[n + 1].header)) and early(flows[n].header, free, texts) is not None


def _cuts(header: str, free: list[int], texts: list[str], tops: bool) -> list[tuple[int, int]]:
    """Each (count, r): the first `count` columns of `free`, each cut after its first r
    characters (every column cut), whose tops (`tops`) or rests are the flow's characters."""
    have = Counter(header)
    return [(k, r) for k in range(1, len(free) + 1) for r in range(1, min(len(texts[c]) for c in free[:k]))
            if Counter("".join(texts[c][:r] if tops else texts[c][r:] for c in free[:k])) == have]
