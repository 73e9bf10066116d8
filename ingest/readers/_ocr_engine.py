"""Text detection and recognition: the PP-OCRv4 Chinese models shipped inside the
`rapidocr-onnxruntime` wheel (no download at run time), run through onnxruntime.

Recognition keeps the model's per-step character probabilities, so one forward pass gives
two readings of a text box: the free reading (any character) and the digits-only reading
(the argmax over the characters a table-3 value cell can hold), each with the confidence of
its least certain character. A value cell is read the second way: an `L` that is really a
`1` becomes `1` with a low confidence, which the identities then arbitrate.
"""

from __future__ import annotations

import ctypes
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ingest.readers._ocr_graph import model_file

# What a value cell can print: digits, separators, a minus, the not-applicable marks, units.
VALUE_CHARS = "0123456789.,/-—无件万元"
# Glyphs a value cell's character is printed as in another alphabet (full-width forms) or
# that the model cannot tell from it in isolation (0 and o/O, 1 and l/I/|, a dash and 一):
# their probability counts for the value character in the digits-only reading. A 0 read
# 0.55 '0' + 0.32 'o' + 0.08 'O' is a 0 with 0.95, where the competing reading of another
# digit (a 6 or an 8) keeps its probability apart and still lowers the confidence.
VALUE_ALIASES = {"0": "oO〇○０Ｏｏ", "1": "lI|１ｌＩ丨", "2": "２", "3": "３", "4": "４", "5": "５", "6": "６",
                 "7": "７", "8": "８", "9": "９", ".": "．·", ",": "，", "/": "／", "-": "－", "—": "一–"}
MIN_RATIO = 1.5  # a crop is padded to at least 1.5 times its height (see recognise)
DET_SIDE = 1400  # detection runs on the page scaled to this longer side (~120 dpi for A4)
_lock = threading.Lock()
_malloc_trim = None  # glibc's malloc_trim, False where there is none (see _trim)
_engine = None


@dataclass(slots=True)
class Reading:
    text: str  # free reading
    conf: float  # least certain character of the free reading (1.0 when empty)
    digits: str  # digits-only reading
    digits_conf: float  # least certain character of the digits-only reading


def engine():
    """The process's detector and recogniser (loaded once; ~0.5 s, ~15 MB of models)."""
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            threads = int(os.environ.get("GONGKAI_OCR_THREADS", "1"))
            _engine = RapidOCR(use_cls=False, intra_op_num_threads=threads, inter_op_num_threads=1,
                               det_limit_type="max", det_limit_side_len=DET_SIDE,
                               det_model_path=str(_model("Det")), rec_model_path=str(_model("Rec")))
            chars = _engine.text_rec.postprocess_op.character
            allowed = sorted({0} | {k for k, c in enumerate(chars) if c in VALUE_CHARS})
            index = {c: k for k, c in enumerate(chars)}
            aliases = [(col, np.array([index[a] for a in VALUE_ALIASES.get(chars[k], "") if a in index], int))
                       for col, k in enumerate(allowed) if k]
            _engine.gongkai_value_idx = np.array(allowed)
            _engine.gongkai_value_aliases = [(col, idx) for col, idx in aliases if len(idx)]
        return _engine


def _model(part: str) -> Path:
    """The rapidocr model of `part` ("Det", "Rec") with its graph rewritten (`_ocr_graph`:
    the same arithmetic, ~27 % less time a pass)."""
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path

    return model_file(update_model_path(read_yaml(DEFAULT_CFG_PATH))[part]["model_path"])


