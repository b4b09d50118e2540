"""Settings from ``config.toml``: links for reply templates, extra rule files, key bindings,
saved views, channel names. Missing file → defaults; a broken file → :class:`ConfigError`."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cm_tui import paths


class ConfigError(Exception):
    """One line naming the file and what is wrong with it."""


@dataclass(frozen=True, slots=True)
class ChannelRule:
    """Maps an account handle/id or post ids of a platform to a channel name and owner."""

    platform: str
    name: str
    owner: str | None = None
    account: str | None = None
    posts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SavedView:
    name: str
    query: str


DEFAULT_VIEWS = (
    SavedView("Bedrohungen zuerst", "severity:kritisch"),
    SavedView("Hoch und kritisch", "severity:hoch"),
    SavedView("Meine Amtfluencer", "amtfluencer:yes"),
    SavedView("Bürgeranliegen", "rule:R24"),
    SavedView("Spam", "rule:R13"),
)


@dataclass(frozen=True, slots=True)
class Settings:
    city: str = "Stadt Musterstadt"
    signature: str = "Ihr Social-Media-Team der Stadt Musterstadt"
    links: dict[str, str] = field(
        default_factory=lambda: {
            "netiquette_url": "https://www.musterstadt.de/netiquette",
            "service_url": "https://www.musterstadt.de/buergerservice",
            "privacy_url": "https://www.musterstadt.de/datenschutz",
            "contact_url": "https://www.musterstadt.de/kontakt",
            "contact_email": "social-media@musterstadt.de",
            "phone": "0123 456-0 (Bürgertelefon, Mo–Fr 8–18 Uhr)",
            "emergency_url": "https://www.polizei.de/onlinewache",
            "help_url": "https://hateaid.org",
            "official_url": "https://www.musterstadt.de",
            "facts_url": "https://www.musterstadt.de/aktuelles",
            "source_url": "https://www.musterstadt.de/aktuelles",
        }
    )
    rule_files: tuple[Path, ...] = ()
    keymap: dict[str, str] = field(default_factory=dict)
    views: tuple[SavedView, ...] = DEFAULT_VIEWS
    channels: tuple[ChannelRule, ...] = ()
    lease_minutes: int = 10
    reply_days: int = 3  # working days until the first answer that reply templates promise ({deadline})
    state: str | None = None  # Bundesland (ISO code, e.g. "NW") whose public holidays are not working days
    closed_days: tuple[tuple[int, int], ...] = ((12, 24), (12, 31))  # (month, day) the administration is closed
    lang: str = "de"


# holidays.Germany.subdivisions without "Augsburg"; written out so loading the settings at start
# does not import the holiday tables (~0.2 s)
STATES = ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH")


def _closed_days(items: Any, path: Path) -> tuple[tuple[int, int], ...]:
    """``["24.12.", "31.12."]``: days of every year the offices are closed (not public holidays)."""
    out = []
    for item in items if isinstance(items, list) else [items]:
        m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.?\s*", str(item))
        try:
            if m is None:
                raise ValueError
            day, month = int(m[1]), int(m[2])
            date(2024, month, day)  # a leap year: 29.2. is allowed
        except ValueError:
            raise ConfigError(f"{path}: closed_days: {item!r} ist kein Tag wie \"24.12.\"") from None
        out.append((month, day))
    return tuple(out)


def _channels(items: Any, where: str) -> tuple[ChannelRule, ...]:
    if not isinstance(items, list):
        raise ConfigError(f"{where}: 'channel' muss eine Liste von Tabellen sein")
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("platform"), str) or not isinstance(
            item.get("name"), str
        ):
            raise ConfigError(f"{where}: channel Nr. {i}: 'platform' und 'name' sind Pflicht")
        posts = item.get("posts", [])
        if not isinstance(posts, list):
            raise ConfigError(f"{where}: channel Nr. {i}: 'posts' muss eine Liste sein")
        out.append(
            ChannelRule(
                platform=item["platform"],
                name=item["name"],
                owner=item.get("owner") or None,
                account=str(item["account"]) if item.get("account") else None,
                posts=tuple(str(p) for p in posts),
            )
        )
    return tuple(out)


def load_channels(path: Path) -> tuple[ChannelRule, ...]:
    """A ``channels.toml`` (e.g. beside exports) with ``[[channel]]`` tables."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return _channels(data.get("channel", []), str(path))


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.config_file()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    base = Settings()
    links = dict(base.links)
    if isinstance(data.get("links"), dict):
        links.update({str(k): str(v) for k, v in data["links"].items()})
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise ConfigError(f"{path}: [keymap] muss eine Tabelle sein")
    views = base.views
    if "views" in data:
        if not isinstance(data["views"], dict):
            raise ConfigError(f"{path}: [views] muss eine Tabelle name = \"filter\" sein")
        views = tuple(SavedView(str(k), str(v)) for k, v in data["views"].items())
    rule_files = tuple(
        (path.parent / p) if not Path(p).is_absolute() else Path(p)
        for p in data.get("rules", {}).get("files", [])
    )
    reply_days = data.get("reply_days", base.reply_days)
    if not isinstance(reply_days, int) or isinstance(reply_days, bool) or not 0 < reply_days <= 60:
        raise ConfigError(f"{path}: reply_days muss eine ganze Zahl von 1 bis 60 (Werktage) sein")
    state = data.get("state")
    if state is not None and state not in STATES:
        raise ConfigError(f"{path}: state muss ein Bundesland-Kürzel sein ({', '.join(STATES)}), nicht {state!r}")
    closed_days = base.closed_days
    if "closed_days" in data:
        closed_days = _closed_days(data["closed_days"], path)
    return Settings(
        city=str(data.get("city", base.city)),
        signature=str(data.get("signature", base.signature)),
        links=links,
        rule_files=rule_files,
        keymap={str(k): str(v) for k, v in keymap.items()},
        views=views,
        channels=_channels(data.get("channel", []), str(path)),
        lease_minutes=int(data.get("lease_minutes", base.lease_minutes)),
        reply_days=reply_days,
        state=state,
        closed_days=closed_days,
        lang=str(data.get("lang", base.lang)),
    )
