"""The not-applicable marks of a scanned value cell told by their shape: `—` / `-` / `一`
(one straight horizontal stroke) and `/` / `／` (one straight stroke rising to the right).

Recognition is least sure of exactly these: a lone short stroke has no context, and the
model reads a `／` half as `7` or `/`, a `-` as `-`, `=`, `一` or nothing, below the
confidence a value is stated at. Their shape is unambiguous, and no digit has it: a `1` is
upright, a `7` has a bar and a stem at an angle, a `0` is a ring, and a value with digits
is several strokes. A rule's remnant along the cell's border (on a turned scan) is
not a mark: a mark stands clear of the cell's edges and is shorter than most of its width.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

MARK_CONF = 0.95  # confidence given to a mark its shape confirms (a value is stated from 0.90)
DASH, SLASH = "—", "/"


def mark_of(ink: np.ndarray, pt: float) -> str | None:
    """DASH or SLASH when the ink of a cell (255 = ink, rules erased; the cell's inside,
    points per pixel pt) is one straight stroke of that mark, else None."""
    h, w = ink.shape
    if not h or not w:
        return None
    n, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    speck = max(4, round(0.35 / pt) ** 2)
    strokes = [k for k in range(1, n) if stats[k, cv2.CC_STAT_AREA] >= speck]
    if len(strokes) != 1:
        return None
    k = strokes[0]
    x, y, bw, bh = (int(v) for v in stats[k, :4])
    edge = max(1, round(1.0 / pt))
    if x < edge or x + bw > w - edge or bw > 0.6 * w:
        return None  # touches the cell's side, or runs along most of it: a rule's remnant
    # a dash stands in the middle of the cell's height, clear of the rules above and below
    dash_place = y >= edge and y + bh <= h - edge and 0.25 * h <= y + bh / 2 <= 0.75 * h
    if dash_place and bh * pt <= 2.0 and bw * pt >= 2.0 and bw >= 1.4 * bh and stats[k, cv2.CC_STAT_AREA] >= 0.6 * bw * bh:
        return DASH  # a solid bar, wider than high and no higher than a stroke (a blurred `-` is 8×4 px at 200 dpi)
    ys, xs = np.nonzero(labels == k)
    pts = np.column_stack([xs, ys]).astype(np.float64)
    pts -= pts.mean(axis=0)
    evals, evecs = np.linalg.eigh(pts.T @ pts / len(pts))
    length = math.sqrt(12 * max(evals[1], 0.0)) * pt  # a uniform bar's extent from its variance
    width = math.sqrt(12 * max(evals[0], 0.0)) * pt
    if length < 4.0 or width > 2.0 or length < 3 * width:
        return None  # a dot, a blob or a ring: not a stroke
    vx, vy = evecs[:, 1]
    angle = math.degrees(math.atan2(-vy, vx)) % 180  # 0 = horizontal, 90 = upright, rising to the right < 90
    if angle <= 10 or angle >= 170:
        return DASH if dash_place else None
    if 40 <= angle <= 75:
        return SLASH
    return None
