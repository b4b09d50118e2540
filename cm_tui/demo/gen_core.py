"""The load generator's world (authors, texts, posts) and its comment stream.

:meth:`World.stream` yields batches of plain tuples, in thread order (a top-level comment,
then its replies), so that writers of nested shapes can stream without holding more than one
thread. Memory depends on the pools (authors ≤ 50k, texts 4k, posts ≤ 2k), never on N.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from cm_tui.demo.people import FIRST_NAMES, LAST_NAMES, ascii_fold
from cm_tui.demo.phrases import OFFICIAL, text_pool

END_TS = 1795392000  # 2026-11-23T00:00:00Z
START_TS = END_TS - 7 * 7 * 86400  # seven weeks earlier
THREAD_SPAN = 2.5 * 86400  # a post's top-level comments spread over about 2.5 days
MAX_REPLY_LAG = 6 * 3600  # replies come within 6 hours of their top-level comment
BATCH = 4096

# (platform, account, channel name, owner, account id)
CHANNELS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "facebook": [("facebook", "StadtMusterstadt", "Stadt Musterstadt (Facebook)", "", "104523981234567"),
                 ("facebook", "OrdnungsamtMusterstadt", "Ordnungsamt Musterstadt", "", "112233445566778"),
                 ("facebook", "MusterstadtErleben", "Musterstadt erleben (Tourismus)", "", "109876543210123")],
    "instagram": [("instagram", "stadt.musterstadt", "Stadt Musterstadt (Instagram)", "", "17841401234567890"),
                  ("instagram", "feuerwehr.jana", "Jana Becker (Feuerwehr)", "Jana Becker", "17841409876543210"),
                  ("instagram", "musterstadt.erleben", "Musterstadt erleben (Tourismus)", "", "17841405550001111")],
    "youtube": [("youtube", "UCm5tRstAdTmUsTeR0k9X2aB", "Stadt Musterstadt (YouTube)", "", "UCm5tRstAdTmUsTeR0k9X2aB")],
    "mastodon": [("mastodon", "stadt", "Stadt Musterstadt (Mastodon)", "", "109348201100000001")],
    "x": [("x", "bibliothek_miri", "Miriam Hoffmann (Stadtbibliothek)", "Miriam Hoffmann", "1456789012345678901")],
    "tiktok": [("tiktok", "lea.im.rathaus", "Lea Yilmaz (Azubi, Stadtverwaltung)", "Lea Yilmaz", "")],
    "linkedin": [("linkedin", "urn:li:person:Tk7vQ2mXa9", "Tobias Kern (Stadtplanung)", "Tobias Kern",
                  "urn:li:person:Tk7vQ2mXa9"),
                 ("linkedin", "urn:li:organization:96072893", "Stadt Musterstadt (LinkedIn)", "",
                  "urn:li:organization:96072893")],
}
GENERIC_MIX = (("facebook", 0.45), ("instagram", 0.25), ("youtube", 0.08), ("tiktok", 0.07), ("mastodon", 0.05),
               ("x", 0.05), ("linkedin", 0.05))
FORMAT_PLATFORM = {"facebook": "facebook", "facepager": "facebook", "instagram": "instagram",
                   "youtube": "youtube", "mastodon": "mastodon", "x": "x", "tiktok": "tiktok",
                   "linkedin": "linkedin"}


@dataclass(slots=True)
class GenPost:
    """A post of the pool; ``num`` is a per-run number used to derive its ids."""

    num: int
    platform: str
    account: str
    channel: str
    owner: str
    account_id: str
    post_id: str
    created: int
    size: int


@dataclass(frozen=True, slots=True)
class GenAuthor:
    """A pool author; ``number`` derives platform ids."""

    name: str
    handle: str
    number: int


def make_authors(rng: random.Random, count: int) -> list[GenAuthor]:
    """``count`` authors with unique handles, fast enough for 50k."""
    out: list[GenAuthor] = []
    seen: set[str] = set()
    firsts = [(f, ascii_fold(f)) for f in FIRST_NAMES]
    lasts = [(l_, ascii_fold(l_)) for l_ in LAST_NAMES]
    for i in range(count):
        (first, fa), (last, la) = rng.choice(firsts), rng.choice(lasts)
        r = rng.random()
        name = f"{first} {last}" if r < 0.8 else (f"{first} {last[0]}." if r < 0.93 else first)
        handle = (f"{fa}.{la}", f"{fa}_{la[:3]}{rng.randint(70, 99)}", f"{fa[0]}{la}", f"{fa}{rng.randint(1, 2005)}")[i % 4]
        if handle in seen:
            handle = f"{handle}_{i}"
        seen.add(handle)
        out.append(GenAuthor(name, handle, i + 1))
    return out


def _post_id(platform: str, num: int, created: int, rng: random.Random) -> str:
    if platform == "facebook":
        return str(872_400_000_000_000 + num * 1_000_003)
    if platform == "instagram":
        return str(17_980_000_000_000_000 + num * 1_000_033)
    if platform == "youtube":
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return "".join(rng.choice(alphabet) for _ in range(11))
    if platform == "mastodon":
        return str((created * 1000) << 16)
    if platform == "x":
        return str(((created * 1000 - 1288834974657) << 22) | num)
    if platform == "tiktok":
        return str((created << 32) | (num * 2654435761 & 0xFFFFFFFF))
    return f"urn:li:activity:{((created * 1000) << 22) | num}"


def make_posts(rng: random.Random, n: int, platforms: list[tuple[str, float]],
               one_channel: bool = False) -> list[GenPost]:
    """A pool of posts over seven weeks, sized Zipf-like so the sizes sum to ``n``.
    ``one_channel`` keeps every post on the platform's first account (one page feed)."""
    count = 1 if platforms == [("mastodon", 1.0)] else max(1, min(2000, max(min(n, 40), n // 200)))
    names = [p for p, _ in platforms]
    weights = [w for _, w in platforms]
    raw = [1.0 / (k + 1) ** 0.8 for k in range(count)]
    rng.shuffle(raw)
    total = sum(raw)
    sizes = [int(n * w / total) for w in raw]
    for k in range(n - sum(sizes)):
        sizes[k % count] += 1
    posts: list[GenPost] = []
    for num in range(count):
        platform = names[num] if num < len(names) else rng.choices(names, weights)[0]
        ch = CHANNELS[platform][0] if one_channel else rng.choice(CHANNELS[platform])
        created = rng.randrange(START_TS, int(END_TS - THREAD_SPAN - MAX_REPLY_LAG))
        posts.append(GenPost(num, platform, ch[1], ch[2], ch[3], ch[4], _post_id(platform, num, created, rng),
                             created, sizes[num]))
    posts.sort(key=lambda p: p.created)
    return posts


class World:
    """Pools and the deterministic comment stream for one ``generate`` call."""

    def __init__(self, n: int, fmt: str, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        platform = FORMAT_PLATFORM.get(fmt)
        mix = [(platform, 1.0)] if platform else list(GENERIC_MIX)
        self.authors = make_authors(self.rng, min(50_000, max(100, n)))
        pool = text_pool(seed)
        self.kinds = [k for k, _ in pool] + ["official"] * len(OFFICIAL)
        self.texts = [t for _, t in pool] + list(OFFICIAL)
        self.n_user_texts = len(pool)
        self.posts = make_posts(self.rng, n, mix, one_channel=fmt == "facebook")

    def stream(self) -> Iterator[list[tuple[int, int, int, int, int, int, int, int, int]]]:
        """Batches of ``(seq, post, top, parent, author, text, ts, likes, replies)``.

        ``top``/``parent`` are ``-1`` for top-level comments; ``author`` is ``-1`` for the
        channel's own account; ``ts`` is Unix seconds (UTC); ``replies`` counts the replies that
        follow a top-level comment.
        """
        rnd = self.rng.random
        log = math.log
        n_auth = len(self.authors)
        n_text = self.n_user_texts
        n_off = len(self.texts) - n_text
        likes_table = (0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 8, 12, 30)
        seq = 0
        batch: list[tuple[int, int, int, int, int, int, int, int, int]] = []
        append = batch.append
        for pi, post in enumerate(self.posts):
            left = post.size
            mean_gap = THREAD_SPAN / max(1.0, left * 0.8)
            t = post.created + 60
            while left > 0:
                t += int(-log(1.0 - rnd()) * mean_gap) + 1
                if (t // 3600 + 1) % 24 < 6:  # Berlin night: most people sleep
                    t += 6 * 3600
                # One random number picks author, text and likes (its bits are independent enough).
                r = rnd() * n_auth
                author = int(r)
                r = (r - author) * n_text
                text = int(r)
                likes = likes_table[int((r - text) * 16)]
                r = rnd()
                if r < 0.25 and left > 1:
                    nrep = min(left - 1, 1 + int(-log(1.0 - r * 4) / 0.6))
                else:
                    nrep = 0
                top = seq
                append((seq, pi, -1, -1, author, text, t, likes, nrep))
                seq += 1
                prev = top
                rt = t
                for _ in range(nrep):
                    r = rnd()
                    rt += int(r * (MAX_REPLY_LAG / nrep))
                    r = rnd()
                    if r < 0.3:
                        author, text = -1, n_text + int(r / 0.3 * n_off)
                    else:
                        r = (r - 0.3) / 0.7 * n_auth
                        author = int(r)
                        text = int((r - author) * n_text)
                    parent = prev if rnd() < 0.3 else top
                    append((seq, pi, top, parent, author, text, rt, likes_table[seq & 7], 0))
                    prev = seq
                    seq += 1
                left -= 1 + nrep
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
                    append = batch.append
        if batch:
            yield batch


class IsoCache:
    """``ts -> "YYYY-MM-DDTHH:MM:SS" + suffix`` with a per-minute cache (strftime is slow)."""

    def __init__(self, suffix: str = "Z", sep: str = "T") -> None:
        self.suffix = suffix
        self.fmt = f"%Y-%m-%d{sep}%H:%M:"
        self.cache: dict[int, str] = {}
        self.secs = [f"{s:02d}" for s in range(60)]

    def __call__(self, ts: int) -> str:
        minute, sec = divmod(ts, 60)
        prefix = self.cache.get(minute)
        if prefix is None:
            if len(self.cache) > 200_000:
                self.cache.clear()
            prefix = self.cache[minute] = time.strftime(self.fmt, time.gmtime(minute * 60))
        return prefix + self.secs[sec] + self.suffix
