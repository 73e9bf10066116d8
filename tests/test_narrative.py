"""Section headings of the narrative: the search for section 六 may start on the line of the first 六."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.narrative import _OTHER, _other_heading

_PIECES = st.sampled_from(["六、其他需要报告的事项", "（六）其 他 需 要 报 告", "六", "其他需要报告", "\n", "\n\n", " ",
                           "#", "## ", "（", "(", "、", "正文六条", "一、总体情况"])


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_other_heading_ends_where_a_full_search_ends(text):
    full = _OTHER.search(text)
    fast = _other_heading(text)
    assert (full and full.end()) == (fast and fast.end())
