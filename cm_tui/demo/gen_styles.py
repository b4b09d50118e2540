"""Per-platform id, author-id and permalink styles for the load generator (cheap string ops)."""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod

from cm_tui.demo.gen_core import GenPost, World

MASTODON_HOST = "social.musterstadt.example"
TWO_LEVELS = ("facebook", "instagram", "youtube")  # replies to replies hang under the top-level comment


def _b64(seq: int, width: int = 15) -> str:
    return base64.urlsafe_b64encode(seq.to_bytes(width, "big")).decode("ascii")


class Style(ABC):
    """How one platform spells comment ids, author ids and links."""

    platform = ""

    @abstractmethod
    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        """The platform's comment id for the ``seq``-th generated comment."""

    def handle(self, handle: str) -> str:
        """The handle as this platform allows it."""
        return handle

    def author_id(self, number: int, handle: str) -> str:
        return str(6_100_000_000_000_000 + number * 104_729)

    @abstractmethod
    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        """The link back to the comment on the platform."""


class Facebook(Style):
    platform = "facebook"

    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        return f"{post.post_id}_{1_180_000_000_000_000 + seq * 7_919}"

    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        own = cid.rsplit("_", 1)[1]
        if top_cid is None:
            return f"https://www.facebook.com/{post.account_id}/posts/{post.post_id}/?comment_id={own}"
        top = top_cid.rsplit("_", 1)[1]
        return (f"https://www.facebook.com/{post.account_id}/posts/{post.post_id}/"
                f"?comment_id={top}&reply_comment_id={own}")


class Instagram(Style):
    platform = "instagram"

    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        return str(17_900_000_000_000_000 + seq * 3_571)

    def author_id(self, number: int, handle: str) -> str:
        return str(17_841_450_000_000_000 + number * 7_777_781)

    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        return f"https://www.instagram.com/p/{_b64(int(post.post_id) % 10**12, 8)}/c/{cid}/"


class YouTube(Style):
    platform = "youtube"

    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        if top_cid is None:
            return "Ugz" + _b64(seq) + "4AaABAg"
        return f"{top_cid}.{_b64(seq * 2_654_435_761 % 2**120, 16)[:22]}"

    def author_id(self, number: int, handle: str) -> str:
        return "UC" + _b64(number * 2_654_435_761 % 2**128, 16)[:22]

    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        return f"https://www.youtube.com/watch?v={post.post_id}&lc={cid}"


class Mastodon(Style):
    platform = "mastodon"

    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        return str(117_000_000_000_000_000 + seq * 1_009)

    def author_id(self, number: int, handle: str) -> str:
        return str(109_300_000_000_000_000 + number * 65_537)

    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        return f"https://{MASTODON_HOST}/@{handle}/{cid}"


class X(Style):
    platform = "x"

    def handle(self, handle: str) -> str:
        return handle.replace(".", "_")[:15]

    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        return str(1_990_000_000_000_000_000 + seq * 13)

    def author_id(self, number: int, handle: str) -> str:
        return str(1_200_000_000_000_000_000 + number * 9_999_991)

    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        return f"https://x.com/{handle}/status/{cid}"


class TikTok(Style):
    platform = "tiktok"

    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        return str(7_400_000_000_000_000_000 + seq * 4_099)

    def author_id(self, number: int, handle: str) -> str:
        return ""

    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        return f"https://www.tiktok.com/@lea.im.rathaus/video/{post.post_id}"


class LinkedIn(Style):
    platform = "linkedin"

    def cid(self, seq: int, top_cid: str | None, post: GenPost) -> str:
        return str(7_400_000_000_000_000_000 + seq * 811)

    def author_id(self, number: int, handle: str) -> str:
        return "urn:li:person:" + _b64(number * 2_654_435_761 % 2**64, 8)[:10]

    def permalink(self, post: GenPost, cid: str, top_cid: str | None, handle: str) -> str:
        return (f"https://www.linkedin.com/feed/update/{post.post_id}"
                f"?commentUrn=urn%3Ali%3Acomment%3A%28{post.post_id.replace(':', '%3A')}%2C{cid}%29")


STYLES: dict[str, Style] = {s.platform: s for s in (Facebook(), Instagram(), YouTube(), Mastodon(), X(), TikTok(),
                                                     LinkedIn())}


class Resolver:
    """Turns stream tuples into platform ids, authors and links; keeps one thread's ids."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.author_ids: dict[tuple[str, int], str] = {}
        self.thread: dict[int, str] = {}

    def ids(self, post: GenPost, style: Style, seq: int, top: int, parent: int) -> tuple[str, str | None, str | None]:
        """``(comment id, parent id, top-level id)`` for one comment."""
        if top < 0:
            self.thread.clear()
            cid = style.cid(seq, None, post)
            self.thread[seq] = cid
            return cid, None, None
        top_cid = self.thread[top]
        cid = style.cid(seq, top_cid, post)
        self.thread[seq] = cid
        return cid, top_cid if style.platform in TWO_LEVELS else self.thread[parent], top_cid

    def author(self, post: GenPost, style: Style, a: int) -> tuple[str, str, str]:
        """``(name, handle, id)``; ``a == -1`` is the channel's own account."""
        if a < 0:
            name = post.owner or post.channel.split(" (")[0]
            return name, post.account, post.account_id
        au = self.world.authors[a]
        key = (style.platform, a)
        aid = self.author_ids.get(key)
        if aid is None:
            aid = self.author_ids[key] = style.author_id(au.number, au.handle)
        return au.name, au.handle, aid
