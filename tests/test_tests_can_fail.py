"""Guards on the test suite itself: every test can fail.

What counts as an assertion (decided here, enforced over tests/test_*.py):
* an `assert` statement;
* `pytest.raises(...)` / `pytest.warns(...)`, as a `with` block or a call: the block fails
  when the exception (warning) does not come;
* a call of a helper named `assert_*` or `check_*` (also with a leading underscore): a
  helper of the suite that asserts for the test (the helper itself must contain an assert
  statement when it is defined in tests/, which this file checks too).

Outside conditionals: an assertion counts only where the test reaches it without a choice:
in the function body, or inside `for` / `while` / `with` blocks and a `try` body or its
`finally`. Assertions under `if` / `elif` / `else`, an `except` or `try: ... else:`, a
`match` case, and in nested functions or classes do not count: a test whose every
assertion sits there can pass without checking anything (an `if` that is never true).
A loop over an empty collection is the one gap left: tests over data assert its size.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from hypothesis import settings as hypothesis_settings

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
_HELPER = re.compile(r"_?(assert|check)_")
_RAISES = {"raises", "warns", "deprecated_call"}


def _is_assertion_call(call: ast.AST) -> bool:
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name in _RAISES and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "pytest":
        return True
    return bool(_HELPER.match(name))


def _unconditional_assertions(body: list[ast.stmt]) -> int:
    """Assertions the statements reach without a branch (see the module's docstring)."""
    found = 0
    for node in body:
        if isinstance(node, ast.Assert):
            found += 1
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            found += _unconditional_assertions(node.body)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            found += sum(_is_assertion_call(item.context_expr) for item in node.items)
            found += _unconditional_assertions(node.body)
        elif isinstance(node, ast.Try):
            found += _unconditional_assertions(node.body) + _unconditional_assertions(node.finalbody)
        elif isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return)):
            value = node.value
            found += _is_assertion_call(value) if value is not None else 0
        # if / match / nested def / class: not reached unconditionally
    return found


def _test_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                    yield f"{node.name}.{item.name}", item


def _modules() -> list[tuple[str, ast.Module]]:
    return [(p.name, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(TESTS.glob("test_*.py"))]


def test_every_test_asserts_outside_conditionals():
    checked, silent = 0, []
    for name, tree in _modules():
        for test, node in _test_functions(tree):
            checked += 1
            if _unconditional_assertions(node.body) == 0:
                silent.append(f"{name}::{test} (line {node.lineno})")
    assert checked > 250  # the walk found the suite
    assert silent == [], "tests with no assertion outside conditionals:\n" + "\n".join(silent)


def test_helpers_counted_as_assertions_assert():
    helpers = {}
    for path in [*TESTS.glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _HELPER.match(node.name):
                helpers[f"{path.name}::{node.name}"] = any(isinstance(n, ast.Assert) for n in ast.walk(node))
    assert [h for h, asserts in helpers.items() if not asserts] == []


def test_the_guard_sees_an_assertion_hidden_behind_an_if():
    def count(source: str) -> int:
        return _unconditional_assertions(ast.parse(source).body[0].body)

    assert count("def test():\n    x = 1\n    if x != 1:\n        assert x\n") == 0
    assert count("def test():\n    try:\n        f()\n    except E:\n        assert 1\n    else:\n        assert 2\n") == 0
    assert count("def test():\n    def inner():\n        assert 1\n") == 0
    assert count("def test():\n    for r in rows:\n        assert r\n") == 1
    assert count("def test():\n    with pytest.raises(E):\n        f()\n") == 1
    assert count("def test():\n    _check_rows(rows)\n    assert_equal(a, b)\n") == 2


def test_no_skip_or_lenient_xfail_can_hide_a_failure():
    # importorskip would hide an import error (every dependency is declared: import it), and a
    # non-strict xfail passes whatever happens
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "importorskip":
                found.append(f"{name}:{node.lineno} importorskip")
            if isinstance(node, ast.keyword) and node.arg == "strict" and getattr(node.value, "value", True) is False:
                found.append(f"{name}:{node.lineno} xfail(strict=False)")
    assert found == []


def test_one_hypothesis_profile_without_deadlines():
    assert hypothesis_settings.default.deadline is None
    assert hypothesis_settings.get_profile("gongkai").deadline is None
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "deadline":
                raise AssertionError(f"{name}:{node.lineno}: the deadline is the profile's (tests/conftest.py)")


def test_bench_reads_files_of_the_repository():
    # absolute paths in bench/ only for the system's own places (/proc, scratch folders)
    allowed = ("/proc", "/dev/shm/", "/tmp/")
    found = [(path.name, node.value) for path in sorted((REPO / "bench").glob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and re.match(r"/\w+/", node.value) and not node.value.startswith(allowed)]
    assert found == []
