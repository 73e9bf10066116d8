"""Safe opening of OOXML packages (DOCX / XLSX): size limits before any part is inflated,
and refusal of XML parts carrying a DTD (entity expansion, external entities)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ingest.readers import UnreadableError

MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024  # all parts together, as declared in the zip directory
MAX_PART = 50 * 1024 * 1024  # any single part
MAX_RATIO = 200  # declared inflation ratio of one part (zip bombs are ~1000:1)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def open_package(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip of a DOCX/XLSX, after checking declared sizes; UnreadableError otherwise."""
    if data[:8] == OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000] or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data:
            raise UnreadableError("unreadable.encrypted", f"{kind} file is password-protected (encrypted)")
        raise UnreadableError(
            "unreadable.unsupported_format",
            f"file is an old binary Office document (OLE), not {kind}; save it as {kind} first",
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableError("unreadable.corrupt", f"{kind} file is damaged or not a {kind} (not a zip package: {exc})") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise UnreadableError("unreadable.encrypted", f"{kind} package part {info.filename} is encrypted")
        if info.file_size > MAX_PART or (
            info.compress_size > 0 and info.file_size > 1024 * 1024 and info.file_size / info.compress_size > MAX_RATIO
        ):
            raise UnreadableError(
                "unreadable.zip_bomb",
                f"{kind} part {info.filename} inflates to {info.file_size} bytes "
                f"(from {info.compress_size}); refused as a possible zip bomb",
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnreadableError(
            "unreadable.zip_bomb",
            f"{kind} parts inflate to {total} bytes in all (limit {MAX_TOTAL_UNCOMPRESSED}); refused as a possible zip bomb",
        )
    return zf


def read_part(zf: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """One part, inflated with a hard cap (the directory's sizes could lie)."""
    try:
        with zf.open(name) as fh:
            data = fh.read(MAX_PART + 1)
    except KeyError:
        raise UnreadableError("unreadable.corrupt", f"{kind} package has no {name}") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise UnreadableError("unreadable.corrupt", f"{kind} part {name} is damaged ({exc})") from None
    if len(data) > MAX_PART:
        raise UnreadableError("unreadable.zip_bomb", f"{kind} part {name} inflates beyond {MAX_PART} bytes; refused")
    return data


def has_dtd(xml: bytes) -> bool:
    """Does the XML declare a DTD or entities? (OOXML never does; an attack or a broken file.)"""
    return bool(_DTD.search(xml[:4096])) or b"<!ENTITY" in xml


def check_no_dtd(zf: zipfile.ZipFile, kind: str) -> None:
    """Refuse a package whose XML parts declare a DTD (entity expansion / XXE)."""
    for info in zf.infolist():
        if info.filename.endswith((".xml", ".rels", ".vml")) and has_dtd(read_part(zf, info.filename, kind)):
            raise UnreadableError(
                "unreadable.corrupt",
                f"{kind} part {info.filename} declares a DTD / XML entities, which Office files never do; "
                "refused (possible entity-expansion or external-entity attack)",
            )
