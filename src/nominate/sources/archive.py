"""The guard in front of every XLSX parser: is this a ZIP archive, and is it safe to inflate?

python-calamine aborts the whole process (SIGABRT, uncatchable) when a sheet inflates to
gigabytes, and openpyxl takes gigabytes of memory (MEASUREMENTS). So before either sees a
file:

1. the first bytes must be a ZIP archive (an old ``.xls`` or an encrypted workbook is an OLE2
   file, and says which; an ``.ods`` is a ZIP archive that says so in its ``mimetype``);
2. the sizes declared in the ZIP directory must add up to at most ``max_size`` bytes, and no
   part larger than ``max_size / 20`` (10 MB by default) may declare more than
   :data:`MAX_RATIO` times its compressed size: real workbooks inflate 5 to 20 times, bombs
   about 1000 times (MEASUREMENTS), and 190 MB of rows deflated 320:1 held calamine for 9 s
   and then the checker for minutes. Raising ``--max-size`` raises both limits;
3. every member is inflated here, in 1 MiB chunks, and must inflate to exactly its declared
   size with the right CRC. ``zipfile`` stops reading a member at its declared size, so a
   member that lies (declares 1 KB, inflates to 1 GB) is caught after at most its declared
   size, with bounded memory. Both parsers read sizes from the same central directory.
   While inflating, the XML parts are searched for a DTD (``<!DOCTYPE``, ``<!ENTITY``): no
   spreadsheet program writes one, and it is how entity expansion (billion laughs) and
   external entities begin. calamine refuses undeclared entities itself and never fetches
   a DTD, and openpyxl parses through defusedxml, but neither needs to see one.

Step 3 costs about a tenth of what calamine itself takes to read the sheet, and makes the
limit a fact rather than a promise. While inflating, it also measures how far each worksheet
reaches (:mod:`~nominate.sources.sheetscan`): a sheet whose grid would pass ``max_size / 16``
cells (13 million by default; a real sheet's XML takes more than 16 bytes a cell) is refused,
since calamine would abort on it or take gigabytes.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.sources.sheetscan import (
    MAX_UNREAD,
    SheetScan,
    UnreadCell,
    filled_reach,
    read_in_full,
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted OOXML file holds
_ODF = b"application/vnd.oasis.opendocument"
_DTD = tuple(
    mark.encode(codec)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_CARRY = max(len(m) for m in _DTD)
MAX_MEMBERS = 10_000
MAX_RATIO = 100  # inflated : compressed, for parts above a twentieth of the size limit
_CHUNK = 1 << 20


def _magic(path: Path) -> bytes:
    """The first bytes of a file, which name its kind (raises OSError)."""
    with path.open("rb") as f:
        return f.read(8)


def is_workbook(path: Path) -> bool:
    """Whether ``path`` begins as a binary workbook does (a ZIP archive or an OLE2 file)."""
    try:
        return _magic(path).startswith((*_ZIP, _OLE2))
    except OSError:
        return False  # the reader that opens it next says why


Unread = dict[tuple[int, int], UnreadCell]


def check_xlsx(path: Path, name: str, max_size: int) -> dict[str, Unread]:
    """Raise :class:`InputFileError` unless ``path`` is a ZIP archive safe to parse; return,
    by sheet name, the cells calamine would read as empty that are not (formula errors and
    formulas never computed), by (row, column) from 1."""
    try:
        magic = _magic(path)
    except OSError as exc:
        raise InputFileError(name, exc.strerror or str(exc)) from None
    if magic.startswith(_OLE2):
        raise InputFileError(name, t("hostile.encrypted" if _encrypted(path) else "hostile.biff"))
    if not magic.startswith(_ZIP):
        raise InputFileError(name, t("sheet.not_zip"))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise InputFileError(name, t("sheet.too_many_members", count=len(infos)))
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                if "mimetype" in names and archive.read("mimetype")[:64].startswith(_ODF):
                    raise InputFileError(name, t("hostile.ods"))
                raise InputFileError(name, t("sheet.not_workbook"))
            declared = sum(i.file_size for i in infos)
            if declared > max_size:
                raise InputFileError(
                    name, t("sheet.inflates_too_much", size=declared, limit=max_size)
                )
            for info in infos:
                _check_ratio(info, name, max_size)
            scans: dict[str, SheetScan] = {}
            for info in infos:
                if _is_worksheet(info.filename):
                    scans[info.filename] = SheetScan()
                _inflate(archive, info, name, scans.get(info.filename))
            for scan in scans.values():
                scan.finish()
            _check_reach(archive, scans, name, max_size // 16)
            if not any(scan.unread for scan in scans.values()):
                return {}
            sheet_of = _sheet_names(archive)
            return {sheet_of.get(m, m): scan.unread for m, scan in scans.items() if scan.unread}
    except InputFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputFileError(name, t("sheet.bad_zip", reason=str(exc)[:80])) from None
    except OSError as exc:
        raise InputFileError(name, t("sheet.bad_zip", reason=str(exc)[:80])) from None


def _inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, scan: SheetScan | None = None
) -> None:
    """Read one member to its end: zipfile stops at the declared size and checks the CRC.
    A worksheet's chunks also go to its ``scan``."""
    if info.is_dir():
        return
    xml = info.filename.lower().endswith((".xml", ".rels"))
    try:
        with archive.open(info) as member:
            total = 0
            tail = b""
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if xml:
                    window = tail + chunk
                    if any(mark in window for mark in _DTD):
                        raise InputFileError(name, t("hostile.dtd", member=info.filename[:60]))
                    tail = window[-_CARRY:]
                if scan is not None:
                    scan.feed(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputFileError(
            name, t("sheet.bad_member", member=info.filename[:60], reason=str(exc)[:60])
        ) from None
    if total != info.file_size:
        raise InputFileError(name, t("sheet.bad_member", member=info.filename[:60], reason="size"))


def _is_worksheet(member: str) -> bool:
    return member.startswith("xl/worksheets/") and member.endswith(".xml")


def _check_reach(
    archive: zipfile.ZipFile, scans: dict[str, SheetScan], name: str, limit: int
) -> None:
    """Refuse a sheet whose grid would pass ``limit`` cells. The quick scan's bound counts
    styled empty cells and rows too; a sheet past it, or one the quick scan cannot read
    (:attr:`SheetScan.unusual`), is read again in full (both are rare) before it is judged."""
    for member, scan in scans.items():
        if scan.unusual:
            scan.rows, scan.columns, scan.unread = read_in_full(archive.read(member))
            scan.too_many_unread = len(scan.unread) >= MAX_UNREAD
            scan.declared = 0
        elif scan.cells > limit:
            scan.rows, scan.columns = filled_reach(archive.read(member))
            scan.declared = 0
        if scan.too_many_unread:
            sheet = _sheet_names(archive).get(member, member)
            raise InputFileError(name, t("sheet.too_many_unread", sheet=sheet[:60]))
        if scan.cells > limit:
            sheet = _sheet_names(archive).get(member, member)
            raise InputFileError(
                name,
                t(
                    "hostile.sheet_extent",
                    sheet=sheet[:60],
                    corner=scan.corner,
                    cells=scan.cells,
                    limit=limit,
                ),
            )


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name, for messages (``xl/worksheets/sheet2.xml`` → ``2024``).
    Read only when a message needs it, after the parts were checked to hold no DTD."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a name for a message is not worth a second error
        return {}
    targets = {
        r.get("Id"): "xl/" + (r.get("Target") or "").removeprefix("/xl/").removeprefix("/")
        for r in rels
    }
    return {
        targets.get(s.get(rel), ""): s.get("name", "")
        for s in book.iter(f"{main}sheet")
    }


def _check_ratio(info: zipfile.ZipInfo, name: str, max_size: int) -> None:
    """A large part that deflated far better than any real sheet does is a ZIP bomb."""
    if info.file_size <= max_size // 20:
        return
    if info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise InputFileError(
            name,
            t("hostile.ratio", member=info.filename[:60], size=info.file_size, ratio=ratio),
        )


def _encrypted(path: Path) -> bool:
    """An OLE2 file holding an ``EncryptedPackage`` stream is a password-protected OOXML
    workbook (an old .xls does not have one); its name is in the directory, in UTF-16."""
    tail = b""
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                if _ENCRYPTED in tail + chunk:
                    return True
                tail = chunk[-len(_ENCRYPTED) :]
    except OSError:
        return False
    return False
