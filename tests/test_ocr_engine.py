"""The OCR engine's own preprocessing (ingest/readers/_ocr_engine.py) against rapidocr's.

`detect` builds the detector's input from the gray page itself (no float64 BGR copies); the
detector is sensitive to every pixel of its input (its squeeze-excitation blocks average over
the whole page), so the boxes must be exactly those rapidocr's own preprocessing gives.
One committed page (tests/fixtures/scans/t3_page.jpg), detection only (~1 CPU s).
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

from ingest.readers import _ocr_engine as ocr
from ingest.readers import _scan_image as im

PAGE = Path(__file__).resolve().parent / "fixtures" / "scans" / "t3_page.jpg"


def test_detect_finds_the_boxes_rapidocr_preprocessing_finds():
    gray = im.decode_images(PAGE.read_bytes(), str(PAGE))[0].gray
    ours = ocr.detect(gray)

    scale = min(1.0, ocr.DET_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    quads, _ = ocr.engine().text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    theirs = [(math.floor(q[:, 0].min() / scale), math.floor(q[:, 1].min() / scale),
               math.ceil(q[:, 0].max() / scale), math.ceil(q[:, 1].max() / scale)) for q in quads]

    assert len(ours) > 50  # the table-3 page: a box per cell that holds text, at least
    assert len(ours) == len(theirs)
    # the same boxes up to a pixel (float32 rounding of the normalised input)
    assert np.abs(np.array(sorted(ours)) - np.array(sorted(theirs))).max() <= 1
