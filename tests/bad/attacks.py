"""Hostile XLSX files: entity-expansion XML and ZIP bombs, written byte by byte.

Every builder returns the bytes of a small file (a few KB to about 2 MB) that a naive reader
would inflate to gigabytes or expand without end. The ZIP is written by hand, so that a member
can declare whatever sizes an attacker likes; a gigabyte of deflated data is made in well under
a second by deflating one 1 MiB block with a full flush (which resets the compressor, so the
block's bytes are the same each time) and repeating those bytes.

Used by ``tests/test_attacks.py`` (into ``tmp_path``) and ``bench/attacks.py`` (the figures in
``tests/bad/README.md``). Nothing here is committed as a binary.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MIB = 1 << 20

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
)
SHEET_TAIL = "</sheetData></worksheet>"
SHARED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" '
    'uniqueCount="3"><si><t>name</t></si><si><t>nationality</t></si><si><t>{third}</t></si></sst>'
)
ONE_ROW = (
    '<row r="2"><c r="A2" t="s"><v>2</v></c>'
    '<c r="B2" t="inlineStr"><is><t>{cell}</t></is></c></row>'
)


@dataclass(frozen=True)
class Member:
    """One archive member: its deflated bytes, CRC and true size, and the sizes it declares."""

    name: str
    deflated: bytes
    crc: int
    size: int
    declared_size: int | None = None  # a lie about the inflated size, when set

    @classmethod
    def of(cls, name: str, text: str | bytes) -> Member:
        data = text.encode("utf-8") if isinstance(text, str) else text
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return cls(name, c.compress(data) + c.flush(), zlib.crc32(data), len(data))


def repeated(name: str, head: bytes, unit: bytes, total: int, tail: bytes) -> Member:
    """``head + unit * n + tail`` inflating to about ``total`` bytes, deflated fast.

    ``unit`` is repeated in 1 MiB blocks; each block is deflated once, after a full flush, so
    its deflated bytes can simply be repeated.
    """
    per_block = max(1, MIB // len(unit))
    block = unit * per_block
    blocks = max(1, (total - len(head) - len(tail)) // len(block))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [c.compress(head), c.flush(zlib.Z_FULL_FLUSH)]
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    second = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    assert first == second, "a full flush must make each block's deflated bytes the same"
    out.append(first * blocks)
    out.append(c.compress(tail) + c.flush())
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + blocks * len(block) + len(tail)
    return Member(name, b"".join(out), crc, size)


def zip_bytes(members: Iterable[Member]) -> bytes:
    """A plain ZIP archive (deflate, no ZIP64) whose headers say what each member declares."""
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for m in members:
        name = m.name.encode("utf-8")
        size = m.size if m.declared_size is None else m.declared_size
        fields = (20, 0, 8, 0, 0x21, m.crc, len(m.deflated), size, len(name))
        header = struct.pack("<4s5HIIIHH", b"PK\x03\x04", *fields, 0) + name
        local.append(header + m.deflated)
        central.append(
            struct.pack("<4s6HIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + name
        )
        offset += len(header) + len(m.deflated)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<4s4HIIH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def workbook(sheet: Member | str, shared: Member | str) -> bytes:
    parts = [
        Member.of("[Content_Types].xml", CONTENT_TYPES),
        Member.of("_rels/.rels", RELS),
        Member.of("xl/workbook.xml", WORKBOOK),
        Member.of("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        sheet if isinstance(sheet, Member) else Member.of("xl/worksheets/sheet1.xml", sheet),
        shared if isinstance(shared, Member) else Member.of("xl/sharedStrings.xml", shared),
    ]
    return zip_bytes(parts)


def plain_sheet(cell: str = "DE") -> str:
    return SHEET_HEAD + ONE_ROW.format(cell=cell) + SHEET_TAIL


def plain_shared(third: str = "Maria Schmidt") -> str:
    return SHARED.format(third=third)


# --- entity expansion ---------------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def _with_doctype(xml: str, doctype: str) -> str:
    """Replace the XML declaration with one followed by ``doctype``."""
    body = xml.split("?>\n", 1)[1]
    return doctype + body


def billion_laughs_shared() -> bytes:
    shared = _with_doctype(plain_shared("&lol9;"), LAUGHS.format(root="sst"))
    return workbook(plain_sheet(), shared)


def billion_laughs_sheet() -> bytes:
    sheet = _with_doctype(plain_sheet("&lol9;"), LAUGHS.format(root="worksheet"))
    return workbook(sheet, plain_shared())


def quadratic_shared() -> bytes:
    """One 100 kB entity referenced 50,000 times: 5 GB expanded, from 5 MB of XML."""
    doctype = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [<!ENTITY a "{"A" * 100_000}">]>\n'
    )
    shared = _with_doctype(plain_shared("&a;" * 50_000), doctype)
    return workbook(plain_sheet(), shared)


def external_entity(part: str, target: str = "file:///etc/passwd") -> bytes:
    """An external entity (file or URL) in the shared strings or in the sheet."""
    if part == "shared":
        doctype = f'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "{target}">]>\n'
        return workbook(plain_sheet(), _with_doctype(plain_shared("&xxe;"), doctype))
    doctype = f'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{target}">]>\n'
    return workbook(_with_doctype(plain_sheet("&xxe;"), doctype), plain_shared())


def parameter_entity() -> bytes:
    """An external DTD through a parameter entity (the usual out-of-band XXE)."""
    doctype = (
        '<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY % ext SYSTEM '
        '"http://127.0.0.1:9/evil.dtd"> %ext;]>\n'
    )
    return workbook(plain_sheet(), _with_doctype(plain_shared(), doctype))


# --- ZIP bombs -------------------------------------------------------------------------------


def bomb_cell(size: int) -> bytes:
    """One inline-string cell of ``size`` bytes of 'A' in the sheet."""
    head = (SHEET_HEAD + '<row r="2"><c r="A2" t="inlineStr"><is><t>').encode()
    tail = ("</t></is></c></row>" + SHEET_TAIL).encode()
    sheet = repeated("xl/worksheets/sheet1.xml", head, b"A" * 64, size, tail)
    return workbook(sheet, plain_shared())


def bomb_shared(size: int) -> bytes:
    """One shared string of ``size`` bytes."""
    head, tail = plain_shared("\0").encode().split(b"\0")
    shared = repeated("xl/sharedStrings.xml", head, b"A" * 64, size, tail)
    return workbook(plain_sheet(), shared)


def bomb_rows(size: int) -> bytes:
    """A sheet of ``size`` bytes of identical rows (each a candidate named 'x')."""
    unit = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = repeated(
        "xl/worksheets/sheet1.xml", SHEET_HEAD.encode(), unit, size, SHEET_TAIL.encode()
    )
    return workbook(sheet, plain_shared())


def lying_member(declared: int, size: int) -> bytes:
    """A sheet whose headers declare ``declared`` bytes but which inflates to ``size``."""
    head = (SHEET_HEAD + '<row r="2"><c r="A2" t="inlineStr"><is><t>').encode()
    tail = ("</t></is></c></row>" + SHEET_TAIL).encode()
    true = repeated("xl/worksheets/sheet1.xml", head, b"A" * 64, size, tail)
    lie = Member(true.name, true.deflated, true.crc, true.size, declared_size=declared)
    return workbook(lie, plain_shared())


def many_members(count: int) -> bytes:
    """A workbook padded with ``count`` tiny members."""
    parts = [Member.of("[Content_Types].xml", CONTENT_TYPES), Member.of("_rels/.rels", RELS)]
    parts += [
        Member.of("xl/workbook.xml", WORKBOOK),
        Member.of("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]
    parts += [Member.of("xl/worksheets/sheet1.xml", plain_sheet())]
    parts += [Member.of("xl/sharedStrings.xml", plain_shared())]
    pad = Member.of("xl/media/pad0.bin", b"")
    parts += [Member(f"xl/media/pad{i}.bin", pad.deflated, pad.crc, 0) for i in range(count)]
    return zip_bytes(parts)


# --- stray cells ------------------------------------------------------------------------------


def stray_cell(ref: str = "XFD1048576") -> bytes:
    """A short list and one cell far away: calamine would make a grid reaching to it."""
    row = int("".join(c for c in ref if c.isdigit()))
    stray = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>end</t></is></c></row>'
    return workbook(SHEET_HEAD + ONE_ROW.format(cell="DE") + stray + SHEET_TAIL, plain_shared())


def stray_cell_disguised(prefixed: bool) -> bytes:
    """The stray corner cell with r="…" after another attribute, or in a sheet whose elements
    carry a namespace prefix (x:row, x:c): XML a quick search for '<row r="' would miss."""
    stray = '<row spans="1:1" r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>'
    sheet = SHEET_HEAD + ONE_ROW.format(cell="DE") + stray + SHEET_TAIL
    if prefixed:
        main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        sheet = sheet.replace(main, main.replace("xmlns=", "xmlns:x="))
        for tag in ("worksheet", "sheetData", "row", "c", "v", "is", "t"):
            sheet = sheet.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ")
            sheet = sheet.replace(f"</{tag}>", f"</x:{tag}>")
    return workbook(sheet, plain_shared())


def lying_dimension() -> bytes:
    """A short list whose ``<dimension>`` claims the whole sheet (calamine makes room for it)."""
    sheet = plain_sheet().replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    return workbook(sheet, plain_shared())


GB = 1 << 30

# name -> (builder, what it is); sizes chosen so that each builds in well under a second.
ATTACKS: dict[str, tuple[Callable[[], bytes], str]] = {
    "laughs-shared": (billion_laughs_shared, "billion laughs in sharedStrings.xml"),
    "laughs-sheet": (billion_laughs_sheet, "billion laughs in the sheet"),
    "quadratic-shared": (quadratic_shared, "quadratic blow-up (100 kB entity × 50,000)"),
    "xxe-shared": (lambda: external_entity("shared"), "external entity in sharedStrings.xml"),
    "xxe-sheet": (lambda: external_entity("sheet"), "external entity in the sheet"),
    "xxe-parameter": (parameter_entity, "external DTD through a parameter entity"),
    "bomb-cell-2g": (lambda: bomb_cell(2 * GB), "one cell inflating to 2 GB"),
    "bomb-shared-2g": (lambda: bomb_shared(2 * GB), "one shared string inflating to 2 GB"),
    "bomb-rows-2g": (lambda: bomb_rows(2 * GB), "a sheet of rows inflating to 2 GB"),
    "bomb-cell-190m": (lambda: bomb_cell(190 * MIB), "one cell of 190 MB (under the limit)"),
    "bomb-shared-190m": (lambda: bomb_shared(190 * MIB), "a shared string of 190 MB (under)"),
    "bomb-rows-190m": (lambda: bomb_rows(190 * MIB), "190 MB of rows (under the limit)"),
    "lying-member": (lambda: lying_member(4096, GB), "declares 4 kB, inflates to 1 GB"),
    "many-members": (lambda: many_members(20_000), "20,000 members in the archive"),
    "stray-corner": (stray_cell, "a cell at XFD1048576 below a short list"),
    "stray-wide": (lambda: stray_cell("ZZZ5000"), "a cell at ZZZ5000 below a short list"),
    "stray-reordered": (lambda: stray_cell_disguised(False), "the corner cell, r not first"),
    "stray-prefixed": (lambda: stray_cell_disguised(True), "the corner cell, x: prefixes"),
}
