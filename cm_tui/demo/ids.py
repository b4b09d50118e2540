"""Platform-style identifiers, derived deterministically from numbers and times.

Mastodon, X, TikTok and LinkedIn ids encode their creation time like the real snowflakes do,
so sorting by id roughly sorts by time. All functions are pure and cheap.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B62 = _B64[:62]
X_EPOCH_MS = 1288834974657


def _chars(seed: str, n: int, alphabet: str = _B64) -> str:
    digest = hashlib.blake2b(seed.encode(), digest_size=32).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:n])


def ms(at: datetime) -> int:
    """Unix time in milliseconds."""
    return int(at.timestamp() * 1000)


def mastodon_id(at: datetime, seq: int) -> str:
    """Mastodon snowflake: milliseconds << 16 plus a sequence."""
    return str((ms(at) << 16) | (seq & 0xFFFF))


def x_id(at: datetime, seq: int) -> str:
    """X/Twitter snowflake: (ms - epoch) << 22 plus worker and sequence bits."""
    return str(((ms(at) - X_EPOCH_MS) << 22) | ((seq * 7) & 0x3FFFFF))


def tiktok_id(at: datetime, seq: int) -> int:
    """TikTok id (comment or video): Unix seconds << 32 plus 32 bits; well above 2^53."""
    return (int(at.timestamp()) << 32) | ((seq * 2654435761) & 0xFFFFFFFF)


def linkedin_id(at: datetime, seq: int) -> str:
    """LinkedIn activity/comment id: milliseconds << 22 plus a sequence."""
    return str((ms(at) << 22) | (seq & 0x3FFFFF))


def youtube_thread_id(seed: str) -> str:
    """``Ugz…4AaABAg`` like YouTube's comment thread ids."""
    return "Ug" + _chars(seed, 1, "wxyz") + _chars(seed + "/t", 19) + "4AaABAg"


def youtube_reply_id(thread_id: str, seed: str) -> str:
    """``<threadId>.<22 chars>``."""
    return f"{thread_id}.{_chars(seed, 22, _B62)}"


def youtube_channel_id(seed: str) -> str:
    """``UC`` + 22 characters."""
    return "UC" + _chars(seed, 22)


def linkedin_person(seed: str) -> str:
    """``urn:li:person:<10 chars>``."""
    return "urn:li:person:" + _chars(seed, 10, _B62)


def fb_user_id(number: int) -> str:
    """A page-scoped user id (16 digits)."""
    return str(6_100_000_000_000_000 + number * 104_729)


def ig_user_id(number: int) -> str:
    """An Instagram-scoped user id (17 digits)."""
    return str(17_841_450_000_000_000 + number * 7_777_781)
