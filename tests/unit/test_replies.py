"""Placeholder values for reply templates: every promise in a reply is a real date."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import netiquette
from cm_tui.config import ConfigError, Settings, load_settings
from cm_tui.replies import reply_values, working_days_after


@pytest.mark.parametrize(("now", "days", "expected"), [
    (datetime(2026, 11, 27, 10, tzinfo=UTC), 3, "2026-12-02"),  # Friday + 3 working days: Wednesday
    (datetime(2026, 11, 23, 10, tzinfo=UTC), 1, "2026-11-24"),  # Monday -> Tuesday
    (datetime(2026, 11, 28, 23, 30, tzinfo=UTC), 1, "2026-11-30"),  # Saturday night UTC is Sunday in Berlin -> Monday
])
def test_working_days_skip_weekends_in_berlin(now: datetime, days: int, expected: str) -> None:
    assert working_days_after(now, days).isoformat() == expected


def test_the_rendered_reply_names_the_date_of_the_first_answer() -> None:
    rules = netiquette.load_ruleset()
    row = {"author_name": "Stefanie Stein", "channel": "Stadt Musterstadt"}
    values = reply_values(row, [], rules, Settings(reply_days=3), datetime(2026, 11, 27, 10, tzinfo=UTC))
    text = rules.render("T04", values)
    assert "bis zum 02.12.2026 eine erste Rückmeldung" in text
    assert "  " not in text


@pytest.mark.parametrize(("bad", "good", "field", "value"), [
    ('reply_days = "bald"', "reply_days = 5", "reply_days", 5),
    ('state = "Bayern"', 'state = "BY"', "state", "BY"),  # a Bundesland code, as holidays knows them
])
def test_reply_settings_are_checked(tmp_path: Path, bad: str, good: str, field: str, value: object) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(bad + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"config.toml: {field} muss"):
        load_settings(cfg)
    cfg.write_text(good + "\n", encoding="utf-8")
    assert getattr(load_settings(cfg), field) == value


@pytest.mark.parametrize(("now", "days", "state", "expected"), [
    # Wednesday 23.12.2026 + 3: Thursday 24th, (25th, 26th, weekend), Monday 28th, Tuesday 29th
    (datetime(2026, 12, 23, 10, tzinfo=UTC), 3, None, "2026-12-29"),
    # Easter 2027: Good Friday 26.3. and Easter Monday 29.3. are nationwide holidays
    (datetime(2027, 3, 25, 10, tzinfo=UTC), 1, None, "2027-03-30"),
    # Fronleichnam (4.6.2026) is a holiday in Nordrhein-Westfalen, not in Berlin
    (datetime(2026, 6, 3, 10, tzinfo=UTC), 1, "NW", "2026-06-05"),
    (datetime(2026, 6, 3, 10, tzinfo=UTC), 1, "BE", "2026-06-04"),
])
def test_public_holidays_are_not_working_days(now: datetime, days: int, state: str | None, expected: str) -> None:
    assert working_days_after(now, days, state).isoformat() == expected


def test_days_the_offices_are_closed_do_not_count(tmp_path: Path) -> None:
    # by default Christmas Eve and New Year's Eve are closed: 23.12. + 4 is 28., 29., 30.12. and then 4.1.
    settings = Settings()
    assert working_days_after(datetime(2026, 12, 23, 10, tzinfo=UTC), 4, None, settings.closed_days).isoformat() == "2027-01-04"
    cfg = tmp_path / "config.toml"
    cfg.write_text('closed_days = ["24.12.", "31.12", "2.1."]\n', encoding="utf-8")
    assert load_settings(cfg).closed_days == ((12, 24), (12, 31), (1, 2))
    cfg.write_text('closed_days = ["31.2."]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="config.toml: closed_days: '31.2.'"):
        load_settings(cfg)



def test_shipped_replies_read_as_german_with_the_default_settings() -> None:
    # "{authority}" is the city's name ("Stadt Musterstadt"): "das Stadt Musterstadt" was a slip
    rules = netiquette.load_ruleset()
    values = reply_values({"author_name": "Svenja"}, [{"rule_id": "R05"}], rules, Settings(),
                          datetime(2026, 11, 27, 10, tzinfo=UTC))
    for tid in rules.templates:
        text = rules.render(tid, values)
        assert "das Stadt" not in text and "mit Stadt" not in text and "  " not in text, (tid, text)
        assert values["action"] not in text, (tid, text)  # internal guidance, e.g. "Strafantrag prüfen"


def test_the_reply_after_hiding_names_the_rule_the_manager_cited(tmp_path: Path) -> None:
    from cm_tui.model import LogEntry
    from cm_tui.replies import cited_rule

    def entry(i: int, action: str, rules: tuple[str, ...] = (), **data: object) -> LogEntry:
        return LogEntry(id=i, at=f"2026-11-27T10:0{i}:00.000000Z", user="anna", action=action, comment=1,
                        rules=rules, data=dict(data))

    hide = entry(1, "hide", ("R13",))
    assert cited_rule([hide]) == "R13"
    assert cited_rule([hide, entry(2, "reply", ("R24",))]) == "R13"  # a reply cites the engine's findings
    assert cited_rule([hide, entry(2, "undo", undo_of=1)]) is None
    rules = netiquette.load_ruleset()
    values = reply_values({"author_name": "Svenja"}, [{"rule_id": cited_rule([hide])}], rules, Settings(),
                          datetime(2026, 11, 27, 10, tzinfo=UTC))
    text = rules.render("T13", values)
    assert rules.rules["R13"].title in text and rules.rules["R13"].clause in text
    # the rule's "action" is guidance for the team ("Beweis sichern, Anzeige prüfen"), never for the public
    assert rules.rules["R13"].action not in text


def test_every_accepted_state_is_one_the_holiday_tables_know() -> None:
    import holidays

    from cm_tui.config import STATES

    assert set(STATES) == set(holidays.Germany.subdivisions) - {"Augsburg"}
