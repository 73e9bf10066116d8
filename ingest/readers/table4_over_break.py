"""行政复议's five lone values printed on the page after its header flows (plain `pdftotext`,
`text_blocks_table4`).

Where 行政复议's header prints as `结果维持`+`结果纠正` sharing a flow, then `其他结果`, `尚未审结`,
`总计` each a flow, and its five values follow as lone flows on the same page, poppler prints them
left column, the three others, right column (37 ruled PDFs of the corpus by x; 124 documents of
the tuning and pool sets whose values tell the orders apart, by truth). That order comes from
the header blocks standing above the values on their page. Where a page break (a form feed)
stands between those header flows and the values (the break cutting the header cells of the
proceedings to the right, their rests and values on the next page), the values' page has no
header block above them and poppler prints them left to right: every such document of the
tuning and pool sets whose values tell the orders apart prints so by truth (11: the tuning set's
000704 and 000956, seed 16's 000053, seed 17's 000148, seed 50's 000071, seed 51's 000118, seed
52's 000082 and 000088, seed 54's 000144 and 000145, seed 55's 000025), none the other way. The
rule read seed 52's 000082 (`０ ０ ０ ５ ５`, truth 0 0 0 5 5) as 0 5 0 0 5, both totals
holding; the others failed their total under it and were left to the mapper.
"""

from __future__ import annotations

OVER_BREAK = ("行政复议's five lone values printed on the page after its header flows (a page break between): "
              "left to right")


def page_of(starts: tuple[int, ...], line: int) -> int:
    """The page a line is on, counted from 0 (`starts`: the lines opening a page, sorted)."""
    return sum(1 for s in starts if s <= line)
