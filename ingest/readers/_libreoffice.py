"""LibreOffice as a converter service: one headless soffice per process, kept running.

`convert(data, suffix)` turns a .doc/.wps/.rtf/.odt (→ HTML when the document holds only
paragraphs and tables, else DOCX) or .et/.ods/... (→ XLSX) into the bytes of the output and
says which it is (ingest/readers/office_legacy.py reads it). The first call in a process (or `start()`)
starts the service: `_uno_bridge.py` under a Python with `uno` (Debian's python3-uno), which
starts soffice.bin with a private profile in a temporary folder (copied from a profile kept
beside the user's caches, so LibreOffice need not set one up each time) and converts over a
UNO pipe. The service stays up for the following files (a soffice start costs about a second
of CPU, a conversion 60 ms) and is stopped by `shutdown()`, at process exit, or with its
parent process (PR_SET_PDEATHSIG in the bridge); a forked worker starts its own (at most one
per process). `start()` does not wait for it, and `prefetch()` queues the next file, so
LibreOffice converts while the worker reads the DOCX before it (ingest.parse.parse_files).

A conversion that takes longer than the time limit is stopped by killing the service's
process group (bridge and soffice.bin); the next file starts a new one. No command line holds
a file's name: the bytes are written to a numbered file in the service's folder. soffice.bin's
temporary files go to that folder too, and its pipes in /tmp are removed when it stops.

Settings (environment, read at service start): GONGKAI_SOFFICE (the soffice or soffice.bin
to run), GONGKAI_UNO_PYTHON (a Python with `uno`), GONGKAI_CONVERT_TIMEOUT (seconds per file).
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import hashlib
import json
import os
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ingest import user_cache
from ingest.readers import UnreadableError

SOFFICE_ENV = "GONGKAI_SOFFICE"
UNO_PYTHON_ENV = "GONGKAI_UNO_PYTHON"
TIMEOUT_ENV = "GONGKAI_CONVERT_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
STARTUP_TIMEOUT = 120.0
INSTALL_HINT = ("install LibreOffice and its Python bridge (Debian/Ubuntu: apt-get install "
                "libreoffice-writer-nogui libreoffice-calc-nogui python3-uno); the file is read again "
                "by the next run once it is installed")
MISSING_CODE = "unreadable.converter_missing"
_BRIDGE = Path(__file__).with_name("_uno_bridge.py")


@dataclass(frozen=True)
class Program:
    soffice: str  # soffice.bin (run directly: the `soffice` script's oosplash would outlive a kill)
    python: str  # a Python that imports uno


def find_program() -> Program | None:
    """soffice.bin and a Python with `uno`, or None when LibreOffice is not installed."""
    given = os.environ.get(SOFFICE_ENV)
    candidates = [given] if given else [shutil.which("soffice"), shutil.which("libreoffice"),
                                        "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"]
    for candidate in filter(None, candidates):
        real = Path(os.path.realpath(candidate))
        binary = real if real.name == "soffice.bin" else real.with_name("soffice.bin")
        if binary.is_file() and os.access(binary, os.X_OK):
            return Program(str(binary), _uno_python(binary.parent))
    return None


def _uno_python(program_dir: Path) -> str:
    given = os.environ.get(UNO_PYTHON_ENV)
    if given:
        return given
    bundled = program_dir / "python"  # LibreOffice's own Python (Windows, macOS, TDF builds)
    if bundled.is_file():
        return str(bundled)
    return "/usr/bin/python3" if os.path.isfile("/usr/bin/python3") else (shutil.which("python3") or "python3")


def available() -> bool:
    return find_program() is not None


def time_limit() -> float:
    try:
        return float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT


class Service:
    """One bridge + soffice.bin, owned by the process that started it.

    Starting does not wait: the bridge answers "ready" while the caller parses other files, and
    requests sent meanwhile wait in its pipe. Requests are answered in order; `submit` lets a
    caller queue the next file while it reads the previous one's DOCX (`prefetch`).
    """

    def __init__(self, program: Program):
        self.owner = os.getpid()
        self.work_dir = tempfile.mkdtemp(prefix="gongkai-lo-")
        command = [program.python, str(_BRIDGE), program.soffice, self.work_dir]
        template = _profile_template(program)
        if template is not None:
            command.append(str(template))
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
                                        stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
        self.version = "LibreOffice"
        self.soffice_pid: int | None = None
        self.profile: str | None = None  # "copied" from the kept template, or "new"
        self.pipes: list[str] = []  # soffice.bin's OSL_PIPE_* sockets in /tmp, removed by `stop`
        self._ready = False
        self._unread = b""  # read from the bridge, not yet taken as an answer
        self._next_id = 0
        self._pending: collections.deque[_Request] = collections.deque()

    def wait_ready(self) -> None:
        if self._ready:
            return
        ready = self._answer(STARTUP_TIMEOUT)
        if ready is None or not ready.get("ready"):
            self.stop(kill=True)
            why = (ready or {}).get("error") or f"no answer within {STARTUP_TIMEOUT:.0f} s"
            raise UnreadableError(MISSING_CODE, f"LibreOffice could not be started ({why}); {INSTALL_HINT}")
        self._ready = True
        self.version = ready.get("version") or "LibreOffice"
        self.soffice_pid = ready.get("pid")
        self.profile = ready.get("profile")
        self.pipes = list(ready.get("pipes") or [])

    def _answer(self, timeout: float) -> dict | None:
        """The bridge's next JSON line, or None when it does not come within `timeout` (or it died).

        Lines are split here, from raw reads: with requests queued, the bridge may have written
        several answers by the time we read, and a buffered reader would hold the next one
        where select() cannot see it."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while b"\n" not in self._unread:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self._unread += chunk
        line, _, self._unread = self._unread.partition(b"\n")
        try:
            return json.loads(line)
        except ValueError:
            return None

    def submit(self, data: bytes, suffix: str) -> _Request:
        """Queue a conversion (the bytes go to a file of the service's folder: no name of the caller's)."""
        self._next_id += 1
        request = _Request(self._next_id, data, os.path.join(self.work_dir, f"in{self._next_id}{suffix}"),
                           os.path.join(self.work_dir, f"out{self._next_id}.ooxml"))
        try:
            with open(request.source, "wb") as fh:
                fh.write(data)
            line = {"id": request.id, "in": request.source, "out": request.target}
            self.process.stdin.write(json.dumps(line).encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except OSError as exc:  # BrokenPipeError included: the bridge is gone
            request.remove_files()
            self.stop(kill=True)
            raise UnreadableError("unreadable.conversion_failed", f"the LibreOffice service broke ({exc})") from None
        self._pending.append(request)
        return request

    def drop_stale(self, data: bytes, timeout: float) -> None:
        """Wait for and drop queued conversions ahead of this file's (files queued but then not
        asked for, e.g. refused before conversion); one that hangs stops the service."""
        while self.alive and self._pending and self._pending[0].data != data:
            with contextlib.suppress(UnreadableError):
                self._result(self._pending.popleft(), timeout)

    def convert(self, data: bytes, suffix: str, timeout: float) -> tuple[bytes, str]:
        """This file's conversion: the queued one when it is next (`drop_stale` first), else a new request."""
        self.wait_ready()
        if not (self._pending and self._pending[0].data == data):
            self.submit(data, suffix)
        return self._result(self._pending.popleft(), timeout)

    def _result(self, request: _Request, timeout: float) -> tuple[bytes, str]:
        try:
            answer = self._answer(timeout)
            if answer is None:
                alive = self.alive
                self.stop(kill=True)
                if alive:
                    raise UnreadableError("unreadable.conversion_timeout",
                                          f"LibreOffice did not convert the file within {timeout:g} s; the "
                                          "conversion was stopped (a hostile or very large document?)")
                raise UnreadableError("unreadable.conversion_failed",
                                      "LibreOffice stopped while converting the file (it crashed on it)")
            if answer.get("id") != request.id:
                self.stop(kill=True)
                raise UnreadableError("unreadable.conversion_failed",
                                      f"the LibreOffice service answered out of order ({answer.get('id')})")
            if not answer.get("ok"):
                raise UnreadableError("unreadable.conversion_failed", answer.get("error") or "conversion failed")
            with open(request.target, "rb") as fh:
                return fh.read(), answer["kind"]
        except OSError as exc:
            self.stop(kill=True)
            raise UnreadableError("unreadable.conversion_failed", f"the LibreOffice service broke ({exc})") from None
        finally:
            request.remove_files()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, kill: bool = False) -> None:
        """Ask the bridge to quit (it stops soffice); kill the whole group when it does not or `kill`."""
        if self.process.poll() is None and not kill:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # the bridge leads the group soffice.bin is in
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        self._pending.clear()
        shutil.rmtree(self.work_dir, ignore_errors=True)
        for path in self.pipes:  # the bridge removes them, unless it was killed
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.lstat(path).st_mode):
                    os.unlink(path)


