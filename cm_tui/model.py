"""Values shared by importers, store, spikes and UI: plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PLATFORMS = ("facebook", "instagram", "youtube", "mastodon", "x", "tiktok", "linkedin", "csv")


@dataclass(frozen=True, slots=True)
class Post:
    """A post, video or status that comments hang under.

    ``channel`` names the account (e.g. "Stadt Musterstadt" or "@feuerwehr_jana");
    ``owner`` is the Amtfluencer's name when the account is an employee's own profile,
    ``None`` for the city's institutional accounts.
    """

    platform: str
    post_id: str
    channel: str | None = None
    owner: str | None = None
    text: str | None = None
    url: str | None = None
    created_at: str | None = None  # UTC ISO-8601 "YYYY-MM-DDTHH:MM:SSZ"
    raw: dict[str, Any] | None = None
    # How many comments the export says the post has: all of them (replies included), or the
    # top-level ones only (Facebook's default "toplevel" filter). Unknown: None.
    comment_total: int | None = None
    toplevel_total: int | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment or reply as exported by a platform, normalised.

    Identity is ``(platform, comment_id)``. ``comment_id`` is always a string (TikTok's int64
    ids must keep every digit). ``text`` is plain text for people; ``text_html`` keeps the
    original markup where the source had HTML. ``created_at`` is UTC ISO-8601 with a ``Z``.
    ``raw`` is the untouched source object, minus access tokens.
    """

    platform: str
    comment_id: str
    text: str
    post_id: str | None = None
    parent_id: str | None = None
    author_name: str | None = None
    author_id: str | None = None
    text_html: str | None = None
    created_at: str | None = None
    like_count: int | None = None
    reply_count: int | None = None
    permalink: str | None = None
    channel: str | None = None
    owner: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    author_handle: str | None = None  # the @name where it differs from author_name (X): not stored


Record = Post | Comment


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One append-only log record: who did what to which comment, when, and why.

    ``comment`` is the store's integer row id of the comment (``None`` for shift or spike
    entries). ``action`` is one of :data:`ACTIONS`. ``rules`` are the cited netiquette rule ids.
    ``data`` holds action-specific extras (escalation target, snooze_until, undo_of, spike id …).
    """

    id: int
    at: str  # UTC ISO-8601 "YYYY-MM-DDTHH:MM:SS.ffffffZ"
    user: str
    action: str
    comment: int | None = None
    rules: tuple[str, ...] = ()
    reason: str | None = None
    template_id: str | None = None
    reply_text: str | None = None
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


# Every action the log knows. Decisions change a comment's state; the rest annotate it.
DECISIONS = ("approve", "reply", "hide", "delete", "escalate", "report", "block", "snooze")
ACTIONS = DECISIONS + (
    "note",
    "undo",
    "claim_takeover",
    "evidence",
    "spike_ack",
    "spike_resolve",
    "shift_close",
)