def detect(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Axis-aligned boxes (x0, y0, x1, y1) in pixels of the text lines of a (deskewed) page.

    The page is scaled to DET_SIDE, then stretched to the multiple of 32 the model needs,
    as rapidocr does; but the model's input is made from the gray page directly, where
    rapidocr's preprocessing makes float64 BGR copies of the page (~100 MB at the peak).
    Keep the input as it is: the detector's squeeze-excitation blocks average over the whole
    page, so cutting the white margins off, padding instead of stretching, or a smaller scale
    changed which lines were found and cost 5-40 % of the cells of the scanned fixtures."""
    det = engine().text_det
    scale = min(1.0, DET_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    h, w = small.shape
    sized = cv2.resize(small, (max(32, round(w / 32) * 32), max(32, round(h / 32) * 32)))
    x = np.empty((1, 3, *sized.shape), np.float32)
    np.multiply(sized, np.float32(2 / 255), out=x[0, 0])
    x[0, 0] -= 1
    x[0, 1] = x[0, 2] = x[0, 0]
    del sized
    pred = det.infer(x)[0]
    del x
    boxes, _ = det.postprocess_op(pred, (h, w))
    boxes = det.filter_tag_det_res(boxes, (h, w))
    del pred
    _trim()
    out = []
    for quad in boxes if boxes is not None else []:
        xs, ys = quad[:, 0] / scale, quad[:, 1] / scale
        out.append((int(math.floor(xs.min())), int(math.floor(ys.min())), int(math.ceil(xs.max())), int(math.ceil(ys.max()))))
    return out


def recognise(gray: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[Reading]:
    """One Reading per box (crops of the page, in pixels).

    One crop per forward pass, padded to no less than MIN_RATIO: a batch pads every crop to
    the widest of it (a page number padded to the width of a paragraph line), and the
    model's default minimum of 320×48 pads a one-digit cell to six times its width; both
    cost more than the batching saves (2.5-3× the CPU a page, measured), and the padding
    lowered the confidence of short readings. Most crops are one table cell narrower than
    high (a value of one to three digits): the pass costs about in proportion to the padded
    width, so padding them to 1.5 rather than 2 heights cut recognition ~17 % a page (2.0
    to 1.0 heights: ~21 %), with as many cells read on the scanned fixtures (measured,
    docs/ocr.md). Batching crops of about the same width was slower still (measured)."""
    eng = engine()
    rec = eng.text_rec
    chars = rec.postprocess_op.character
    value_idx = eng.gongkai_value_idx
    h, w = gray.shape
    crops = []
    for x0, y0, x1, y1 in boxes:
        crop = gray[max(y0, 0):min(y1, h), max(x0, 0):min(x1, w)]
        if crop.size == 0:
            crop = np.full((8, 8), 255, np.uint8)
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    out = []
    for crop in crops:
        ratio = max(MIN_RATIO, crop.shape[1] / crop.shape[0])
        p = rec.session(rec.resize_norm_img(crop, ratio)[None].astype(np.float32))[0][0]
        text, conf = _greedy(p, chars, None)
        digits, dconf = _greedy(p, chars, value_idx, eng.gongkai_value_aliases)
        out.append(Reading(text, conf, digits, dconf))
    _trim()
    return out


def _trim() -> None:
    """Hand the heap the models' buffers were freed into back to the system (glibc's
    malloc_trim). Detection's page-sized buffers are freed after each page but stay in the
    process's heap, and recognition's many small buffers, allocated among them, kept the
    next page's detection from reusing them: a worker's peak RSS grew page by page (516 MB
    after 6 pages, 434 MB with this; no CPU cost measured). A no-op without glibc."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


def _greedy(probs: np.ndarray, chars: list[str], allowed: np.ndarray | None = None,
            aliases: list[tuple[int, np.ndarray]] = ()) -> tuple[str, float]:
    """CTC greedy decoding, optionally restricted to `allowed` class indices (blank = 0), the
    probability of each allowed class counting its aliases' (VALUE_ALIASES)."""
    if allowed is not None:
        sub = probs[:, allowed]
        for col, idx in aliases:
            sub[:, col] += probs[:, idx].sum(axis=1)
        best = sub.argmax(axis=1)
        idx, p = allowed[best], sub[np.arange(len(best)), best]
    else:
        idx = probs.argmax(axis=1)
        p = probs[np.arange(len(idx)), idx]
    text: list[str] = []
    confs: list[float] = []
    prev = -1
    for k, (i, pi) in enumerate(zip(idx, p)):
        if i != 0 and i != prev:
            text.append(chars[i])
            confs.append(float(pi))
        elif i != 0 and i == prev and confs:
            confs[-1] = max(confs[-1], float(pi))
        prev = i
    return "".join(text), (min(confs) if confs else 1.0)
