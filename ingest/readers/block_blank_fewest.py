"""Table 3 of whole blank rows whose rows the labels name (`block_blank_rows._beside_rows`: each
printed row's first values beside its label, a blank row's label alone) where the report prints
an inconsistent table: the fewest-violations reading (`ingest.alignment_breaks`).

The labels fix which outcome each printed row is, so the only choices left are the band
readings of the columns printed apart from the labels. Where no reading keeps every identity
(a printed slip in a column sum, the results' sum or the balance), every reading is weighed by
the identity instances it breaks, and the rows every near-fewest reading agrees on are read,
as the full table's rule reads them (`block_fewest`). Weighed only where nothing else was read,
so it costs nothing on the tables whose identities hold."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.alignment import Token
from ingest.alignment_breaks import MARGIN, MAX_BROKEN, Fewest, Placement, agreed_rows, broken
from ingest.readers.block_bands import distinct_readings, reading_key, weighing_slips
from ingest.readers.block_headers import agrees, named_flows
from ingest.readers.block_segments import Segment

_MAX_TRIED = 20_000  # readings weighed at most (more: none read)

Named = list[tuple[str, set[int]]]  # each printed row's outcome and the ids of the values beside its label


def labelled_fewest(cuts: Sequence[tuple[list[Segment], Named]], outcomes: list[str], blank: list[Token]
                    ) -> Fewest | None:
    """The rows the fewest-violations rule states over every reading of each cut whose printed
    rows the labels name (`cuts`), the outcomes no label names blank; None where it states none
    or there are too many readings."""
    one_other = "other.no_correction" not in outcomes
    found: list[Placement] = []
    seen: set[tuple] = set()
    tried = 0
    with weighing_slips():  # a band whose rows hold the slip in a row total: its readings too
        for cut, at in cuts:
            named = named_flows([g for x in cut for g in x.groups], [h for x in cut for h in x.heads])
            for reading in distinct_readings(cut, len(at)):
                tried += 1
                if tried > _MAX_TRIED:
                    return None
                if not agrees(reading, named) or not all(ids <= set(map(id, row))
                                                          for row, (_, ids) in zip(reading, at)):
                    continue
                table = {o: blank for o in outcomes}
                table.update((o, row) for row, (o, _) in zip(reading, at))
                key = reading_key([table[o] for o in outcomes])
                if key in seen:
                    continue
                seen.add(key)
                found.append((broken(table, one_other, MAX_BROKEN + MARGIN), [table[o] for o in outcomes],
                              frozenset()))
    return agreed_rows(found, outcomes)