@dataclass(eq=False)
class _Request:
    id: int
    data: bytes
    source: str
    target: str

    def remove_files(self) -> None:
        for name in (self.source, self.target):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)


def _profile_template(program: Program) -> Path | None:
    """Where a set-up LibreOffice profile is kept between runs (beside the user's caches), named
    after this LibreOffice build and this bridge (whose settings it writes over every copy)."""
    try:
        root = user_cache.folder()
        binary, bridge = os.stat(program.soffice), os.stat(_BRIDGE)
    except (OSError, RuntimeError):  # no home folder
        return None
    stamp = f"{program.soffice}|{binary.st_size}|{binary.st_mtime_ns}|{bridge.st_size}|{bridge.st_mtime_ns}"
    template = root / f"libreoffice-profile-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"
    user_cache.touch(template)
    user_cache.prune(template, "libreoffice-profile-*")
    return template


_service: Service | None = None


def _current() -> Service:
    global _service
    if _service is not None and (_service.owner != os.getpid() or not _service.alive):
        if _service.owner == os.getpid():
            _service.stop(kill=True)
        _service = None  # a forked worker never touches its parent's service
    if _service is None:
        program = find_program()
        if program is None:
            raise UnreadableError(MISSING_CODE, f"this file type needs LibreOffice, which is not installed "
                                                f"(no soffice found; ${SOFFICE_ENV} names it); {INSTALL_HINT}")
        _service = Service(program)
        _stop_at_exit()
    return _service


