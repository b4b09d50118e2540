"""Synthetic comment streams for the spike tests (deterministic, seeded)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from cm_tui.spikes import Observation

T0 = datetime(2025, 3, 3, 0, 0, tzinfo=timezone.utc)  # a Monday

WORDS = ("Baustelle Bürgerbüro Radweg Bus Kita Park Termin Antrag Müll Straße Brücke Fest Markt "
         "Schule Bad Bibliothek Parkplatz Ampel Lärm Baum").split()


def calm_text(rng: random.Random) -> str:
    """A short, varied, harmless comment."""
    return f"Frage zu {rng.choice(WORDS)} und {rng.choice(WORDS)} {rng.randrange(100)}?"


class Stream:
    """Builds Observations with increasing comment ids."""

    def __init__(self, seed: int = 1, unique_texts: bool = False):
        """``unique_texts``: calm comments never look alike (no accidental copy-paste clusters)."""
        self.rng = random.Random(seed)
        self.next_id = 1
        self.unique = unique_texts

    def calm_text(self) -> str:
        if self.unique:
            return f"Frage {self.rng.randrange(10**9)} zu {self.rng.choice(WORDS)}"
        return calm_text(self.rng)

    def obs(self, ts: datetime, *, post: str = "p1", label: str = "Radweg Hauptstraße",
            channel: str = "Stadt Musterstadt", owner: str | None = None, author: str | None = None,
            text: str | None = None, rules: tuple[str, ...] = (), severity: int = 0,
            threat: bool = False) -> Observation:
        cid = self.next_id
        self.next_id += 1
        return Observation(
            ts=ts, comment=cid, post_key=post, post_label=label, channel=channel, owner=owner,
            author=author or f"buerger{self.rng.randrange(60)}",
            text=text if text is not None else self.calm_text(),
            rule_titles=rules, max_severity=severity, threat=threat,
        )

    def calm(self, start: datetime, hours: float, per_hour: float, **kw) -> list[Observation]:
        """Poisson arrivals at ``per_hour`` for ``hours``."""
        out, t = [], start
        end = start + timedelta(hours=hours)
        while True:
            t += timedelta(hours=self.rng.expovariate(per_hour))
            if t >= end:
                return out
            out.append(self.obs(t, **kw))

    def storm(self, start: datetime, minutes: int, total: int, hostile: float = 0.5,
              copies: int = 40, **kw) -> list[Observation]:
        """``total`` comments in ``minutes``: hostile share, a copy-paste text, new accounts."""
        out = []
        for i in range(total):
            t = start + timedelta(seconds=minutes * 60 * i / total)
            if i % max(1, total // copies) == 0 and copies:
                text = "Die Stadt verschwendet unser Steuergeld für diesen Radweg, Rücktritt sofort!!"
                if i % 3 == 0:
                    text = text.replace("sofort", "jetzt")
            else:
                text = self.calm_text()
            bad = self.rng.random() < hostile
            out.append(self.obs(
                t, author=f"neu{i % (total // 2 + 1)}", text=text,
                rules=("Beleidigung",) if bad else (), severity=2 if bad else 0, **kw,
            ))
        return out
