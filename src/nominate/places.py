"""Does a text name Seoul? (SPEC §2: one of the pack's spellings as a separate word.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def place_matcher(spellings: Iterable[str]) -> Callable[[str], bool]:
    """A predicate true when a text contains one of ``spellings`` as a separate word.

    A word is bounded by the start or end of the text, white space or punctuation (hyphens
    and underscores included), never by a letter or digit: ``Seoul-si`` and
    ``Jongno-gu, Seoul 03154`` name Seoul, ``Seoulland`` does not. Case is ignored.
    """
    names = sorted({s.strip() for s in spellings if s.strip()}, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(n) for n in names) + r")(?![^\W_])",
        re.IGNORECASE,
    )
    search = pattern.search
    cache: dict[str, bool] = {}

    def names_place(text: str) -> bool:
        hit = cache.get(text)
        if hit is None:
            hit = search(text) is not None
            if len(cache) < 4096:
                cache[text] = hit
        return hit

    return names_place
