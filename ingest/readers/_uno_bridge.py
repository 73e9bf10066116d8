"""The LibreOffice side of ingest/readers/_libreoffice.py: run by a Python that has `uno`
(Debian's python3-uno), never imported by the project (it imports nothing of it).

    python3 _uno_bridge.py SOFFICE_BIN WORK_DIR [PROFILE_TEMPLATE]

Starts one headless soffice.bin with a private profile under WORK_DIR, listening on a named
pipe (no TCP port to collide between workers), then answers one JSON line per request on
stdin, in order: {"id": n, "in": path, "out": path} → loads `in` (hidden, read-only, macros
never executed, links never updated) and stores it to `out` as HTML (a text document holding
only paragraphs and tables), DOCX (any other text document, or every one when the request says
"as": "docx") or XLSX (spreadsheets); answers {"id": n, "ok": true, "kind": "html"|"docx"|"xlsx"}
or {"id": n, "ok": false, "error": ...}. The first line it writes is {"ready": true, "version": ...}
(or {"ready": false, "error": ...}). Requests may be sent before that line: they wait in the pipe.

PROFILE_TEMPLATE: a LibreOffice profile made by an earlier start, copied as this one's profile
when it is there, and saved there when not. A new profile costs a second soffice.bin start
(LibreOffice sets it up, runs its graphics checks and asks to be started again); the macro
settings below are written over the copy every time.

When its parent (the worker) is gone, on stdin EOF or on SIGTERM it stops soffice.bin and
removes WORK_DIR (a watchdog thread notices the parent's death even while a conversion runs);
soffice.bin also dies with the bridge itself (PR_SET_PDEATHSIG).

Nothing is left behind: soffice.bin's TMPDIR is WORK_DIR/tmp (its lu*.tmp folders), and the
unix sockets it listens on (the UNO pipe and its single-instance pipe, which LibreOffice always
puts in /tmp as OSL_PIPE_*, whatever TMPDIR says) are named in the "ready" line and removed
when soffice.bin is gone (by the worker too, when it had to kill the bridge).
"""

