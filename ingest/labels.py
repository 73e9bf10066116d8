"""The label-variant table (`data/labels.csv`) as a lookup: normalised label → (scope, code).

`match=exact` variants must equal the normalised label; `match=prefix` variants may be
followed by more text (`部分公开（区分处理的……）`, `现行有效件数（历史累计）`). Fuzzy matching is
the caller's last resort and is reported as a finding.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ingest.normalize import norm_label


_MIN_TRUNCATED = 6
_MAX_REMEMBERED = 1 << 16  # answers kept per cache; it starts afresh when full (memory stays bounded)
_WRAPPABLE = frozenset({"t3_row", "t2_item_2019", "t2_header", "t2_header_2019", "t3_header", "section"})


@dataclass(frozen=True, slots=True)
class Label:
    scope: str
    code: str
    variant: str


class LabelTable:
    def __init__(self, rows: list[dict[str, str]]):
        self.exact: dict[str, list[Label]] = {}
        prefix: list[tuple[str, Label]] = []
        self.canonical: dict[tuple[str, str], str] = {}
        for r in rows:
            key = norm_label(r["variant"])
            label = Label(r["scope"], r["code"], r["variant"])
            self.canonical.setdefault((r["scope"], r["code"]), r["variant"])
            self.exact.setdefault(key, []).append(label)
            if r["match"] == "prefix":
                prefix.append((key, label))
        self.prefix = sorted(prefix, key=lambda kv: -len(kv[0]))
        self._fuzzy_keys: dict[frozenset[str], list[tuple[str, Label]]] = {}
        # Answers per key: the table never changes, and a report prints the same labels as the last.
        self._looked_up: dict[str, list[Label]] = {}
        self._fuzzy_found: dict[tuple[str, frozenset[str], float], tuple[Label, float] | None] = {}

    def lookup(self, key: str) -> list[Label]:
        """The labels stored under the key (exact, else prefix, else a wrapped long label); do not mutate."""
        hit = self.exact.get(key)
        if hit:
            return hit
        found = self._looked_up.get(key)
        if found is None:
            found = _remember(self._looked_up, key, self._lookup_inexact(key))
        return found

    def _lookup_inexact(self, key: str) -> list[Label]:
        found = [label for variant, label in self.prefix if key.startswith(variant)][:1]
        if found or len(key) < _MIN_TRUNCATED:
            return found
        return self.truncated(key)

    def truncated(self, key: str) -> list[Label]:
        """A long label cut short by a line wrap (`要求行政机关确认或重新出`): the one variant it begins."""
        hits = {(lab.scope, lab.code): lab for variant, labs in self.exact.items() if variant.startswith(key)
                for lab in labs if lab.scope in _WRAPPABLE}
        return list(hits.values()) if len(hits) == 1 else []

    def fuzzy(self, key: str, scopes: frozenset[str], cutoff: float = 0.8) -> tuple[Label, float] | None:
        """Closest variant within `scopes` (difflib ratio ≥ cutoff), for typos the table lacks."""
        asked = (key, scopes, cutoff)
        if asked in self._fuzzy_found:
            return self._fuzzy_found[asked]
        return _remember(self._fuzzy_found, asked, self._closest(key, scopes, cutoff))

    def _closest(self, key: str, scopes: frozenset[str], cutoff: float) -> tuple[Label, float] | None:
        if len(key) < 4:
            return None
        pool = self._fuzzy_keys.get(scopes)
        if pool is None:
            pool = [(k, lab) for k, labs in self.exact.items() for lab in labs if lab.scope in scopes and len(k) >= 4]
            self._fuzzy_keys[scopes] = pool
        best: tuple[Label, float] | None = None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        for variant, label in pool:
            matcher.set_seq1(variant)
            if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
                continue
            ratio = matcher.ratio()
            if ratio >= cutoff and (best is None or ratio > best[1]):
                best = (label, ratio)
        return best


def _remember(cache: dict, key, answer):
    if len(cache) >= _MAX_REMEMBERED:
        cache.clear()
    cache[key] = answer
    return answer


@lru_cache(maxsize=1)
def label_table() -> LabelTable:
    text = (files("ingest") / "data" / "labels.csv").read_text(encoding="utf-8")
    return LabelTable(list(csv.DictReader(text.splitlines())))