def start() -> None:
    """Start this process's service now without waiting for it (files that need it are coming)."""
    with contextlib.suppress(UnreadableError):
        _current()


def prefetch(data: bytes, suffix: str) -> None:
    """Queue this file's conversion: the service converts it while the caller reads the previous
    file, and `convert` with the same bytes takes the result. At most two wait at a time."""
    with contextlib.suppress(UnreadableError):
        service = _current()
        if len(service._pending) < 2:
            service.submit(data, suffix)


def convert(data: bytes, suffix: str) -> tuple[bytes, str, str]:
    """(output bytes, "html"|"docx"|"xlsx", converter name and version) for an office file's bytes."""
    service = _current()
    if service._pending:
        service.wait_ready()
        service.drop_stale(data, time_limit())
        service = _current()  # a new one when a dropped conversion hung
    payload, kind = service.convert(data, suffix, time_limit())
    return payload, kind, service.version


def shutdown() -> None:
    """Stop this process's service (if it started one)."""
    global _service
    if _service is not None and _service.owner == os.getpid():
        _service.stop()
    _service = None


_exit_hooks: set[int] = set()


def _stop_at_exit() -> None:
    """Stop the service when this process exits: atexit, and multiprocessing's exit hook for pool
    workers (they leave by os._exit; a hook registered before the fork is ignored in the child)."""
    if os.getpid() in _exit_hooks:
        return
    _exit_hooks.add(os.getpid())
    atexit.register(shutdown)
    from multiprocessing import util

    util.Finalize(None, shutdown, exitpriority=10)
