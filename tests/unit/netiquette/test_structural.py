"""Structural checks: personal data, links, shouting, floods."""

from __future__ import annotations

from netiquette.structural import (
    Context, address, caps, email, iban, link_only, phone, plate, repeat, shortener, url,
)

CTX = Context(allow_domains=("stadt-beispiel.de",))


def _found(hits: list, text: str) -> list[str]:
    return [text[s:e] for s, e, _ in hits]


def test_phone_numbers_but_not_prices_or_dates() -> None:
    text = "Ruf an: 0176 12345678 oder +49 30 1234567, nicht 115 und nicht am 18.08.2024"
    assert _found(phone(text, CTX), text) == ["0176 12345678", "+49 30 1234567"]
    assert phone("Das kostet 1234567 Euro", CTX) == []


def test_iban_requires_a_valid_checksum() -> None:
    good = "IBAN DE89 3704 0044 0532 0130 00 bitte"
    assert _found(iban(good, CTX), good) == ["DE89 3704 0044 0532 0130 00"]
    assert iban("IBAN DE88 3704 0044 0532 0130 00", CTX) == []


def test_email_address_and_plate() -> None:
    text = "Schreib an max.muster@example.org"
    assert _found(email(text, CTX), text) == ["max.muster@example.org"]
    text = "Er wohnt in der Lindenallee 12, 54321 Musterstadt"
    assert _found(address(text, CTX), text) == ["Lindenallee 12, 54321 Musterstadt"]
    assert address("Ich wohne in der Hauptstraße 88", CTX) == []
    text = "Das Auto mit Kennzeichen M-AB 1234 parkt falsch"
    assert _found(plate(text, CTX), text) == ["M-AB 1234"]


def test_links_allowlist_shorteners_and_link_only() -> None:
    text = "Infos: https://www.stadt-beispiel.de/x und https://bit.ly/abc"
    assert _found(url(text, CTX), text) == ["https://bit.ly/abc"]
    assert _found(shortener(text, CTX), text) == ["https://bit.ly/abc"]
    assert link_only(text, CTX) == []
    assert _found(link_only("https://spam.example.com/win", CTX),
                  "https://spam.example.com/win") == ["https://spam.example.com/win"]


def test_caps_and_repeated_sentences() -> None:
    assert caps("DAS IST EINE FRECHHEIT VON DER STADT", CTX)
    assert caps("Die Stadt und die GEZ und die EU", CTX) == []
    flood = "Stoppt den Bau jetzt! " * 3
    assert len(repeat(flood, CTX)) == 3
