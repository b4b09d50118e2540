"""Fictional people, accounts and official reply texts for the demo data.

Names are common German (and a few Turkish, Arabic, Polish, Italian) first and last names
combined at random; no real person is meant. Handles are derived from the names.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

FIRST_NAMES = (
    "Sabine Thomas Andrea Michael Stefanie Andreas Claudia Frank Nicole Markus Petra Jürgen "
    "Julia Christian Katrin Stefan Anna Daniel Laura Tobias Lena Jan Sarah Lukas Sophie Felix "
    "Marie Jonas Hannah Leon Emma Paul Mia Ben Lea Elias Lina Noah Klara Finn Helga Dieter "
    "Ursula Günter Renate Horst Monika Wolfgang Brigitte Manfred Ayşe Mehmet Elif Emre Fatma "
    "Yusuf Ahmad Rania Omar Layla Karolina Piotr Agnieszka Tomasz Giulia Marco Olga Dmitri "
    "Svenja Kevin Jacqueline Dennis Chantal Marcel Mandy Sven Heike Uwe Birgit Ralf Anke Jens "
    "Tanja Carsten Melanie Björn Franziska Moritz Johanna Niklas Greta Malte Ida Till Frieda"
).split()
LAST_NAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann "
    "König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert "
    "Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht "
    "Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto "
    "Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn "
    "Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Yılmaz Kaya "
    "Demir Şahin Çelik Nowak Kowalski Wiśniewska Rossi Esposito Haddad Nasser Petrov Ivanova"
).split()
PLACES = (
    "Lindenallee Bachstraße Kastanienstraße Birkenweg Ahornweg Goethestraße Schillerstraße "
    "Rosenstraße Gartenstraße Hauptstraße Marktplatz Mühlweg Bahnhofstraße Südstraße Am Stadtsee"
).split(" ")


def ascii_fold(text: str) -> str:
    """"Jürgen Şahin" -> "juergen sahin": for handles and e-mail local parts."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@dataclass(frozen=True, slots=True)
class Person:
    """A commenter: display name, a platform handle and a stable number for derived ids."""

    name: str
    handle: str
    number: int


def make_people(rng: random.Random, count: int) -> list[Person]:
    """``count`` distinct fictional people with plausible handles (deterministic for ``rng``)."""
    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        style = rng.random()
        if style < 0.15:
            name = f"{first} {last[0]}."
        elif style < 0.2:
            name = first
        else:
            name = f"{first} {last}"
        f, l_ = ascii_fold(first), ascii_fold(last)
        handle = rng.choice(
            (
                f"{f}.{l_}",
                f"{f}_{l_[:3]}{rng.randint(70, 99)}",
                f"{f[:1]}{l_}",
                f"{f}{rng.randint(1, 2005)}",
                f"{l_}_{f}",
                f"{f}.{l_[:1]}_{rng.choice(('ms', 'musterstadt', 'official', 'x'))}",
            )
        )
        if handle in seen:
            continue
        seen.add(handle)
        people.append(Person(name, handle, len(people) + 1))
    return people


# Short official answers; {name} is the first name of the person answered.
CITY_REPLIES = [
    "Hallo {name}, danke für Ihre Nachricht! Wir haben das an das zuständige Fachamt weitergegeben.",
    "Liebe/r {name}, die Terminbuchung finden Sie unter www.musterstadt.example/termine. Viele Grüße, Ihr Social-Media-Team",
    "Hallo {name}, das klären wir gern – schreiben Sie uns bitte eine Direktnachricht, damit wir keine persönlichen Daten öffentlich besprechen.",
    "Danke für den Hinweis, {name}! Schäden im Straßenraum können Sie auch direkt im Mängelmelder melden: www.musterstadt.example/maengelmelder",
    "Hallo {name}, danke für Ihr Feedback. Wir nehmen die Kritik mit in die Abstimmung mit dem Fachbereich.",
    "Hallo {name}, bitte wählen Sie in akuten Notfällen immer die 112! Kommentare hier werden nicht rund um die Uhr gelesen.",
    "Liebe/r {name}, vielen Dank für das Lob, wir geben es gern an die Kolleginnen und Kollegen weiter 😊",
    "Hallo {name}, die Antwort reichen wir nach, sobald wir Rückmeldung vom Fachamt haben.",
]
OWNER_REPLIES = [
    "Danke dir für das Lob, {name}! 😊",
    "Gute Frage, {name} – dazu mache ich bald einen eigenen Beitrag!",
    "Hallo {name}, schau mal auf musterstadt.example/karriere, da steht alles drin 👍",
    "Freut mich sehr, {name}, danke für das Lob! ❤️",
    "Hi {name}, schreib mir gern eine Direktnachricht, dann leite ich das an die richtige Stelle weiter.",
    "{name}, bitte sofort die 112 wählen! Hier lese ich nicht rund um die Uhr mit.",
]
USER_REPLIES = [
    "Genau das hab ich auch erlebt.",
    "@{name} ganz ehrlich, so schlimm ist es nicht.",
    "Sehe ich genauso.",
    "Das stimmt so nicht, einfach mal die Vorlage lesen.",
    "Danke, wusste ich nicht!",
    "Geht mir genauso 😩",
    "@{name} ruf einfach die Zentrale an, die verbinden dich.",
    "+1",
]
