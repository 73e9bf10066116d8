"""The PP-OCRv4 detection and recognition graphs rewritten to run cheaper, same arithmetic.

Paddle's export spells out what onnxruntime would otherwise fuse into its convolutions: each
convolution is followed by a learnable affine `Mul(s) → Add(b)` (scalars), a hard-swish
written as `Add(3) → Clip(0, 6) → Mul(x) → Div(6)`, and another scalar affine before the next
convolution. onnxruntime fuses none of these (its Conv+Mul/Add fusions want per-channel
initializers, and hard-swish is not an op of opset 12), so each is a pass over the whole
feature map: about a third of the models' time (measured with onnxruntime's profiler,
docs/ocr.md "stop 15"). Here:

- `Conv → Mul(s) → Add(b)`: s and b go into the convolution's weights and bias;
- the hard-swish becomes `x · HardSigmoid(x; 1/6, 1/2)`, which onnxruntime fuses;
- `Mul(s) → Add(b) → Conv`: s goes into the convolution's weights (zero padding stays zero
  when scaled); b into its bias where the convolution has no padding, else an `Add(b/s)`
  stays (a padded border would otherwise see b where the model sees 0).

Every rewrite is an identity of real arithmetic: outputs differ by float rounding only
(tests/test_ocr_graph.py; the parse of the scanned fixtures is the same). A graph without
these patterns is left as it is.

The rewritten model is kept beside the user's caches (importing onnx and rewriting cost
~1.3 s CPU; a worker that finds the file pays nothing and never imports onnx).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from ingest import user_cache


def model_file(source: str | Path) -> Path:
    """The rewritten model of the ONNX file `source`: from the cache, written on first use
    (under a unique name, then renamed: workers starting together never read half a file).
    Where no cache folder is writable, `source` itself (the same readings, slower)."""
    source = Path(source)
    st = source.stat()
    stamp = f"{source.resolve()}|{st.st_size}|{st.st_mtime_ns}|".encode() + Path(__file__).read_bytes()
    name = f"ocr-{source.stem}-{hashlib.sha256(stamp).hexdigest()[:16]}.onnx"
    roots = [*_user_cache(), Path(tempfile.gettempdir()) / "gongkai"]
    for root in roots:
        if (root / name).is_file():
            user_cache.touch(root / name)
            return root / name
    data = rewritten(source)
    for root in roots:
        tmp = root / f"{name}.{os.getpid()}.tmp"
        try:
            root.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, root / name)
            user_cache.prune(root / name, f"ocr-{source.stem}-*.onnx")  # older rewrites unused for a month
            return root / name
        except OSError:  # not writable, or full: the next folder
            with contextlib.suppress(OSError):
                tmp.unlink()
    return source


def _user_cache() -> list[Path]:
    try:
        return [user_cache.folder()]
    except RuntimeError:  # no home folder
        return []


def rewritten(path: str | Path) -> bytes:
    """The model at path, rewritten (serialized ONNX)."""
    import onnx

    model = onnx.load(str(path))
    _Rewrite(model.graph).run()
    return model.SerializeToString()


class _Rewrite:
    def __init__(self, graph):
        from onnx import numpy_helper

        self.g = graph
        self.consts: dict[str, np.ndarray] = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
        for n in graph.node:
            if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
                self.consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
        self.outputs = {o.name for o in graph.output}

    def run(self) -> None:
        for conv in [n for n in self.g.node if n.op_type == "Conv"]:
            self._affine_after(conv)
        for add in [n for n in self.g.node if n.op_type == "Add"]:
            self._hard_swish(add)
        for mul in [n for n in self.g.node if n.op_type == "Mul"]:
            self._affine_before(mul)
        self._drop_unused()

    # ---- helpers

    def _users(self, name: str) -> list:
        return [n for n in self.g.node if name in n.input]

    def _only_user(self, name: str, op: str) -> object | None:
        users = self._users(name)
        if name in self.outputs or len(users) != 1 or users[0].op_type != op:
            return None
        return users[0]

    def _scalar(self, name: str) -> float | None:
        a = self.consts.get(name)
        return float(a.reshape(-1)[0]) if a is not None and a.size == 1 else None

    def _scalar_operand(self, node) -> tuple[float, str] | None:
        """(c, x) of a binary node `op(c, x)` or `op(x, c)` with c a scalar constant."""
        if len(node.input) != 2:
            return None
        for k in (0, 1):
            c = self._scalar(node.input[k])
            if c is not None and node.input[1 - k] not in self.consts:
                return c, node.input[1 - k]
        return None

    def _weights(self, conv) -> tuple[np.ndarray, np.ndarray]:
        w = self.consts[conv.input[1]].astype(np.float64)
        b = self.consts[conv.input[2]].astype(np.float64) if len(conv.input) > 2 else np.zeros(w.shape[0])
        return w, b

    def _set_weights(self, conv, w: np.ndarray, b: np.ndarray) -> None:
        names = (f"{conv.output[0]}__w{len(self.consts)}", f"{conv.output[0]}__b{len(self.consts)}")
        for name, value in zip(names, (w, b)):
            arr = value.astype(np.float32)
            self.g.initializer.append(_tensor(arr, name))
            self.consts[name] = arr
        x = conv.input[0]
        del conv.input[:]
        conv.input.extend([x, *names])

    @staticmethod
    def _padded(conv) -> bool:
        from onnx import helper

        attrs = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
        auto = attrs.get("auto_pad", b"NOTSET")
        return any(attrs.get("pads", [])) or auto not in (b"NOTSET", b"VALID")

    # ---- the three rewrites

    def _affine_after(self, conv) -> None:
        """Conv → Mul(s) → Add(b) (either, in any order): into the conv's weights and bias."""
        if conv.input[1] not in self.consts:
            return
        w, b = self._weights(conv)
        folded = False
        while True:
            users = self._users(conv.output[0])
            if conv.output[0] in self.outputs or len(users) != 1 or users[0].op_type not in ("Mul", "Add"):
                break
            node = users[0]
            operand = self._scalar_operand(node)
            if operand is None:
                break
            c = operand[0]
            if node.op_type == "Mul":
                w, b = w * c, b * c
            else:
                b = b + c
            conv.output[0] = node.output[0]
            self.g.node.remove(node)
            folded = True
        if folded:
            self._set_weights(conv, w, b)

    def _hard_swish(self, add) -> None:
        """x → Add(3) → Clip(0, 6) → Mul(x, ·) → Div(6) as x · HardSigmoid(x; 1/6, 1/2)."""
        operand = self._scalar_operand(add)
        if operand is None or operand[0] != 3.0:
            return
        x = operand[1]
        clip = self._only_user(add.output[0], "Clip")
        if clip is None or len(clip.input) != 3 or (self._scalar(clip.input[1]), self._scalar(clip.input[2])) != (0.0, 6.0):
            return
        mul = self._only_user(clip.output[0], "Mul")
        if mul is None or set(mul.input) != {x, clip.output[0]}:
            return
        div = self._only_user(mul.output[0], "Div")
        if div is None or div.input[0] != mul.output[0] or self._scalar(div.input[1]) != 6.0:
            return
        at = list(self.g.node).index(add)
        for node in (add, clip, mul, div):
            self.g.node.remove(node)
        from onnx import helper

        gate = div.output[0] + "__gate"
        self.g.node.insert(at, helper.make_node("HardSigmoid", [x], [gate], alpha=1 / 6, beta=0.5))
        self.g.node.insert(at + 1, helper.make_node("Mul", [x, gate], [div.output[0]]))

    def _affine_before(self, mul) -> None:
        """Mul(s) → Add(b) → Conv…: s into the convs' weights; b into their biases when none
        of them pads its input, else an Add(b/s) before them."""
        if mul not in self.g.node:
            return
        scaled = self._scalar_operand(mul)
        if scaled is None or scaled[0] == 0:
            return
        s, x = scaled
        add = self._only_user(mul.output[0], "Add")
        if add is None:
            return
        shifted = self._scalar_operand(add)
        if shifted is None or add.output[0] in self.outputs:
            return
        b = shifted[0]
        convs = self._users(add.output[0])
        if not convs or any(c.op_type != "Conv" or c.input[0] != add.output[0] or c.input[1] not in self.consts
                            for c in convs):
            return
        padded = any(self._padded(c) for c in convs)
        for conv in convs:
            w, bias = self._weights(conv)
            if not padded:
                bias = bias + b * w.sum(axis=(1, 2, 3))
            self._set_weights(conv, w * s, bias)
        self.g.node.remove(mul)
        if padded:
            name = f"{add.output[0]}__shift"
            arr = np.array([b / s], np.float32)
            self.g.initializer.append(_tensor(arr, name))
            self.consts[name] = arr
            del add.input[:]
            add.input.extend([x, name])
        else:
            self.g.node.remove(add)
            for conv in convs:
                conv.input[0] = x

    def _drop_unused(self) -> None:
        used = {i for n in self.g.node for i in n.input} | self.outputs
        for n in [n for n in self.g.node if n.op_type == "Constant" and n.output[0] not in used]:
            self.g.node.remove(n)
        for init in [i for i in self.g.initializer if i.name not in used]:
            self.g.initializer.remove(init)


def _tensor(arr: np.ndarray, name: str):
    from onnx import numpy_helper

    return numpy_helper.from_array(arr, name)
