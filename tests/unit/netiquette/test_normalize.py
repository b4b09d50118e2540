"""Normalisation folds evasions and maps every character back to the original text."""

from __future__ import annotations

import pytest

from netiquette.normalize import normalize


@pytest.mark.parametrize("text, folded", [
    ("I d i o t", "idiot"),
    ("I.d.i.o.t", "idiot"),
    ("I🤬d🤬i🤬o🤬t", "idiot"),
    ("Arsch🤬loch", "arschloch"),
    ("Ar\u200bsch\u00adloch", "arschloch"),
    ("ＩＤＩＯＴ", "idiot"),
    ("𝐈𝐝𝐢𝐨𝐭", "idiot"),
    ("Аrschlосh", "arschloch"),  # Cyrillic А, о, с
    ("a\u0308rger", "ärger"),
    ("z. B. am Markt", "z. b. am markt"),
])
def test_folding(text: str, folded: str) -> None:
    assert normalize(text).text == folded


def test_offsets_point_into_the_original() -> None:
    text = "Du I.d.i.o.t!"
    norm = normalize(text)
    start = norm.text.index("idiot")
    s, e = norm.span(start, start + 5)
    assert text[s:e] == "I.d.i.o.t"


def test_plain_text_keeps_offsets_identical() -> None:
    norm = normalize("Straße und Bürgerbüro")
    assert norm.offsets is None and norm.text == "straße und bürgerbüro"
