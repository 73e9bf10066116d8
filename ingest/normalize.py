"""Normalisers for cell texts and labels.

`parse_value` decides whether a cell text is a value cell (number / blank / not applicable)
and `norm_label` reduces a printed label to the key under which `labels.csv` stores it.
Both are pure and hot: they run on every cell of every report.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ingest.states import BLANK, MISSING, NOT_APPLICABLE  # noqa: F401  (re-exported)
from ingest.states import NUMBER as NUMBER_STATE

# After NFKC: ／→/, －→-, full-width digits → ASCII. Dashes of every width count.
_NA_TEXTS = frozenset({"/", "-", "—", "——", "–", "―", "─", "--", "---", "无", "\\", "/ /", "—/—"})
_NUMBER = re.compile(
    r"^(?P<sign>[-+])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*(?P<unit>件|条|个|项|次|万元|元|份)?$"
)
# A value cell starts with a digit, a sign or a not-applicable mark (any width): labels fail fast.
_VALUE_START = frozenset("0123456789+-/\\—–―─无" "０１２３４５６７８９＋－／")
_SPACES = re.compile(r"\s+")
# Pinyin glosses injected into labels by some web pages: 規(guī)章
_PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)[、.]?|\d+[.、)]|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_MARKDOWN_HEAD = re.compile(r"^[#>*\s]+")
_PUNCT = re.compile(r"[\s，,。.;；:：、·|*#()\[\]【】“”\"'‘’<>《》!！?？…_~`-]+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# The full-width forms every report prints: replaced before the (slow) full normalisation is
# found to be needed at all.
_COMMON_WIDE = tuple((ch, nfkc(ch)) for ch in "，：（）")
# the one-character forms of the full-width ASCII forms (`０`, `／`) and the Kangxi radicals (`⼀`):
# what a line or label not yet normalised most often holds, replaced before the (slow) normalisation
_WIDE_FORMS = {ch: nfkc(ch) for ch in map(chr, (*range(0xFF01, 0xFF5F), *range(0x2F00, 0x2FD6))) if nfkc(ch) != ch}


def nfkc_text(text: str) -> str:
    """`nfkc(text)`, faster on a document's whole text.

    Replacing any character c by nfkc(c) leaves the text's NFKD, hence its NFKC, unchanged
    (NFKD(NFKC(c)) == NFKD(c)); so once the common full-width forms are replaced, a text that
    is already normalised is the answer. Otherwise only its lines that are not normalised are:
    a line break neither composes with nor reorders around its neighbours.
    """
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return "\n".join(map(_nfkc_line, text.split("\n")))


def _nfkc_line(line: str) -> str:
    """`nfkc(line)`, by the same rule: the common one-character forms replaced first."""
    if unicodedata.is_normalized("NFKC", line):
        return line
    for ch in _WIDE_FORMS.keys() & set(line):
        line = line.replace(ch, _WIDE_FORMS[ch])
    return line if unicodedata.is_normalized("NFKC", line) else nfkc(line)


@lru_cache(maxsize=1 << 16)
def parse_value(text: str | None) -> tuple[int | float | None, str] | None:
    """(value, state) when the text is a value cell, else None (a label or running text).

    `None` input (a position covered by a merged cell) is not a value.
    """
    if text is None:
        return None
    t = text.strip()
    if not t:
        return None, BLANK
    if t[0] not in _VALUE_START:
        return None
    if not t.isascii():
        t = nfkc(t).strip()
    if t in _NA_TEXTS:
        return None, NOT_APPLICABLE
    m = _NUMBER.match(t)
    if m is None:
        if " " in t:  # "1 234" or "12 件" split by extraction
            m = _NUMBER.match(t.replace(" ", ""))
        if m is None:
            return None
    digits = m.group("int").replace(",", "")
    frac = m.group("frac")
    if frac and frac.strip(".0"):
        value: int | float = float(digits + frac)
    else:
        value = int(digits)
    if m.group("sign") == "-":
        value = -value
    return value, NUMBER_STATE


@lru_cache(maxsize=65536)
def norm_label(text: str) -> str:
    """The matching key of a printed label: NFKC, no spaces, pinyin glosses and numbering dropped."""
    t = _nfkc_line(text)
    t = _MARKDOWN_HEAD.sub("", t)
    t = _PINYIN_GLOSS.sub("", t)
    t = _SPACES.sub("", t)
    for _ in range(3):  # "三、(一)" or "(三)1." stacked numbering
        stripped = _NUMBERING.sub("", t, count=1)
        if stripped == t:
            break
        t = stripped
    t = _PUNCT.sub("", t)
    return nfkc(t) if not t.isascii() else t


_TRAD_ONLY: frozenset[str] | None = None
_CONVERTER = None


def _trad_only_chars() -> frozenset[str]:
    global _TRAD_ONLY
    if _TRAD_ONLY is None:
        from importlib.resources import files

        path = files("opencc") / "dictionary" / "TSCharacters.txt"
        trad: set[str] = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            src, _, targets = line.partition("\t")
            if len(src) == 1 and src not in targets.split():
                trad.add(src)
        _TRAD_ONLY = frozenset(trad)
    return _TRAD_ONLY


@lru_cache(maxsize=1)
def _trad_only_pattern() -> re.Pattern[str]:
    """Any character of `_trad_only_chars`, or any character beyond the BMP (those would turn the
    class into a slow list of literals; they only send a text to the exact count)."""
    bmp = sorted(ch for ch in _trad_only_chars() if ord(ch) <= 0xFFFF)
    return re.compile("[" + "".join(map(re.escape, bmp)) + "\U00010000-\U0010FFFF]")


TRADITIONAL_SHARE = 0.05  # a text with more traditional-only characters than this is converted


def traditional_share(text: str, sample: int = 4000) -> float:
    """Share of the sample's distinct CJK characters that exist only in traditional script."""
    if _trad_only_pattern().search(text, 0, sample) is None:
        return 0.0  # the usual report: not one such character (one search instead of a set of them all)
    chars = set(text[:sample])
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff")
    return len(chars & _trad_only_chars()) / cjk if cjk else 0.0


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC's t2s dictionaries (phrases, then characters).

    OpenCC converts the pieces between separators (white space among them) one by one, so a
    text converts line by line; lines and cells repeat from report to report.
    """
    return "\n".join(map(_simplified_line, text.split("\n")))


@lru_cache(maxsize=1 << 14)
def _simplified_line(line: str) -> str:
    global _CONVERTER
    if _CONVERTER is None:
        from opencc import OpenCC

        _CONVERTER = OpenCC("t2s")
    return _CONVERTER.convert(line)
