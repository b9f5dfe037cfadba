"""Rich prompts that re-ask with a short hint, in the current language.

:class:`Asker` wraps one console (and, for tests, one input stream) and offers the few kinds
of question the interview needs: text, a date, a number, yes/no, one choice or several from a
numbered list. A converter refuses an answer by raising :class:`Refused` with a hint; the
prompt prints the hint and asks again instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TextIO

from rich.console import Console
from rich.prompt import Confirm, IntPrompt, InvalidResponse, PromptBase
from rich.text import Text

from nominate.dates import DateFormError, parse_date
from nominate.i18n import t
from nominate.models import fold

# compared after folding (NFKC, case ignored), as in records: "Ｙ" is "y", "〇" the maru
# (folded here too: NFKC turns the letter ㅇ typed alone into the jamo ᄋ)
YES = frozenset(map(fold, ("y", "yes", "예", "네", "ㅇ", "はい", "うん", "o", "1", "○", "〇", "◯")))
NO = frozenset(map(fold, ("n", "no", "아니오", "아니요", "아니", "ㄴ", "いいえ", "x", "0", "×")))
# What a terminal without line editing sends for a key (an arrow: ESC [ D), and other
# control characters: never part of an answer
_KEYS = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Refused(ValueError):
    """An answer that cannot be read; ``str`` is the hint shown before asking again."""


def _hint(message: str) -> InvalidResponse:
    return InvalidResponse(Text("  " + message, style="yellow"))


class _Input:
    """Reading one answer; a test stream at its end means the person went away (EOF)."""

    @classmethod
    def get_input(
        cls, console: Console, prompt: Any, password: bool, stream: TextIO | None = None
    ) -> str:
        if stream is not None:
            console.print(prompt, end="")
            line = stream.readline()
            if not line:
                raise EOFError
            return _KEYS.sub("", line.rstrip("\n"))
        return _KEYS.sub("", console.input(prompt, password=password))


class _Ask(_Input, PromptBase[Any]):
    """A prompt whose answer goes through a converter."""

    prompt_suffix = " "

    def __init__(self, prompt: str, *, console: Console, convert: Callable[[str], Any]) -> None:
        super().__init__(Text(prompt, style="bold"), console=console, show_default=False)
        self._convert = convert

    def process_response(self, value: str) -> Any:
        try:
            return self._convert(value.strip())
        except Refused as exc:
            raise _hint(str(exc)) from None


class _YesNo(_Input, Confirm):
    prompt_suffix = " "

    def process_response(self, value: str) -> bool:
        word = fold(value)
        if word in YES:
            return True
        if word in NO:
            return False
        raise _hint(t("ask.yes_no_hint"))

    def make_prompt(self, default: Any) -> Text:
        prompt = self.prompt.copy()
        prompt.append(" " + t("ask.yes_no_choices"), style="prompt.choices")
        prompt.append(self.prompt_suffix)
        return prompt


class _Count(_Input, IntPrompt):
    prompt_suffix = " "

    def process_response(self, value: str) -> int:
        text = fold(value).removesuffix("명").removesuffix("人").removesuffix("名").strip()
        if not text.isdigit() or not text.isascii():  # (31명, 31人: people, as counted)
            raise _hint(t("ask.count_hint"))
        return int(text)


class Asker:
    """Questions on one console; ``stream`` replaces the keyboard in tests."""

    def __init__(self, console: Console, stream: TextIO | None = None) -> None:
        self.console = console
        self.stream = stream

    def say(self, text: str | Text, style: str = "") -> None:
        shown = Text(text) if isinstance(text, str) else text  # (never read as markup)
        self.console.print(shown, style=style, highlight=False)

    def text(self, question: str, *, required: bool = True) -> str | None:
        def convert(answer: str) -> str | None:
            if not answer and required:
                raise Refused(t("ask.required_hint"))
            return answer or None

        answer: str | None = self._ask(question, convert)
        return answer

    def date(self, question: str, *, required: bool = True) -> date | None:
        def convert(answer: str) -> date | None:
            if not answer:
                if required:
                    raise Refused(t("ask.date_hint"))
                return None
            return read_date(answer)

        answer: date | None = self._ask(question, convert)
        return answer

    def checked(self, question: str, convert: Callable[[str], Any]) -> Any:
        """A question whose answer ``convert`` reads (or refuses with :class:`Refused`)."""
        return self._ask(question, convert)

    def yes_no(self, question: str) -> bool:
        prompt = _YesNo(Text(question, style="bold"), console=self.console)
        return bool(self._run(prompt))

    def count(self, question: str) -> int:
        prompt = _Count(Text(question, style="bold"), console=self.console, show_default=False)
        return int(self._run(prompt))

    def choice(self, question: str, options: Sequence[tuple[str, str]]) -> str:
        """One id from ``options`` (``(id, label)``), offered as a numbered list."""
        self._list(question, options)
        return str(self._ask(t("ask.choose", n=len(options)), _pick(options, many=False)))

    def choices(self, question: str, options: Sequence[tuple[str, str]]) -> list[str]:
        """Several ids, as numbers separated by commas; empty for none."""
        self._list(question, options)
        picked = self._ask(t("ask.choose_many", n=len(options)), _pick(options, many=True))
        return list(picked)

    def _list(self, question: str, options: Sequence[tuple[str, str]]) -> None:
        self.say(Text(question, style="bold"))
        for i, (_, label) in enumerate(options, start=1):
            self.say(f"  {i}. {label}")

    def _ask(self, question: str, convert: Callable[[str], Any]) -> Any:
        return self._run(_Ask(question, console=self.console, convert=convert))

    def _run(self, prompt: PromptBase[Any]) -> Any:
        if self.stream is None:
            return prompt()
        return prompt(stream=self.stream)


def read_date(answer: str) -> date:
    """A date in one of the accepted forms, or :class:`Refused` with the dates module's reason."""
    try:
        return parse_date(answer)
    except DateFormError as exc:
        raise Refused(str(exc)) from None


def _pick(options: Sequence[tuple[str, str]], *, many: bool) -> Callable[[str], Any]:
    """Read a number (or an id, or a label) from a numbered list; several when ``many``."""
    by_word: dict[str, str] = {}
    for i, (ident, label) in enumerate(options, start=1):
        for word in (str(i), ident, label):
            by_word[fold(word)] = ident

    def convert(answer: str) -> Any:
        answer = fold(answer)  # (full-width as typed: "１", "２，３")
        parts = [p.strip() for p in answer.replace("、", ",").split(",")] if many else [answer]
        parts = [p for p in parts if p]
        if not parts:
            if many:
                return []
            raise Refused(t("ask.choice_hint", n=len(options)))
        picked: list[str] = []
        for part in parts:
            ident = by_word.get(part)
            if ident is None:
                raise Refused(t("ask.choice_hint", n=len(options)))
            if ident not in picked:
                picked.append(ident)
        return picked if many else picked[0]

    return convert