import ctypes
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
STARTUP_SECONDS = 90
RESTART_REQUESTED = 81  # soffice.bin's exit status after it set up a new profile
# org.openoffice.Office.Common/Security/Scripting: "very high" macro security, macros disabled;
# Writer/Calc Filter/Import/VBA: the VBA project of a .doc/.xls/.et is not even loaded as Basic
# (LibreOffice loads it as executable code by default).
# ooSetupLastVersion: without it every start counts as the first after an upgrade, and LibreOffice
# runs its graphics render tests (about a second of CPU, five times the rest of a start).
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseDocumentSystemFileLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item>
</oor:items>
"""


def _die_with_parent(sig=signal.SIGKILL):  # in soffice.bin, before exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except OSError:
        pass


def _start(command, env):
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent, env=env)


def _listening_pipes(pid):
    """The OSL_PIPE_* unix sockets process `pid` holds (from /proc/PID/fd and /proc/net/unix)."""
    try:
        inodes = set()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
        with open("/proc/net/unix", encoding="utf-8", errors="replace") as fh:
            rows = [line.split() for line in fh.readlines()[1:]]
    except OSError:
        return []
    return sorted({r[7] for r in rows if len(r) >= 8 and r[6] in inodes
                   and os.path.basename(r[7]).startswith("OSL_PIPE_")})


def remove_pipes(paths):
    """Unlink the given socket files (only sockets: a name reused by anything else stays)."""
    for path in paths:
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            pass


def _say(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _props(uno, **values):
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _version(uno, context):
    try:
        provider = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", context)
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess", _props(uno, nodepath="/org.openoffice.Setup/Product"))
        return f"{access.getByName('ooName')} {access.getByName('ooSetupVersionAboutBox')}"
    except Exception:  # noqa: BLE001 - the version is informative only
        return "LibreOffice (version unknown)"


_TEXT = "com.sun.star.text.TextDocument"
_OUTPUTS = {  # document service → (kind, export filter)
    _TEXT: ("docx", "MS Word 2007 XML"),
    "com.sun.star.sheet.SpreadsheetDocument": ("xlsx", "Calc MS Excel 2007 XML"),
}
# Writer's HTML export costs a quarter of its DOCX export (13 against 48 ms of CPU for a report).
# NoLineLimit: no line breaks inserted between runs of a paragraph (HTML reads them as spaces).
_HTML = ("html", "HTML (StarWriter)", "NoLineLimit")  # kind, export filter, its options


_TABLE_TAGS = re.compile(rb"<(/?)(table|tr|td|th)\b", re.I)


def _tables_read_otherwise(path):
    """Whether the HTML holds a table the DOCX reader reads another way: one nested in a cell
    (emitted after its row) or one of a single column (read as boxed text)."""
    with open(path, "rb") as fh:
        markup = fh.read()
    open_cells, widest = 0, []  # cells open; per open table, most cells in one of its rows
    row = 0
    for m in _TABLE_TAGS.finditer(markup):
        closing, tag = m.group(1), m.group(2).lower()
        if tag == b"table":
            if not closing and open_cells:
                return True
            if not closing:
                widest.append(0)
            elif widest and widest.pop() <= 1:
                return True
        elif tag == b"tr":
            row = 0
        elif closing:
            open_cells = max(0, open_cells - 1)
        else:
            open_cells += 1
            row += 1
            if widest:
                widest[-1] = max(widest[-1], row)
    return False


def _paragraphs_and_tables_only(doc):
    """Whether the HTML export says all the DOCX export would: no tracked changes (HTML keeps
    deleted text as text), nothing on the draw page (pictures, shapes, text frames, embedded
    objects), no footnotes or endnotes. Each question is a UNO round trip (~0.5 ms)."""
    return not any(found.hasElements() for found in (
        doc.getRedlines(), doc.getDrawPage(), doc.getTextFrames(), doc.getFootnotes(), doc.getEndnotes()))


def _convert(uno, context, filters, request):
    """Load without a frame (no view, no layout: several times faster than loadComponentFromURL
    for a Writer document), store as OOXML."""
    manager = context.ServiceManager
    url_in, url_out = uno.systemPathToFileUrl(request["in"]), uno.systemPathToFileUrl(request["out"])
    type_name = filters.detection.queryTypeByDescriptor(_props(uno, URL=url_in), True)[0]
    if not type_name:
        return {"ok": False, "error": "LibreOffice does not recognise the file (damaged, or not an office document)"}
    found = filters.of(type_name)
    if isinstance(found, str):
        return {"ok": False, "error": found}
    filter_name, service = found
    if service not in _OUTPUTS:
        return {"ok": False, "error": f"LibreOffice reads this file as {service or type_name}, "
                                      "neither a text document nor a spreadsheet"}
    kind, export = _OUTPUTS[service]
    doc = manager.createInstanceWithContext(service, context)
    try:
        # MacroExecutionMode 0 = NEVER_EXECUTE, UpdateDocMode 0 = NO_UPDATE (no external links fetched)
        doc.load(_props(uno, URL=url_in, FilterName=filter_name, ReadOnly=True, Hidden=True,
                        MacroExecutionMode=0, UpdateDocMode=0, RepairPackage=False))
        if service == _TEXT and request.get("as") != "docx" and _paragraphs_and_tables_only(doc):
            doc.storeToURL(url_out, _props(uno, FilterName=_HTML[1], FilterOptions=_HTML[2], Overwrite=True))
            if not _tables_read_otherwise(request["out"]):
                return {"ok": True, "kind": _HTML[0]}
        doc.storeToURL(url_out, _props(uno, FilterName=export, Overwrite=True))
        return {"ok": True, "kind": kind}
    finally:
        try:
            doc.close(True)
        except Exception:  # noqa: BLE001 - a document that refuses to close is disposed
            doc.dispose()


_TEMPLATE_DONE = "gongkai-template-complete"


def _make_profile(profile, template):
    """A new profile with the settings above: "copied" from the template when there is one, else
    "new". A template that cannot be used is removed (the next start saves a good one)."""
    if template and os.path.isfile(os.path.join(template, _TEMPLATE_DONE)):
        try:
            shutil.copytree(template, profile, ignore=shutil.ignore_patterns(_TEMPLATE_DONE))
            _write_settings(profile)
            return "copied"
        except OSError:
            _drop_template(template)
        shutil.rmtree(profile, ignore_errors=True)
    _write_settings(profile)
    return "new"


def _write_settings(profile):
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as fh:
        fh.write(_REGISTRY)


def _drop_template(template):
    try:  # its completion mark first: no other bridge copies a half-removed template
        os.unlink(os.path.join(template, _TEMPLATE_DONE))
    except OSError:
        pass
    shutil.rmtree(template, ignore_errors=True)


def _save_template(profile, template):
    """Copy a profile soffice.bin has set up to `template` (atomically: another worker may race)."""
    if not template or os.path.isdir(template):
        return
    partial = f"{template}.{os.getpid()}.tmp"
    try:
        shutil.copytree(profile, partial, ignore=shutil.ignore_patterns(".lock", "registrymodifications.xcu"))
        open(os.path.join(partial, _TEMPLATE_DONE), "w").close()
        os.rename(partial, template)
    except OSError:  # no cache folder, or another process saved it first
        pass
    shutil.rmtree(partial, ignore_errors=True)


class _Filters:
    """Type detection and the filter table, fetched once per service (each is a UNO round trip)."""

    def __init__(self, uno, context):
        manager = context.ServiceManager
        self.detection = manager.createInstanceWithContext("com.sun.star.document.TypeDetection", context)
        self.factory = manager.createInstanceWithContext("com.sun.star.document.FilterFactory", context)
        self.uno = uno
        self.by_type = {}

    def of(self, type_name):
        """(import filter, document service) of a detected type, or an error message."""
        if type_name not in self.by_type:
            type_props = {p.Name: p.Value for p in self.detection.getByName(type_name)}
            filter_name = type_props.get("PreferredFilter") or ""
            if not filter_name or not self.factory.hasByName(filter_name):
                self.by_type[type_name] = f"LibreOffice has no import filter for this file (type {type_name})"
            else:
                service = {p.Name: p.Value for p in self.factory.getByName(filter_name)}.get("DocumentService", "")
                self.by_type[type_name] = (filter_name, service)
        return self.by_type[type_name]


def main(soffice, work_dir, template=None):
    parent = os.getppid()
    profile = os.path.join(work_dir, "profile")
    made = _make_profile(profile, template)
    pipe = f"gongkai_lo_{os.getpid()}"
    office = None
    pipes = []
    env = dict(os.environ, TMPDIR=os.path.join(work_dir, "tmp"))
    os.makedirs(env["TMPDIR"], exist_ok=True)

    def stop(*_args):
        if office is not None and office.poll() is None:
            office.kill()
            office.wait()
        remove_pipes(pipes)
        shutil.rmtree(work_dir, ignore_errors=True)
        os._exit(0)

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        stop()

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        import uno
        from com.sun.star.connection import NoConnectException
    except ImportError as exc:
        _say({"ready": False, "error": f"{sys.executable} has no uno module ({exc}): install python3-uno"})
        stop()
    command = [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         "--nofirststartwizard", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
    office = _start(command, env)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + STARTUP_SECONDS
    pause = 0.01  # soffice.bin answers on its pipe after 0.2-1 s: poll often at first, then less
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() == RESTART_REQUESTED:  # first start on a new profile: it asks to be started again
                office = _start(command, env)
            elif office.poll() is not None and made == "copied":  # soffice.bin cannot use the kept profile
                _drop_template(template)
                shutil.rmtree(profile, ignore_errors=True)
                made = _make_profile(profile, None)
                office = _start(command, env)
            elif office.poll() is not None or time.monotonic() > deadline:
                _say({"ready": False, "error": f"soffice.bin did not start (exit status {office.poll()})"})
                stop()
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    filters = _Filters(uno, context)
    pipes.extend(_listening_pipes(office.pid))
    _say({"ready": True, "version": _version(uno, context), "pid": office.pid, "profile": made, "pipes": pipes})
    _save_template(profile, template)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = _convert(uno, context, filters, request)
        except Exception as exc:  # noqa: BLE001 - a UNO error is this file's error, not the bridge's
            answer = {"ok": False, "error": f"{type(exc).__name__}: {getattr(exc, 'Message', '') or exc}"}
        _say({"id": request.get("id"), **answer})
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001 - the connection drops when soffice exits
        pass
    try:
        office.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
