"""Write the catalogue of broken inputs (``tests/bad/catalogue.toml`` says what each must produce).

    python tests/bad/make_bad.py            # every file but LibreOffice's, into tests/bad/files
    python tests/bad/make_bad.py --soffice  # also re-make the .xls, .ods and encrypted copies

Every file is made here from code, deterministically (fixed ZIP timestamps), so that the
committed copies can be checked against a fresh build (``test_bad_inputs.py`` does). Files
too large to commit (``LARGE``) are only ever built into a temporary folder by the tests.
The LibreOffice files (``SOFFICE``) need ``soffice`` and the encrypted workbook needs
``msoffcrypto-tool`` (LibreOffice 7.4 ignores a password given to ``--convert-to``); both differ
from save to save, so they are committed and rebuilt only on request.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FILES = HERE / "files"
sys.path.insert(0, str(HERE))

import attacks  # noqa: E402

PACK = ROOT / "rules" / "seoul-2024.toml"
SAMPLE = json.loads((ROOT / "samples" / "nominations.json").read_text(encoding="utf-8"))
GOOD = SAMPLE[0]  # Maria Schmidt, eligible
EPOCH = (2024, 6, 1, 0, 0, 0)

Builder = Callable[[], bytes]


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def _good(i: int, **changes: object) -> dict[str, object]:
    record = {**GOOD, "id": f"B-{i:03d}", **changes}
    return record


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, EPOCH), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _xlsx(sheet_xml: str | None, shared: str | None = None, sheets: str | None = None) -> bytes:
    """A minimal workbook: ``sheet_xml`` as its one sheet (None: a workbook with no sheets)."""
    workbook = attacks.WORKBOOK
    if sheets is not None:
        workbook = workbook.replace(
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>', sheets
        )
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": attacks.CONTENT_TYPES,
        "_rels/.rels": attacks.RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": attacks.WORKBOOK_RELS,
    }
    if sheet_xml is not None:
        parts["xl/worksheets/sheet1.xml"] = sheet_xml
    parts["xl/sharedStrings.xml"] = shared or attacks.plain_shared()
    return _zip(parts)


def _header_only() -> bytes:
    return _xlsx(attacks.SHEET_HEAD + attacks.SHEET_TAIL)


def _no_sheets() -> bytes:
    return _xlsx(None, sheets="<sheets/>")


def _truncated() -> bytes:
    whole = (ROOT / "samples" / "nominations.xlsx").read_bytes()
    return whole[: len(whole) // 2]


def _pack(old: str, new: str) -> Builder:
    def build() -> bytes:
        text = PACK.read_text(encoding="utf-8")
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")

    return build


def _huge_field() -> bytes:
    return b"name,achievements\nKim Anna,ok\nLee Jun," + b"x" * (3 << 20) + b"\n"


def _huge_quoted_field() -> bytes:
    lines = "\n".join(["y" * 1000] * 2000)  # 2 MB in one quoted cell, over many lines
    return f'name,achievements\nKim Anna,ok\nLee Jun,"{lines}"\n'.encode()


def _huge_pack() -> bytes:
    """The 2024 pack and a comment, 2 MiB in all (a 300 MB pack was read whole: 915 MB)."""
    pack = PACK.read_bytes()
    return pack + b"#" + b"x" * (2 * 1024 * 1024 - len(pack) - 2) + b"\n"


def _csv_rows(encoding: str, bom: bool = False) -> bytes:
    text = (
        "name,nationality,received\n佐藤 健,日本,2024年6月3日\nスミス・ジョン,米国,2024年6月4日\n"
    )
    data = text.encode(encoding)
    return (b"\xff\xfe" if bom else b"") + data


SMALL: dict[str, Builder] = {
    # JSON
    "empty.json": lambda: b"",
    "blank.json": lambda: b"  \n\t\n",
    "not-json.json": lambda: b"name: Kim Anna\nnationality: DE\n",
    "empty.jsonl": lambda: b"",
    "blank-lines.jsonl": lambda: b"\n  \n\r\n",
    "truncated.json": lambda: _json(SAMPLE)[:700],
    "wrong-shape-number.json": lambda: b"42\n",
    "wrong-shape-string.json": lambda: b'"Maria Schmidt"\n',
    "latin1.json": lambda: '{"name": "José Núñez"}'.encode("latin-1"),
    "utf16.json": lambda: '{"name": "Kim Anna"}'.encode("utf-16"),
    "lines-as-json.json": lambda: b'{"name": "Kim Anna"}\n{"name": "Lee Jun"}\n',
    "stray-bracket.json": lambda: b'[{"name": "Kim Anna"}]\n]\n',
    "utf32.json": lambda: '{"name": "Kim Anna"}'.encode("utf-32"),
    "deep-nesting.json": lambda: b"[" * 20_000 + b"]" * 20_000,
    "huge-integer.json": lambda: (
        b'{"name": "Kim Anna", "nominator": {"signatures": ' + b"9" * 5000 + b"}}"
    ),
    "lone-surrogate.json": lambda: b'[{"id": "S-\\ud800", "name": "Kim \\udfff Anna"}]',
    "nan-signatures.json": lambda: (
        b'[{"id": "N-1", "name": "Kim Anna", "nominator": {"type": "citizens", "signatures": NaN}}]'
    ),
    "one-bad-among-good.json": lambda: _json(
        [
            _good(1),
            _good(2, residences=[{"start": "06/05/2016", "end": None, "city": "Seoul"}]),
            _good(3),
        ]
    ),
    "not-objects.json": lambda: _json([_good(1), 7, "Kim Anna", None]),
    "one-bad-line.jsonl": lambda: b"\n".join(
        [
            json.dumps(_good(1), ensure_ascii=False).encode(),
            b'{"id": "B-002", "name": "Lee Jun",',
            json.dumps(_good(3), ensure_ascii=False).encode(),
        ]
    ),
    # XLSX
    "empty.xlsx": lambda: b"",
    "text-renamed.xlsx": lambda: b"name,nationality\nKim Anna,DE\n",
    "truncated.xlsx": _truncated,
    "zip-not-workbook.xlsx": lambda: _zip({"readme.txt": "hello"}),
    "no-sheets.xlsx": _no_sheets,
    "header-only.xlsx": _header_only,
    "pdf-renamed.xlsx": lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    # CSV
    "empty.csv": lambda: b"",
    "utf16.csv": lambda: _csv_rows("utf-16-le", bom=True),
    "shift-jis.csv": lambda: _csv_rows("shift_jis"),
    "binary.csv": lambda: bytes(range(256)) * 4,
    "header-only.csv": lambda: b"name,nationality,received\n",
    "no-name-column.csv": lambda: b"nationality,received\nDE,2024-06-03\n",
    "xlsx-renamed.csv": lambda: (ROOT / "samples" / "nominations.xlsx").read_bytes(),
    # two headers for one field (the English key and the Korean label): which one is true?
    "repeated-column.csv": lambda: "name,pledge,명예시민 서약서\nKim Anna,no,yes\n".encode(),
    # rules packs (checked with `check --rules` and `rules validate`)
    "packs/missing-key.toml": _pack('clause = "C7"\nrequired', 'clause = "C7"\nrequire_typo'),
    "packs/wrong-type.toml": _pack("continuous_years = 3", 'continuous_years = "three"'),
    "packs/unknown-kind.toml": _pack('kind = "residency"', 'kind = "astrology"'),
    "packs/window-reversed.toml": _pack("closes = 2024-06-28", "closes = 2024-05-01"),
    "packs/unknown-clause.toml": _pack('clause = "C3"', 'clause = "C9"'),
    "packs/duplicate-rule.toml": _pack('id = "contribution"', 'id = "residency"'),
    "packs/bad-timezone.toml": _pack('timezone = "Asia/Seoul"', 'timezone = "Asia/Atlantis"'),
    "packs/negative-threshold.toml": _pack("min_signatures = 30", "min_signatures = -5"),
    "packs/not-toml.toml": _pack("[pack]", "[pack"),
    "packs/extra-key.toml": _pack(
        "cumulative_years = 5", "cumulative_years = 5\ncumulative_yaers = 6"
    ),
    "packs/empty.toml": lambda: b"",
    "packs/binary.toml": lambda: bytes(range(256)),
    # nationals as records never hold them: Korean nationals then passed C1
    "packs/nationals-alpha3.toml": _pack('nationals = ["KR"]', 'nationals = ["KOR"]'),
    "packs/nationals-lower-case.toml": _pack('nationals = ["KR"]', 'nationals = ["kr"]'),
    "packs/nationals-unknown.toml": _pack('nationals = ["KR"]', 'nationals = ["KR", "ZZ"]'),
    "packs/nationals-empty.toml": _pack('nationals = ["KR"]', "nationals = []"),
    # document and choice parameters that name ids the rule does not have (all accepted before)
    "packs/minimum-below-one.toml": _pack("minimum = { photo = 1 }", "minimum = { photo = -1 }"),
    "packs/minimum-unknown.toml": _pack("minimum = { photo = 1 }", "minimum = { photos = 2 }"),
    "packs/waived-unknown.toml": _pack(
        '"alien_registration_certificate", "residence_history"]\n',
        '"alien_registration_certificate", "residence_histroy"]\n',
    ),
    "packs/duplicate-document.toml": _pack('"residence_history", "pledge"', '"photo", "pledge"'),
    "packs/warn-not-accepted.toml": _pack('warn = ["other"]', 'warn = ["others"]'),
    "packs/refused-accepted.toml": _pack('refused = ["none"]', 'refused = ["none", "exempt"]'),
    "packs/duplicate-accepted.toml": _pack('"science_technology", "other"]', '"honor", "other"]'),
    "packs/accepted-empty.toml": _pack('accepted = ["registered", "exempt"]', "accepted = []"),
    "packs/required-empty.toml": _pack(
        'required = ["nomination_form", "nominator_seal", "photo", '
        '"alien_registration_certificate",\n            "residence_history", "pledge", '
        '"privacy_consent", "achievement_evidence"]',
        "required = []",
    ),
    # integers are strict: true was read as 1 signature
    "packs/bool-threshold.toml": _pack("min_signatures = 30", "min_signatures = true"),
    "packs/bool-minimum.toml": _pack("minimum = { photo = 1 }", "minimum = { photo = true }"),
    "packs/float-years.toml": _pack("continuous_years = 3", "continuous_years = 3.0"),
    # passed validate, then `check` was an internal error (ValueError, OverflowError)
    "packs/continuous-years-8000.toml": _pack("continuous_years = 3", "continuous_years = 8000"),
    "packs/cumulative-years-huge.toml": _pack(
        "cumulative_years = 5", "cumulative_years = 30000000"
    ),
    "packs/days-per-year-huge.toml": _pack("days_per_year = 365", "days_per_year = 10000000"),
    "packs/utf16.toml": lambda: PACK.read_text(encoding="utf-8").encode("utf-16"),
    # tomllib recursed until RecursionError: an internal error before this catalogue
    "packs/deep-nesting.toml": lambda: b"x = " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
    # tomllib keeps every prefix of a dotted key: 20,000 parts (40 kB) took a gigabyte
    "packs/deep-dotted-key.toml": lambda: b"x" + b".x" * 20_000 + b" = 1\n",
    "packs/huge-integer.toml": _pack("min_signatures = 30", "min_signatures = " + "9" * 5000),
}

# Too large to commit: built by the tests into a temporary folder.
LARGE: dict[str, Builder] = {
    "huge-field.csv": _huge_field,
    "huge-quoted-field.csv": _huge_quoted_field,
    "packs/huge.toml": _huge_pack,
}

# LibreOffice's own files: (source, filter) converted from the sample workbook.
SOFFICE = {
    "xls-renamed.xlsx": "xls",
    "ods-renamed.xlsx": "ods",
}
ENCRYPTED = "encrypted.xlsx"  # the sample workbook, password "secret" (Agile encryption)


def build(folder: Path, names: dict[str, Builder]) -> None:
    for name, builder in names.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(builder())


def build_soffice(folder: Path) -> None:
    source = ROOT / "samples" / "nominations.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        for name, target in SOFFICE.items():
            out = Path(tmp) / name.split(".")[0]
            out.mkdir()
            subprocess.run(
                [
                    "soffice",
                    "--headless",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(out),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            made = next(out.iterdir())
            shutil.copyfile(made, folder / name)
    from msoffcrypto.format.ooxml import OOXMLFile  # test-time tool, not a dependency

    with source.open("rb") as plain, (folder / ENCRYPTED).open("wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


if __name__ == "__main__":
    FILES.mkdir(exist_ok=True)
    build(FILES, SMALL)
    if "--soffice" in sys.argv:
        build_soffice(FILES)
    print(f"wrote {len(SMALL)} files into {FILES}")
