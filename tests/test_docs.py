"""Every command and every option is documented in the README (sqlite-utils style)."""

from __future__ import annotations

import re

from conftest import ROOT, run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _names(help_text: str) -> list[str]:
    """Command names listed under 'Commands:' in a help text (plain or boxed)."""
    if "Commands" not in help_text:
        return []
    section = help_text.split("Commands", 1)[1]
    return re.findall(r"^[│ ]\s*([a-z]+)\s{2,}", section, flags=re.MULTILINE)


def _commands() -> list[list[str]]:
    names = _names(run("--help").stdout)
    assert "check" in names and "rules" in names
    out = []
    for name in names:
        subs = _names(run(name, "--help").stdout)
        out.extend([[name, s] for s in subs] or [[name]])
    return out


def test_every_command_is_in_the_readme() -> None:
    commands = _commands()
    assert ["rules", "test"] in commands
    for command in commands:
        assert f"nominate {' '.join(command)}" in README, command


def test_every_option_is_in_the_readme() -> None:
    for command in _commands():
        text = run(*command, "--help").stdout
        for option in set(re.findall(r"(--[a-z][a-z-]+)", text)) - {"--help"}:
            assert option in README, (command, option)


def test_readme_placeholders_are_filled() -> None:
    assert not re.search(r"\b[A-Z]+_[A-Z_]+\b(?<!YYYY)", README.split("## How")[0]
                         .replace("NOMINATE_LANG", "")), "README still has a placeholder"
