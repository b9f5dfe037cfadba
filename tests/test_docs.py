"""Every command and every option is documented in the README (sqlite-utils style)."""

from __future__ import annotations

import re

from conftest import ROOT, run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[list[str]]:
    top = run("--help").stdout
    names = re.findall(r"^│ (\w+)\s", top, flags=re.MULTILINE)
    assert "check" in names and "rules" in names
    out = []
    for name in names:
        sub = run(name, "--help").stdout
        subs = re.findall(r"^│ (\w+)\s", sub.split("Commands")[-1], flags=re.MULTILINE) \
            if "Commands" in sub else []
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
