"""The fictional accounts of "Stadt Musterstadt" and its Amtfluencer, and their posts.

One place for every id that ``sample_data/`` files, ``channels.toml`` and the README share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Account:
    """A channel: the platform account that posts and receives comments."""

    platform: str
    account: str  # handle or id as it appears in the export ("" when the export has none)
    name: str  # display channel name for moderators
    owner: str  # Amtfluencer's name, "" for the city's institutional accounts
    account_id: str = ""
    posts: list[str] = field(default_factory=list)


def _t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


FB_PAGE_ID = "104523981234567"
FB_PAGE = "StadtMusterstadt"
FB_TOURISM_PAGE_ID = "109876543210123"
FB_ORDNUNGSAMT_PAGE_ID = "112233445566778"

# Facebook posts of the city page: (post object id, time, message)
FB_POST_BUERGERBUERO = ("872310456789012", _t(20, 7, 0),
                        "📢 Bürgerbüro: Ab 1. Dezember gelten neue Öffnungszeiten – und Termine gibt es jetzt "
                        "auch online. Montag 7:30–12 Uhr, Dienstag bis Donnerstag 8–18 Uhr, Freitag 8–12 Uhr. "
                        "Termine: www.musterstadt.example/termine")
FB_POST_WEIHNACHT = ("872311987654321", _t(20, 11, 0),
                     "🎄 Am Montag öffnet der Weihnachtsmarkt auf dem Marktplatz! Täglich 11–21 Uhr, "
                     "Eröffnung um 17 Uhr mit dem Posaunenchor.")
FB_POST_LINDENALLEE = ("872312345098765", _t(21, 9, 30),
                       "🚧 Straßensanierung Lindenallee: Ab 25.11. Vollsperrung zwischen Bachstraße und "
                       "Goethestraße. Umleitung ist ausgeschildert.")
FB_POST_KITA = ("872313579024680", _t(21, 14, 0),
                "👶 Kita-Anmeldung für das Kita-Jahr 2027/28: Das Portal ist ab sofort online. "
                "Anmeldeschluss ist der 31. Januar.")
FB_POST_SPERRMUELL = ("872309876501234", _t(20, 9, 15),
                      "♻️ Sperrmüll und Grünschnitt: Die neuen Abholtermine für 2027 stehen fest. "
                      "Anmeldung online oder telefonisch beim Abfallbetrieb.")
FB_POST_WINTERDIENST = ("872310111222333", _t(20, 6, 30),
                        "❄️ Der Winterdienst ist ab heute in Bereitschaft. So räumen wir: erst Hauptverkehrs"
                        "straßen und Buslinien, dann Nebenstraßen. Video: Ein Morgen mit dem Räumteam.")
FB_POST_BIBLIOTHEK = ("872311444555666", _t(21, 10, 0),
                      "📚 Die Stadtbibliothek hat ab Dezember länger geöffnet: Dienstag bis Freitag bis 20 Uhr!")
FB_POST_RADWEG = ("872399001234567", _t(21, 8, 0),
                  "🚲 Radweg Hauptstraße: Der Stadtrat hat den Umbau beschlossen. Zwischen Marktplatz und "
                  "Bahnhof entsteht ein geschützter Radweg, dafür entfallen 42 Parkplätze. "
                  "Alle Infos: www.musterstadt.example/hauptstrasse")

IG_CITY_ID, IG_CITY = "17841401234567890", "stadt.musterstadt"
IG_JANA_ID, IG_JANA = "17841409876543210", "feuerwehr.jana"
IG_MEDIA_STADTSEE = ("17987654321012345", _t(20, 16, 20))
IG_MEDIA_JANA = ("18023456789012345", _t(20, 18, 5))

YT_CHANNEL_ID = "UCm5tRstAdTmUsTeR0k9X2aB"
YT_VIDEO_TERMINE = ("kD3x9TqLm2A", _t(20, 10, 0))
YT_VIDEO_IMAGEFILM = ("pR7wQ1zYc0E", _t(19, 15, 0))

MASTO_HOST = "social.musterstadt.example"
MASTO_CITY_ID, MASTO_CITY = "109348201100000001", "stadt"
MASTO_STATUS_TIME = _t(21, 12, 0)

X_MIRIAM_ID, X_MIRIAM = "1456789012345678901", "bibliothek_miri"
X_TWEET_TIME = _t(20, 13, 30)

TIKTOK_LEA = "lea.im.rathaus"
TIKTOK_VIDEO_TIME = _t(20, 17, 0)
TIKTOK_VIDEO2_TIME = _t(21, 17, 30)

LI_TOBIAS = "urn:li:person:Tk7vQ2mXa9"
LI_POST_TIME = _t(20, 8, 15)
