"""``nominate interview`` driven in a pseudo-terminal, as an applicant would use it.

Every prompt the tests wait for is taken from the catalogues, so a test in Korean waits for
the Korean question. The saved record is then checked by ``nominate check`` to the same verdict.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pexpect
import pytest

from nominate.dates import DateFormError, parse_date
from nominate.i18n import set_language, t
from nominate.rules import load_pack

BIN = str(Path(sys.executable).parent / "nominate")
if not Path(BIN).exists():  # installed elsewhere (e.g. pipx): use the one on PATH
    BIN = shutil.which("nominate") or BIN
PACK = load_pack()
DOCS = list(PACK.rule("documents").required)


class Session:
    """One interview in a pseudo-terminal, answered step by step."""

    def __init__(self, lang: str, *args: str, cwd: Path) -> None:
        self.lang = lang
        env = {**os.environ, "COLUMNS": "250", "LINES": "60", "TERM": "xterm-256color"}
        env.pop("NOMINATE_LANG", None)
        self.child = pexpect.spawn(
            BIN,
            ["interview", "--lang", lang, *args],
            encoding="utf-8",
            timeout=8,
            dimensions=(60, 250),
            env=env,
            cwd=str(cwd),
        )
        self.child.delaybeforesend = None  # answers go at once: the tests stay fast

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def answer(self, key: str, reply: str, **params: object) -> None:
        self.child.expect_exact(self.t(key, **params))
        self.child.sendline(reply)

    def choose(self, key: str, n: int, number: int | str, **params: object) -> None:
        self.child.expect_exact(self.t(key, **params))
        self.child.expect_exact(self.t("ask.choose", n=n))
        self.child.sendline(str(number))

    def period(self, n: int, start: str, end: str, city: str, more: bool) -> None:
        self.answer("interview.period_start", start, n=n)
        self.answer("interview.period_end", end, n=n)
        self.answer("interview.period_city", city, n=n)
        self.answer("interview.another_period", "y" if more else "n")

    def organisation(self, head: str) -> None:
        """Nominated by the head of a social organisation, the organisation not named."""
        self.choose("interview.nominator", 3, 2)
        self.answer("interview.nominator_name", head)
        self.answer("interview.organization", "")

    def citizens(self, representative: str, count: str) -> None:
        """Nominated by citizens, their number given as a count."""
        self.choose("interview.nominator", 3, 3)
        self.answer("interview.representative", representative)
        self.choose("interview.signatures_how", 2, 1, needed=30)
        self.answer("interview.signatures_count", count)

    def documents(self, ready: dict[str, bool]) -> None:
        for doc, yes in ready.items():
            self.answer("interview.document", "y" if yes else "n", item=PACK.label(doc, self.lang))

    def finish(self) -> tuple[str, int]:
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.before is not None
        return self.child.before, int(self.child.exitstatus)


def recheck(path: Path, lang: str = "en") -> tuple[dict[str, object], int]:
    done = subprocess.run(
        [BIN, "check", str(path), "--format", "json", "--lang", lang],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stdout)["results"][0], done.returncode


def date_hint(text: str, lang: str) -> str:
    set_language(lang)
    try:
        parse_date(text)
    except DateFormError as exc:
        return str(exc)
    finally:
        set_language("en")
    raise AssertionError(f"{text} was read as a date")


def test_english_eligible_with_a_bad_date_re_asked(tmp_path: Path) -> None:
    s = Session("en", "--save", "maria.json", cwd=tmp_path)
    s.answer("interview.name", "Maria Schmidt")
    s.answer("interview.nationality", "Germany")
    s.answer("interview.period_start", "06/05/2024", n=1)
    s.child.expect_exact(date_hint("06/05/2024", "en"))  # the dates module's own message
    s.answer("interview.period_start", "2018-03-01", n=1)
    s.answer("interview.period_end", "", n=1)
    s.answer("interview.period_city", "Seoul", n=1)
    s.child.expect_exact(s.t("interview.total_met"))
    s.answer("interview.another_period", "y")
    s.period(2, "2016-03-01", "2018-02-28", "Busan", more=False)
    s.choose("interview.registration", 3, 1)
    s.child.expect_exact(s.t("interview.contributions"))
    s.answer("ask.choose_many", "7", n=5)
    s.child.expect_exact(s.t("ask.choice_hint", n=5))
    s.answer("ask.choose_many", "2", n=5)
    s.citizens("Kim Minji", "31")
    s.answer("interview.submitted", "y")
    s.choose("interview.method_done", 3, 2)
    s.answer("interview.received", "2024-07-01")
    s.answer("interview.postmarked", "2024.6.28")
    s.documents(dict.fromkeys(DOCS, True))
    out, code = s.finish()
    assert code == 0
    assert s.t("status.eligible") in out
    assert s.t("checklist.nothing") in out
    assert PACK.office.email in out and PACK.office.phone in out
    saved = tmp_path / "maria.json"
    record = json.loads(saved.read_text(encoding="utf-8"))
    assert record["submission"] == {
        "method": "mail",
        "received": "2024-07-01",
        "postmarked": "2024-06-28",
    }
    result, check_code = recheck(saved)
    assert (result["status"], check_code) == ("eligible", 0)


def test_korean_incomplete_with_checklist(tmp_path: Path) -> None:
    s = Session("ko", "--save", "rec.json", cwd=tmp_path)
    s.answer("interview.name", "마리아 슈미트")
    s.answer("interview.nationality", "독일")
    s.period(1, "2017년 3월 2일", "", "서울특별시 마포구", more=False)
    s.choose("interview.registration", 3, 1)
    s.child.expect_exact(s.t("interview.contributions"))
    s.answer("ask.choose_many", "1, 3", n=5)
    s.organisation("박서준")
    s.answer("interview.submitted", "아니오")
    s.choose("interview.method_plan", 3, 2)
    ready = dict.fromkeys(DOCS, True) | {"photo": False, "pledge": False}
    s.documents(ready)
    out, code = s.finish()
    assert code == 1
    assert s.t("status.incomplete") in out
    for doc in ("photo", "pledge"):
        assert s.t("checklist.document", item=PACK.label(doc, "ko")) in out
    office = PACK.office
    deadline = s.t(
        "checklist.submit_mail",
        closes=date(2024, 6, 28),
        office=office.name("ko"),
        address=office.address("ko"),
    )
    assert deadline.split(":")[0] in out  # "2024년 6월 28일까지의 소인이 찍히도록 …"
    assert office.address("ko") in out
    result, check_code = recheck(tmp_path / "rec.json", "ko")
    assert (result["status"], check_code) == ("incomplete", 1)
    assert result["missing"] == ["submission.received", "photo", "pledge"]


def test_japanese_ineligible_exempt_with_signatories(tmp_path: Path) -> None:
    s = Session("ja", "--save", "rec.json", cwd=tmp_path)
    s.answer("interview.name", "グエン・ティ・ラン")
    s.answer("interview.nationality", "ベトナム")
    s.period(1, "2022年9月1日", "", "ソウル市 麻浦区", more=False)
    s.choose("interview.registration", 3, 2)  # exempt: no certificate questions later
    s.child.expect_exact(s.t("interview.contributions"))
    s.answer("ask.choose_many", "2", n=5)
    s.choose("interview.nominator", 3, 3)
    s.answer("interview.representative", "")
    s.choose("interview.signatures_how", 2, 2, needed=30)
    s.answer("interview.signatory_name", "金ミンジ", n=1)
    s.answer("interview.signatory_address", "ソウル特別市 中区", n=1)
    s.answer("interview.signatory_name", "李ヨンヒ", n=2)
    s.answer("interview.signatory_address", "釜山 海雲台区", n=2)
    s.child.expect_exact(s.t("interview.signatory_not_seoul"))
    s.answer("interview.signatory_name", "", n=3)
    s.answer("interview.submitted", "n")
    s.choose("interview.method_plan", 3, 3)
    s.child.expect_exact(s.t("interview.documents_intro"))
    waived = ("alien_registration_certificate", "residence_history")
    s.documents({d: True for d in DOCS if d not in waived})
    out, code = s.finish()
    assert code == 1
    assert PACK.label("alien_registration_certificate", "ja") + ":" not in out
    assert s.t("status.ineligible") in out
    assert s.t("checklist.residency_on", date=date(2025, 9, 1)) in out
    assert s.t("checklist.signatures_more", short=29, count=1, needed=30) in out
    result, check_code = recheck(tmp_path / "rec.json", "ja")
    assert (result["status"], check_code) == ("ineligible", 1)
    assert result["residency"]["qualifies_on"] == "2025-09-01"


def test_ctrl_c_leaves_with_130_and_saves_nothing(tmp_path: Path) -> None:
    s = Session("en", "--save", "rec.json", cwd=tmp_path)
    s.answer("interview.name", "Maria Schmidt")
    s.child.expect_exact(s.t("interview.nationality"))
    s.child.sendintr()
    out, code = s.finish()
    assert code == 130
    assert s.t("interview.interrupted") in out
    assert list(tmp_path.iterdir()) == []


def test_save_over_an_existing_file_is_refused_before_any_question(tmp_path: Path) -> None:
    (tmp_path / "rec.json").write_text('{"name": "earlier answers"}', encoding="utf-8")
    s = Session("en", "--save", "rec.json", cwd=tmp_path)
    out, code = s.finish()
    assert code == 2
    assert "rec.json: already exists; it is never replaced" in out
    assert s.t("interview.name") not in out
    assert (tmp_path / "rec.json").read_text(encoding="utf-8") == '{"name": "earlier answers"}'


def test_without_a_terminal_points_to_check(tmp_path: Path) -> None:
    done = subprocess.run(
        [BIN, "interview", "--lang", "en", "--save", str(tmp_path / "rec.json")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "nominate check" in done.stderr
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_full_width_answers_read_as_plain_ones() -> None:
    """A Korean or Japanese input method types Ｙ, ｙｅｓ, 〇, ３１: read as y, yes, o, 31."""
    from rich.console import Console

    from nominate.asking import _Count, _YesNo

    yes_no = _YesNo("?", console=Console())
    assert [yes_no.process_response(v) for v in ("Ｙ", "ｙｅｓ", "〇", "Ｏ")] == [True] * 4
    assert [yes_no.process_response(v) for v in ("ｎｏ", "Ｘ", "×")] == [False] * 3
    assert _Count("?", console=Console()).process_response("３１") == 31


def test_what_the_interview_says_is_never_read_as_markup() -> None:
    """A pack's labels (and anything said) are printed as written: '[/]' was a MarkupError,
    '[b]' vanished."""
    import io

    from rich.console import Console

    from nominate.asking import Asker

    out = io.StringIO()
    Asker(Console(file=out, width=80), io.StringIO("")).say("  1. [b]Culture[/] and [/] more")
    assert out.getvalue() == "  1. [b]Culture[/] and [/] more\n"


def test_keys_edit_the_line_and_korean_short_answers_are_read(tmp_path: Path) -> None:
    """An arrow key moves along the line (it typed ESC [ D into the name, and so into the
    saved record, before); ㅇ and ㄴ answer yes and no, full-width numbers pick from a list,
    as the hints say (found by an applicant's review)."""
    s = Session("ko", "--save", "rec.json", cwd=tmp_path)
    s.child.expect_exact(s.t("interview.name"))
    s.child.send("Kim Ana\x1b[D\x1b[Dn\r")  # ← ← n: "Kim Anna"
    s.answer("interview.nationality", "독일")
    s.period(1, "2022-01-01", "2026-12-31", "서울", more=False)  # an end, after the as-of
    s.choose("interview.registration", 3, "１")
    s.child.expect_exact(s.t("interview.contributions"))
    s.answer("ask.choose_many", "１，３", n=5)
    s.organisation("박서준")
    s.answer("interview.submitted", "ㄴ")
    s.choose("interview.method_plan", 3, 2)
    for doc in DOCS:
        s.answer("interview.document", "ㅇ", item=PACK.label(doc, "ko"))
    out, code = s.finish()
    assert code == 1
    assert s.t("checklist.residency_ends", as_of=date(2024, 5, 31)) in out.replace("\r\n", "")
    assert s.t("checklist.residency_never", as_of=date(2024, 5, 31)) not in out
    # residency not met: handing in this round is nothing to do
    assert "2024년 6월 28일까지" not in out
    record = json.loads((tmp_path / "rec.json").read_text(encoding="utf-8"))
    assert record["name"] == "Kim Anna"
    assert record["contributions"] == ["honor", "economy"]
    assert record["submission"] == {"method": "mail"}
    assert all(record["documents"].values())


def test_typed_control_sequences_never_reach_an_answer() -> None:
    import io

    from rich.console import Console

    from nominate.asking import Asker

    typed = io.StringIO("abc\x1b[DX\x1bOH\x7f\n")
    assert Asker(Console(file=io.StringIO()), typed).text("Name") == "abcX"


def test_the_residency_date_says_which_round() -> None:
    """Residency is counted on a round's notice date: qualifying on a day inside this
    round's window does not let the candidate in (the checklist said 'nominate on or after
    that day')."""
    assert "notice date" in t("checklist.residency_on", "en", date=date(2024, 6, 1))


def test_with_its_output_in_a_file_it_points_to_check(tmp_path: Path) -> None:
    """``nominate interview > answers.txt`` asked its questions into the file and waited."""
    import pty

    primary, secondary = pty.openpty()
    try:
        with (tmp_path / "out.txt").open("w") as out:
            done = subprocess.run([BIN, "interview", "--lang", "en"], stdin=secondary,
                                  stdout=out, stderr=subprocess.PIPE, text=True, timeout=30,
                                  check=False)
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 2 and "nominate check" in done.stderr
    assert (tmp_path / "out.txt").read_text() == ""


def test_the_checklist_holds_the_exempt_candidate_proof_of_stay(tmp_path: Path) -> None:
    """The verdict warned 'attach proof of the stay in Seoul instead' while the checklist said
    nothing was left to do. Also: a count may say what it counts (31명)."""
    s = Session("ko", cwd=tmp_path)
    s.answer("interview.name", "Maria")
    s.answer("interview.nationality", "독일")
    s.period(1, "2018-01-01", "", "서울", more=False)
    s.choose("interview.registration", 3, 2)  # exempt
    s.child.expect_exact(s.t("interview.contributions"))
    s.answer("ask.choose_many", "1", n=5)
    s.citizens("Kim", "31명")
    s.answer("interview.submitted", "y")
    s.choose("interview.method_done", 3, 1)
    s.answer("interview.received", "2024-06-03")
    for doc in DOCS:
        if doc not in PACK.rule("documents").waived_when_exempt:
            s.answer("interview.document", "y", item=PACK.label(doc, "ko"))
    out, code = s.finish()
    assert code == 0
    checklist = out[out.index(s.t("checklist.title")):].replace("\r\n", "").replace("│", "")
    assert s.t("checklist.nothing") not in checklist
    assert "".join(s.t("documents.exempt_proof").split()) in "".join(checklist.split())


def test_a_korean_national_is_told_at_once_and_asked_nothing_more(tmp_path: Path) -> None:
    """Every other question came before the verdict 'ineligible' (the README promises to ask
    only what applies); the checklist says the one thing that matters."""
    s = Session("ko", "--save", "rec.json", cwd=tmp_path)
    s.answer("interview.name", "김민지")
    s.answer("interview.nationality", "대한민국")
    s.child.expect_exact(s.t("interview.national_stop"))
    out, code = s.finish()
    assert code == 1
    assert s.t("interview.period_start", n=1) not in out
    assert s.t("status.ineligible") in out
    checklist = out[out.index(s.t("checklist.title")):]
    assert s.t("checklist.national") in checklist
    assert s.t("checklist.document", item=PACK.label("photo", "ko")) not in checklist
    result, check_code = recheck(tmp_path / "rec.json", "ko")
    assert (result["status"], check_code) == ("ineligible", 1)


@pytest.mark.parametrize("closed", [">&-", "<&-"])
def test_with_a_closed_stream_it_points_to_check(closed: str) -> None:
    """'internal error (AttributeError)' before: a closed stream is None, not a terminal."""
    done = subprocess.run(f"{BIN} interview --lang en {closed}", shell=True, capture_output=True,
                          text=True, timeout=30, check=False, executable="/bin/bash")
    assert done.returncode == 2 and "nominate check" in done.stderr
    assert "internal error" not in done.stderr
