"""Page images for the OCR reader: decode with limits, deskew, find ruling lines, erase them.

Pure image work (numpy + OpenCV), no OCR here. A page is a grayscale uint8 array; the
geometry handed on is in PDF points (1/72 inch) so the grid builder's tolerances
(`_pdf_layout.SNAP`, `MIN_RULE`) mean the same as for a PDF with a text layer.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import cv2
import numpy as np

from ingest.readers import UnreadableError
from ingest.readers._pdf_layout import Seg

MAX_PIXELS = 60_000_000  # one decoded page; an A4 page at 600 dpi is 35 Mpx
MAX_PAGES = 60  # pages OCR'd per document (a report has 3-10); more is refused, not truncated
ASSUMED_PAGE_WIDTH_IN = 8.27  # A4, when an image carries no resolution
MAX_SKEW = 4.0  # degrees searched by the deskew


@dataclass(slots=True)
class PageImage:
    gray: np.ndarray  # uint8, dark ink on light paper
    dpi: float

    @property
    def pt(self) -> float:
        """Points per pixel."""
        return 72.0 / self.dpi


def decode_images(data: bytes, path: str) -> list[PageImage]:
    """The pages of a JPEG / PNG / TIFF file (a multi-page TIFF is one report, page by page)."""
    from PIL import Image, ImageSequence

    if not data:
        raise UnreadableError("unreadable.empty", "the image file is empty (0 bytes)")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            _check_size(im.size)
            pages = []
            for k, frame in enumerate(ImageSequence.Iterator(im)):
                if k >= MAX_PAGES:
                    raise UnreadableError("unreadable.too_many_pages",
                                          f"the image has more than {MAX_PAGES} pages; "
                                          f"a report of more than {MAX_PAGES} scanned pages is not OCR'd")
                _check_size(frame.size)
                dpi = _dpi_of(frame)
                gray = np.asarray(frame.convert("L"))
                pages.append(PageImage(gray, dpi))
    except UnreadableError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableError("unreadable.image_too_large",
                              f"the image is over the limit of {MAX_PIXELS / 1e6:.0f} Mpx and is not decoded "
                              f"(a decompression bomb or a huge scan): {exc}") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnreadableError("unreadable.corrupt", f"not a readable image ({exc})") from None
    if not pages:
        raise UnreadableError("unreadable.corrupt", "the image has no page")
    return pages


def _check_size(size: tuple[int, int]) -> None:
    w, h = size
    if w * h > MAX_PIXELS:
        raise UnreadableError("unreadable.image_too_large",
                              f"a page of {w}×{h} pixels ({w * h / 1e6:.0f} Mpx) is over the limit of "
                              f"{MAX_PIXELS / 1e6:.0f} Mpx; it is not decoded (a decompression bomb or a huge scan)")
    if w < 50 or h < 50:
        raise UnreadableError("unreadable.image_too_small", f"a page of {w}×{h} pixels holds no readable text")


def _dpi_of(frame) -> float:
    dpi = frame.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    if 50 <= x <= 1200:
        return x
    return frame.size[0] / ASSUMED_PAGE_WIDTH_IN


# --------------------------------------------------------------------------- deskew


def _profile_score(small: np.ndarray, angle: float) -> float:
    h, w = small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rot.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(gray: np.ndarray) -> float:
    """The page's rotation in degrees (OpenCV's sign): the angle whose row projection of the
    ink is sharpest (text lines and rules line up), searched coarse then fine."""
    scale = min(1.0, 800 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink = ink.astype(np.uint8)
    if ink.sum() < 50:
        return 0.0
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=lambda a: _profile_score(ink, a))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(max(fine, key=lambda a: _profile_score(ink, a)))


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = skew_angle(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


# --------------------------------------------------------------------------- rules


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink. Otsu after a light blur (scanner noise is not ink)."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def rules(ink: np.ndarray, pt: float) -> tuple[list[Seg], list[Seg], np.ndarray]:
    """Horizontal and vertical ruling lines (in points) and the mask of their pixels.

    Morphological opening with a long thin kernel keeps only straight runs of ink: a
    horizontal rule is longer than 28 pt (a printed "——" is ~21 pt and stays text); a
    vertical rule may be one row high (≥ 14 pt; a glyph's stroke is shorter) but both its ends lie on horizontal rules, so the
    strokes of a glyph are not taken for rules (nor erased): it runs from one horizontal
    rule to another. A run that goes on past the last rule it crosses (a glyph's stroke in
    line with the rule, in the row above) is cut there; strokes of glyphs printed in line
    in two rows (the same label text in both) chain into one run across the rule between
    them, but a glyph's other strokes touch that run where a rule has the cell's padding
    on both sides: such a run is text (`_glyph_run`)."""
    hrun, vrun = max(15, round(28 / pt)), max(9, round(14 / pt))
    hmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hrun, 1)))
    vmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vrun)))
    # bridge the gaps a noisy scan leaves in a rule
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
    thick = max(3, round(4 / pt))  # a rule is thinner than ~4 pt
    hboxes = [b for b in _boxes(hmask) if b[3] <= thick]
    tol = max(3, round(2.5 / pt))
    text_ink = np.where(cv2.dilate(hmask, np.ones((5, 3), np.uint8)) > 0, 0, ink)
    vboxes = [t for b in _boxes(vmask) if b[2] <= thick
              for t in _rule_pieces(b, hboxes, tol, text_ink, max(2, round(1.0 / pt)))]
    hboxes = [b for b in hboxes if any(_touch(vb, b, 3) for vb in vboxes)]
    mask = np.zeros_like(ink)
    for x, y, bw, bh in hboxes:
        mask[y:y + bh, x:x + bw] = hmask[y:y + bh, x:x + bw]
    for x, y, bw, bh in vboxes:
        mask[y:y + bh, x:x + bw] |= vmask[y:y + bh, x:x + bw]
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    hsegs = [Seg((y + bh / 2) * pt, x * pt, (x + bw) * pt) for x, y, bw, bh in hboxes]
    vsegs = [Seg((x + bw / 2) * pt, y * pt, (y + bh) * pt) for x, y, bw, bh in vboxes]
    return hsegs, vsegs, mask


def _rule_pieces(v: tuple[int, int, int, int], hboxes: list[tuple[int, int, int, int]], tol: int,
                 text_ink: np.ndarray, band: int) -> list[tuple[int, int, int, int]]:
    """The parts of the vertical run v that are rules: cut at the horizontal rules it meets,
    each piece from one rule to the next kept unless it is a chain of glyph strokes
    (`_glyph_run`); what runs on past the first or the last rule met is a glyph's stroke in
    line with the rule and is left out. Kept pieces that meet are one rule again."""
    x, y, w, h = v
    met = sorted({(hy, hy + hh) for hx, hy, hw, hh in hboxes
                  if hx - tol <= x + w and x <= hx + hw + tol and y - tol <= hy + hh and hy <= y + h - 1 + tol})
    out: list[tuple[int, int, int, int]] = []
    for (a0, a1), (b0, b1) in zip(met, met[1:]):
        top, bottom = max(y, a0), min(y + h, b1)
        if b0 - a1 < 2 * tol or bottom - top <= 0:
            continue  # the two edges of one rule
        if _glyph_run(text_ink, (x, a1, w, b0 - a1), band):
            continue
        if out and out[-1][1] + out[-1][3] >= top:
            px, py, pw, ph = out[-1]
            out[-1] = (px, py, pw, bottom - py)
        else:
            out.append((x, top, w, bottom - top))
    return out


def _glyph_run(text_ink: np.ndarray, v: tuple[int, int, int, int], band: int) -> bool:
    """Is the vertical run v (one row high) a chain of glyph strokes rather than a rule? A
    rule has the cells' padding on both sides: ink within `band` pixels of it, one pixel
    off, in more than an eighth of its rows is the rest of the glyphs (horizontal rules are
    left out of text_ink)."""
    x, y, w, h = v
    left = text_ink[y:y + h, max(x - 1 - band, 0):max(x - 1, 0)]
    right = text_ink[y:y + h, x + w + 1:x + w + 1 + band]
    rows = (left.any(axis=1) if left.size else np.zeros(h, bool)) | (right.any(axis=1) if right.size else np.zeros(h, bool))
    return bool(rows.size) and float(rows.mean()) > 0.12


def _touch(v: tuple[int, int, int, int], h: tuple[int, int, int, int], tol: int) -> bool:
    """Does the vertical box v meet the horizontal box h (within tol pixels)?"""
    vx, vy, vw, vh = v
    hx, hy, hw, hh = h
    return hx - tol <= vx + vw and vx <= hx + hw + tol and vy - tol <= hy + hh and hy <= vy + vh + tol


def _boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [tuple(int(v) for v in stats[k, :4]) for k in range(1, n)]


def erase(gray: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = gray.copy()
    out[mask > 0] = 255
    return out


def has_ink(ink: np.ndarray, x0: int, y0: int, x1: int, y1: int, min_area: int) -> bool:
    """Is there a blob of ink of at least min_area pixels inside the box (rules erased)?"""
    crop = ink[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)]
    if crop.size == 0 or int(crop.sum()) // 255 < min_area:
        return False
    n, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    return any(stats[k, cv2.CC_STAT_AREA] >= min_area for k in range(1, n)) or int(crop.sum()) // 255 >= 4 * min_area


def outside(ink: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The ink mask with the given boxes (x0, y0, x1, y1) blanked out."""
    out = ink.copy()
    for x0, y0, x1, y1 in boxes:
        out[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = 0
    return out


def ink_box(ink: np.ndarray, x0: int, y0: int, x1: int, y1: int, pad: int = 4) -> tuple[int, int, int, int] | None:
    """The box around the ink inside a cell, leaving out what remains of a rule at its edges
    (a thin run along the border that the erasure missed on a turned scan); None when empty."""
    crop = ink[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)]
    if crop.size == 0:
        return None
    h, w = crop.shape
    n, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    keep = []
    for k in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[k])
        edge_line = (bw <= 4 and bh >= 0.5 * h) or (bh <= 4 and bw >= 0.5 * w)
        if area >= 3 and not edge_line:
            keep.append((x, y, x + bw, y + bh))
    if not keep:
        return None
    return (x0 + max(min(b[0] for b in keep) - pad, 0), y0 + max(min(b[1] for b in keep) - pad, 0),
            x0 + min(max(b[2] for b in keep) + pad, w), y0 + min(max(b[3] for b in keep) + pad, h))
