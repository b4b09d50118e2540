"""Conversation builder for the sample data: texts in, a time-ordered thread of nodes out.

A thread is a list of :class:`Node` sorted by time; a reply points at an earlier node by index.
Times are daytime-heavy in Europe/Berlin and lie between the post time and the export time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cm_tui.demo.people import Person

EXPORT_TIME = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
WINDOW_START = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)

# Relative activity per Berlin hour (0..23): quiet nights, peaks at lunch and in the evening.
HOUR_WEIGHT = (1, 0.6, 0.3, 0.2, 0.2, 0.4, 1.5, 3, 4, 5, 5, 5, 6, 6, 5, 5, 5, 6, 7, 8, 8, 6, 4, 2)


@dataclass(slots=True)
class Node:
    """One comment of a thread before it gets a platform shape.

    ``person`` is ``None`` when the channel's own account writes (city team or Amtfluencer).
    """

    at: datetime
    person: Person | None
    text: str
    parent: int | None = None
    likes: int = 0
    replies: int = 0


def berlin_hour(at: datetime) -> int:
    """Hour in Europe/Berlin for November (UTC+1; the sample lies outside summer time)."""
    return (at.hour + 1) % 24


def daytime_times(rng: random.Random, start: datetime, end: datetime, n: int) -> list[datetime]:
    """``n`` sorted times in [start, end), front-loaded after ``start`` and daytime-heavy."""
    start = max(start, WINDOW_START)
    span = (end - start).total_seconds()
    out: list[datetime] = []
    while len(out) < n:
        offset = rng.expovariate(3.0 / span) if rng.random() < 0.7 else rng.uniform(0, span)
        if offset >= span:
            continue
        at = start + timedelta(seconds=offset)
        if rng.random() * 8 <= HOUR_WEIGHT[berlin_hour(at)]:
            out.append(at.replace(microsecond=rng.randrange(0, 1000) * 1000))
    out.sort()
    return out


def _likes(rng: random.Random, text: str) -> int:
    base = rng.choice((0, 0, 0, 0, 1, 1, 2, 3, 5))
    if any(e in text for e in ("👍", "❤️", "Danke", "danke", "!!!")):
        base += rng.randint(0, 12)
    return base


# Words that make the team answer at once: emergencies and personal data posted in public.
URGENT = ("Rauch", "brennt", "112", "eingebrochen", "IBAN", "0171", "ruft mich")
_ANSWER_HINTS = (
    (("Rauch", "brennt", "112", "eingebrochen"), "112"),
    (("IBAN", "0171", "ruft mich", "Wohngeld", "erreiche"), "Direktnachricht"),
    (("kaputt", "Laterne", "Schlagloch", "Sofa", "Säcke", "Container", "Bauschutt", "geräumt", "glatt"), "Mängelmelder"),
    (("Termin", "online", "Link"), "Terminbuchung"),
    (("Frechheit", "Zumutung", "Abzocke", "Schämt", "unterirdisch", "So geht das nicht", "passiert nichts",
      "Wartezeiten"), "Kritik"),
    (("Danke", "Super", "Toll", "Lob"), "Lob"),
)


def pick_answer(rng: random.Random, text: str, answers: list[str]) -> str:
    """An official reply that fits the comment (keywords), else a neutral one."""
    for words, marker in _ANSWER_HINTS:
        if any(w in text for w in words):
            fitting = [a for a in answers if marker in a]
            if fitting:
                return rng.choice(fitting)
    neutral = [a for a in answers if not any(m in a for _, m in _ANSWER_HINTS)]
    return rng.choice(neutral or answers)


def build_thread(
    rng: random.Random,
    texts: list[str],
    people: list[Person],
    post_at: datetime,
    *,
    answers: list[str] = (),  # type: ignore[assignment]
    answer_rate: float = 0.3,
    user_replies: list[str] = (),  # type: ignore[assignment]
    reply_rate: float = 0.12,
    end: datetime = EXPORT_TIME,
) -> list[Node]:
    """Turn ``texts`` (one per top-level or reply comment) into a thread.

    Each text becomes a comment by a random person; a share of them are replies to earlier
    comments. Questions get an official answer (``answers``, ``{name}`` filled) with
    ``answer_rate``; ``user_replies`` add short reactions between commenters.
    """
    texts = list(texts)
    rng.shuffle(texts)
    times = daytime_times(rng, post_at + timedelta(minutes=3), end, len(texts))
    nodes: list[Node] = []
    for at, text in zip(times, texts, strict=True):
        person = rng.choice(people)
        parent = None
        tops = [i for i, n in enumerate(nodes) if n.parent is None]
        if tops and rng.random() < reply_rate:
            parent = rng.choice(tops[-6:])
        own = len(nodes)
        nodes.append(Node(at, person, text, parent, _likes(rng, text)))
        if user_replies and parent is None and rng.random() < reply_rate:
            later = at + timedelta(minutes=rng.randint(2, 240))
            if later < end:
                first = person.name.split()[0].rstrip(".")
                nodes.append(Node(later, rng.choice(people), rng.choice(user_replies).format(name=first),
                                  own, rng.choice((0, 0, 1, 2))))
        urgent = any(k in text for k in URGENT)
        if answers and (urgent or ("?" in text and rng.random() < answer_rate)):
            later = at + timedelta(minutes=rng.randint(4, 40) if urgent else rng.randint(12, 300))
            if later < end:
                first = person.name.split()[0].rstrip(".")
                nodes.append(Node(later, None, pick_answer(rng, text, answers).format(name=first), own,
                                  rng.randint(0, 4)))
    return sort_thread(nodes)


def sort_thread(nodes: list[Node]) -> list[Node]:
    """Sort by time, remap parent indices, attach replies to the top-level comment (the
    platforms keep two levels), and count replies per top-level comment."""
    order = sorted(range(len(nodes)), key=lambda i: nodes[i].at)
    new_index = {old: new for new, old in enumerate(order)}
    out = [nodes[i] for i in order]
    for n in out:
        if n.parent is not None:
            n.parent = new_index[n.parent]
    for i, n in enumerate(out):
        while n.parent is not None and out[n.parent].parent is not None:
            n.parent = out[n.parent].parent
        if n.parent is not None:
            if out[n.parent].at >= n.at:
                n.at = out[n.parent].at + timedelta(seconds=30 + i)
            out[n.parent].replies += 1
    return out


def descendants_order(nodes: list[Node]) -> list[int]:
    """Depth-first order (thread order) as Mastodon returns ``descendants``."""
    children: dict[int | None, list[int]] = {}
    for i, n in enumerate(nodes):
        children.setdefault(n.parent, []).append(i)
    out: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(reversed(children.get(i, [])))
    return out
