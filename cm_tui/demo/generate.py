"""Streaming load generator: N synthetic comments in any supported export shape.

``generate(1_000_000, "jsonl", Path("big.jsonl"))`` writes one file without ever holding the
whole list: comments come in batches from :class:`~cm_tui.demo.gen_core.World` and JSON
documents are written incrementally (header, items, footer). Deterministic for a seed.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from cm_tui.demo.gen_core import CHANNELS, IsoCache, World
from cm_tui.demo.gen_docs import (write_facebook, write_instagram, write_linkedin, write_mastodon, write_tiktok,
                                  write_x, write_youtube)
from cm_tui.demo.gen_styles import STYLES, TWO_LEVELS, Resolver, Style

FORMATS = ("jsonl", "csv", "facepager", "facebook", "instagram", "youtube", "mastodon", "x", "tiktok", "linkedin")
GENERIC_COLUMNS = ("platform", "comment_id", "post_id", "parent_id", "author_name", "author_id", "text",
                   "created_at", "like_count", "permalink", "channel", "owner")


def generate(n: int, fmt: str, out: Path, seed: int = 1) -> None:
    """Write ``n`` comments in shape ``fmt`` (one of :data:`FORMATS`) to ``out``.

    Raises ``ValueError`` for an unknown format or a negative count.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if n < 0:
        raise ValueError("the number of comments must not be negative")
    world = World(n, fmt, seed)
    encoding = "utf-8-sig" if fmt == "facepager" else "utf-8"
    with Path(out).open("w", encoding=encoding, newline="") as fh:
        WRITERS[fmt](fh, world)


