"""Text detection and recognition: the PP-OCRv4 Chinese models shipped inside the
`rapidocr-onnxruntime` wheel (no download at run time), run through onnxruntime.

Recognition keeps the model's per-step character probabilities, so one forward pass gives
two readings of a text box: the free reading (any character) and the digits-only reading
(the argmax over the characters a table-3 value cell can hold), each with the confidence of
its least certain character. A value cell is read the second way: an `L` that is really a
`1` becomes `1` with a low confidence, which the identities then arbitrate.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass

import cv2
import numpy as np

# What a value cell can print: digits, separators, a minus, the not-applicable marks, units.
VALUE_CHARS = "0123456789.,/-—－／无件万元"
DET_SIDE = 1400  # detection runs on the page scaled to this longer side (~120 dpi for A4)
_lock = threading.Lock()
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
                               det_limit_type="max", det_limit_side_len=DET_SIDE)
            chars = _engine.text_rec.postprocess_op.character
            allowed = [0] + [k for k, c in enumerate(chars) if c in VALUE_CHARS]
            _engine.gongkai_value_idx = np.array(sorted(set(allowed)))
        return _engine


def detect(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Axis-aligned boxes (x0, y0, x1, y1) in pixels of the text lines of a (deskewed) page."""
    eng = engine()
    scale = min(1.0, DET_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    boxes, _ = eng.text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    out = []
    for quad in boxes if boxes is not None else []:
        xs, ys = quad[:, 0] / scale, quad[:, 1] / scale
        out.append((int(math.floor(xs.min())), int(math.floor(ys.min())), int(math.ceil(xs.max())), int(math.ceil(ys.max()))))
    return out


def recognise(gray: np.ndarray, boxes: list[tuple[int, int, int, int]], batch: int = 8) -> list[Reading]:
    """One Reading per box (crops of the page, in pixels)."""
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
    order = sorted(range(len(crops)), key=lambda k: crops[k].shape[1] / crops[k].shape[0])
    out: list[Reading | None] = [None] * len(crops)
    _, img_h, img_w = rec.rec_image_shape
    for start in range(0, len(order), batch):
        ids = order[start:start + batch]
        ratio = max([img_w / img_h] + [crops[k].shape[1] / crops[k].shape[0] for k in ids])
        norm = np.stack([rec.resize_norm_img(crops[k], ratio) for k in ids]).astype(np.float32)
        preds = rec.session(norm)[0]
        for k, p in zip(ids, preds):
            text, conf = _greedy(p, chars, None)
            digits, dconf = _greedy(p, chars, value_idx)
            out[k] = Reading(text, conf, digits, dconf)
    return out  # type: ignore[return-value]


def _greedy(probs: np.ndarray, chars: list[str], allowed: np.ndarray | None) -> tuple[str, float]:
    """CTC greedy decoding, optionally restricted to `allowed` class indices (blank = 0)."""
    if allowed is not None:
        sub = probs[:, allowed]
        idx = allowed[sub.argmax(axis=1)]
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
