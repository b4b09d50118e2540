"""Degenerate comments (floods of one character, mentions, emoji) are checked without errors."""

from __future__ import annotations

import pytest

import netiquette

RULES = netiquette.load_ruleset()


@pytest.mark.parametrize(
    "text",
    ["@" * 500, "@@ @@@ Idiot", "😀" * 3000, "A" * 5000, "a😀" * 1000, "\u200b" * 2000, " " * 1000, "", "\x00\x1b[2J",
     # a "word" of 50,000 marks between letters: looked up once, not once per mark
     "a!" * 50_000 + "a", "Id!ot " * 2000],
)
def test_degenerate_input_gives_a_result(text: str) -> None:
    result = RULES.check(text)
    for f in result.findings:
        for start, end in f.spans:
            assert 0 <= start < end <= len(text)


def test_long_token_keeps_matching_its_start() -> None:
    text = "Idiot" + "x" * 5000
    assert isinstance(RULES.check(text).flagged, bool)
