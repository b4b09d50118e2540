"""HTML to text, timestamp conversion, ids, counts and token scrubbing."""

from __future__ import annotations

import pytest

from cm_tui.importers import BadInput
from cm_tui.importers.text import html_to_text, parse_time, scrub, stable_id, to_id, to_int


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hallo<br />Welt</p><p>Zweiter</p>", "Hallo\nWelt\n\nZweiter"),
        ("Tom &amp; Jerry &lt;3 &#39;x&#39; &quot;y&quot;", "Tom & Jerry <3 'x' \"y\""),
        ('<a href="https://x.de"><span class="invisible">https://</span><span class="ellipsis">x.de</span></a>', "https://x.de"),
        ("ohne Markup", "ohne Markup"),
        ("<p>  viel   \n  Leerraum </p>", "viel Leerraum"),
        ("<b>unclosed <i>tags", "unclosed tags"),
        ("<p>مرحبا بالعالم</p><p>שלום</p>", "مرحبا بالعالم\n\nשלום"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2021-08-10T18:45:03+0000", "2021-08-10T18:45:03Z"),
        ("2019-11-26T15:51:44.000Z", "2019-11-26T15:51:44Z"),
        ("2019-11-26T15:51:44Z", "2019-11-26T15:51:44Z"),
        ("2026-08-01T13:53:15.910Z", "2026-08-01T13:53:15Z"),
        ("2024-07-01T12:00:00+02:00", "2024-07-01T10:00:00Z"),
        (1671491598, "2022-12-19T23:13:18Z"),
        ("1671491598", "2022-12-19T23:13:18Z"),
        (1691743122924, "2023-08-11T08:38:42Z"),
        # Naive times are Europe/Berlin: CET in winter (+1), CEST in summer (+2).
        ("2024-01-15 12:00:00", "2024-01-15T11:00:00Z"),
        ("2024-07-15 12:00:00", "2024-07-15T10:00:00Z"),
        ("2024-05-01 12:34:56.123456", "2024-05-01T10:34:56Z"),
        ("15.01.2024 12:00", "2024-01-15T11:00:00Z"),
        ("15.07.2024 12:00:30", "2024-07-15T10:00:30Z"),
        ("15.07.24 08:30", "2024-07-15T06:30:00Z"),
        ("15.07.2024", "2024-07-14T22:00:00Z"),
        # The doubled autumn hour reads as summer time (the first occurrence).
        ("2024-10-27 02:30", "2024-10-27T00:30:00Z"),
        (None, None),
        ("", None),
    ],
)
def test_parse_time(value: object, utc: str | None) -> None:
    assert parse_time(value) == utc


@pytest.mark.parametrize("value", ["gestern", "2024-13-01T00:00:00Z", "32.01.2024", True, [], {}, float("nan"), 10**30])
def test_parse_time_refuses(value: object) -> None:
    with pytest.raises(BadInput):
        parse_time(value)


def test_ids_keep_every_digit() -> None:
    assert to_id(2**63 - 1) == "9223372036854775807"
    assert to_id(" 42 ") == "42"
    with pytest.raises(BadInput):
        to_id(7.2e18)
    with pytest.raises(BadInput):
        to_id(["1"])


def test_counts() -> None:
    assert to_int("12") == 12
    assert to_int(3.0) == 3
    assert to_int("") is None
    with pytest.raises(BadInput):
        to_int("viele")
    with pytest.raises(BadInput):
        to_int(True)
    assert to_int("-3") == -3 and to_int(" 7 ") == 7
    for bad in ("²", "٣", "1e3", 10**30, "9" * 30, 1e30):  # a count SQLite could not store is no count
        with pytest.raises(BadInput):
            to_int(bad)


def test_scrub_removes_tokens_everywhere() -> None:
    raw = {
        "paging": {
            "next": "https://graph.facebook.com/v19.0/1_2/comments?access_token=EAAB123&after=X",
            "previous": "https://graph.facebook.com/v19.0/1_2/comments?limit=2&access_token=EAAB123",
            "only": "https://x.test/a?access_token=EAAB123",
            "middle": "https://x.test/a?a=1&appsecret_proof=abc&b=2#frag",
            "yt": "https://www.googleapis.com/youtube/v3/commentThreads?key=AIzaSy123&part=snippet",
        },
        "access_token": "EAAB123",
        "headers": [{"Authorization": "Bearer abcdefghijk123"}, "Bearer abcdefghijk123"],
        "text": "Was? Ja!",
    }
    clean = scrub(raw)
    assert clean["paging"] == {
        "next": "https://graph.facebook.com/v19.0/1_2/comments?after=X",
        "previous": "https://graph.facebook.com/v19.0/1_2/comments?limit=2",
        "only": "https://x.test/a",
        "middle": "https://x.test/a?a=1&b=2#frag",
        "yt": "https://www.googleapis.com/youtube/v3/commentThreads?part=snippet",
    }
    assert "access_token" not in clean
    assert clean["headers"] == [{}, "Bearer [entfernt]"]
    assert clean["text"] == "Was? Ja!"
    assert "EAAB123" in str(raw)  # the input is not changed


def test_stable_id_is_stable_and_distinct() -> None:
    a = stable_id("p1", "Anna", "2024-01-01T00:00:00Z", "Hallo")
    assert a == stable_id("p1", "Anna", "2024-01-01T00:00:00Z", "Hallo")
    assert a != stable_id("p1", "Anna", "2024-01-01T00:00:01Z", "Hallo")
    assert a.startswith("h")