def write_channel_map(path: Path) -> None:
    """The ``channels.toml`` of the generated accounts: with it, an import knows the team's own
    replies (they leave the queue and the spike counts) as it would for a real city."""
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["# Channel map of `cm-tui demo generate` (fictional accounts). One [[channel]] per account;",
             "# import with: cm-tui import FILE --channels THIS_FILE", ""]
    for platform in sorted(CHANNELS):
        for _platform, handle, name, owner, account_id in CHANNELS[platform]:
            lines += ["[[channel]]", f"platform = {q(platform)}", f"account = {q(account_id or handle)}",
                      f"name = {q(name)}", f"owner = {q(owner)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# --- generic formats -------------------------------------------------------------------------
def _generic_post_id(p: Any) -> str:
    """A post's id as the platform's API names it: Facebook's is ``{page id}_{post id}`` (as in
    the Facebook format), which also tells the importer the page's own replies."""
    return f"{p.account_id}_{p.post_id}" if p.platform == "facebook" else p.post_id


def _jsonl_heads(w: World, q: Callable[[str], str]) -> list[tuple[Any, ...]]:
    """Per post: pre-escaped JSON pieces and the id/link scheme (see :func:`write_jsonl`)."""
    heads = []
    for p in w.posts:
        style = STYLES[p.platform]
        own_name = q(p.owner or p.channel.split(" (")[0])
        h1 = f'{{"platform":"{p.platform}","comment_id":"'
        h2 = f'","post_id":{q(_generic_post_id(p))},"parent_id":'
        tail = f',"channel":{q(p.channel)},"owner":{q(p.owner)}}}\n'
        probe = style.cid(1, None, p)
        pfx, base, mul, a_, b_, c_ = "", 0, 0, "", "", ""
        if p.platform == "facebook":
            scheme, pfx, mul = 1, f"{p.post_id}_", 7_919
            base = int(probe.rsplit("_", 1)[1]) - mul
            a_ = f"https://www.facebook.com/{p.account_id}/posts/{p.post_id}/?comment_id="
        else:
            if p.platform != "youtube":
                mul = int(style.cid(2, None, p)) - int(probe)
                base = int(probe) - mul
            tpl = style.permalink(p, "\x00", None, "\x01")
            if "\x01" in tpl:
                scheme = 3
                a_, rest = tpl.split("\x01")
                b_, c_ = rest.split("\x00")
            elif "\x00" in tpl:
                scheme = 0
                a_, c_ = tpl.split("\x00")
            else:
                scheme, a_ = 4, tpl
        heads.append((scheme, pfx, base, mul, (a_, b_, c_), h1, h2, tail, own_name, q(p.account_id), p.account,
                      p.platform in TWO_LEVELS, style))
    return heads


def write_jsonl(fh: IO[str], w: World) -> None:
    """Generic JSONL, one object per line.

    The fast path (about 5x the generic one): every string that repeats is JSON-escaped once
    (texts, names, per-post pieces), numeric ids are ``base + seq * step``, and timestamps come
    from a per-minute cache.
    """
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731
    texts = [q(t) for t in w.texts]
    names = [q(a.name) for a in w.authors]
    handle_cache: dict[str, list[str]] = {}
    p_is_yt = [p.platform == "youtube" for p in w.posts]

    def handles_for(style: Style) -> list[str]:
        got = handle_cache.get(style.platform)
        if got is None:
            got = handle_cache[style.platform] = [style.handle(a.handle) for a in w.authors]
        return got
    heads = _jsonl_heads(w, q)
    aid_cache: dict[str, list[str | None]] = {p: [None] * len(w.authors) for p in STYLES}
    numbers = [a.number for a in w.authors]

    minute_cache: dict[int, str] = {}
    secs = [f"{s:02d}Z" for s in range(60)]
    gmtime, strftime = time.gmtime, time.strftime
    thread: dict[int, str] = {}  # YouTube only: reply ids embed the thread id
    posts = w.posts
    cur = -1
    for batch in w.stream():
        out = []
        for seq, pi, top, parent, a, ti, ts, likes, _ in batch:
            if pi != cur:
                cur = pi
                scheme, pfx, base, mul, (pa, pb, pc), h1, h2, tail, own_name, own_id, account, flat, style = heads[pi]
                aids = aid_cache[style.platform]
                yt = p_is_yt[pi]
                post = posts[pi]
            if yt:
                if top < 0:
                    thread.clear()
                cid = style.cid(seq, thread[top] if top >= 0 else None, post)
                thread[seq] = cid
                link = pa + cid + pc
                pid = "null" if top < 0 else f'"{thread[top]}"'
            else:
                num = str(base + seq * mul)
                cid = pfx + num
                if scheme == 0:
                    link = pa + cid + pc
                elif scheme == 1:
                    link = pa + num if top < 0 else f"{pa}{base + top * mul}&reply_comment_id={num}"
                elif scheme == 3:
                    link = pa + (account if a < 0 else handles_for(style)[a]) + pb + cid + pc
                else:
                    link = pa
                pid = "null" if top < 0 else f'"{pfx}{base + (top if flat else parent) * mul}"'
            if a < 0:
                name, aid = own_name, own_id
            else:
                name = names[a]
                aid = aids[a]
                if aid is None:
                    aid = aids[a] = '"' + style.author_id(numbers[a], "") + '"'
            minute, sec = divmod(ts, 60)
            pre = minute_cache.get(minute)
            if pre is None:
                if len(minute_cache) > 200_000:
                    minute_cache.clear()
                pre = minute_cache[minute] = strftime("%Y-%m-%dT%H:%M:", gmtime(minute * 60))
            out.append(f'{h1}{cid}{h2}{pid},"author_name":{name},"author_id":{aid},"text":{texts[ti]},'
                       f'"created_at":"{pre}{secs[sec]}","like_count":{likes},"permalink":"{link}"{tail}')
        fh.write("".join(out))


def _generic_rows(w: World) -> Any:
    """Batches of generic rows as tuples in :data:`GENERIC_COLUMNS` order."""
    iso = IsoCache()
    res = Resolver(w)
    for batch in w.stream():
        rows = []
        for seq, pi, top, parent, a, ti, ts, likes, _ in batch:
            post = w.posts[pi]
            style = STYLES[post.platform]
            cid, pid, top_cid = res.ids(post, style, seq, top, parent)
            name, handle, aid = res.author(post, style, a)
            handle = style.handle(handle) if a >= 0 else handle
            rows.append((post.platform, cid, _generic_post_id(post), pid or "", name, aid, w.texts[ti], iso(ts), likes,
                         style.permalink(post, cid, top_cid, handle), post.channel, post.owner))
        yield rows


def write_csv(fh: IO[str], w: World) -> None:
    """Generic CSV: UTF-8, comma, header, RFC 4180 quoting."""
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(GENERIC_COLUMNS)
    for rows in _generic_rows(w):
        writer.writerows(rows)


def write_facepager(fh: IO[str], w: World) -> None:
    """Facepager "All nodes" export of the FB comments preset (BOM via the file encoding)."""
    from cm_tui.demo.sample_platforms import FACEPAGER_COLUMNS

    writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(FACEPAGER_COLUMNS)
    qtype = "Facebook:/<post-id>/comments"
    fetched = "2026-11-23 08:14:02.5{:05d}"
    for i, p in enumerate(w.posts):
        writer.writerow(["0", str(i + 1), "", f"{p.account_id}_{p.post_id}", "seed", "", "fetched (200)",
                         fetched.format(i), qtype, "", "", "", "", "", ""])
    fb_time = IsoCache("+0000")
    res = Resolver(w)
    node = len(w.posts)
    current = -1
    for batch in w.stream():
        rows = []
        for seq, pi, top, parent, _a, ti, ts, likes, nrep in batch:
            if pi != current:
                if current >= 0:
                    node += 1
                    rows.append(["1", str(node), str(current + 1), f"{w.posts[current].account_id}_"
                                 f"{w.posts[current].post_id}", "offcut", "data", "fetched (200)",
                                 fetched.format(current), qtype, "", "", "", "", "", ""])
                current = pi
            post = w.posts[pi]
            cid, _, top_cid = res.ids(post, STYLES["facebook"], seq, top, parent)
            node += 1
            text = w.texts[ti].replace("\n", " ").replace("\r", " ")
            rows.append(["1", str(node), str(pi + 1), cid, "data", "data", "fetched (200)", fetched.format(pi), qtype,
                         text, fb_time(ts), str(likes), str(nrep), "", top_cid or ""])
        writer.writerows(rows)
    if current >= 0:
        p = w.posts[current]
        writer.writerow(["1", str(node + 1), str(current + 1), f"{p.account_id}_{p.post_id}", "offcut", "data",
                         "fetched (200)", fetched.format(current), qtype, "", "", "", "", "", ""])


WRITERS: dict[str, Callable[[IO[str], World], None]] = {
    "jsonl": write_jsonl, "csv": write_csv, "facepager": write_facepager, "facebook": write_facebook,
    "instagram": write_instagram, "youtube": write_youtube, "mastodon": write_mastodon, "x": write_x,
    "tiktok": write_tiktok, "linkedin": write_linkedin,
}


def main(argv: list[str] | None = None) -> int:
    """``python -m cm_tui.demo.generate --comments N --format FMT --out FILE [--seed S]`` (same as
    ``cm-tui demo generate``)."""
    import argparse
    import sys

    from cm_tui.cli_demo import handler

    parser = argparse.ArgumentParser(prog="python -m cm_tui.demo.generate")
    parser.add_argument("--comments", "-n", required=True)
    parser.add_argument("--format", "-f", required=True)
    parser.add_argument("--out", "-o", required=True)
    parser.add_argument("--seed", default="1")
    return handler(parser.parse_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    raise SystemExit(main())
