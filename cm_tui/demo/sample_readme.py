"""``channels.toml`` and ``README.md`` for the sample folder, with numbers read from the files."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from cm_tui.demo import accounts as A
from cm_tui.demo import ids
from cm_tui.demo import storm as S
from cm_tui.demo.sample_writers import FileInfo
from cm_tui.demo.threads import EXPORT_TIME


def channel_table() -> list[dict[str, object]]:
    """Every channel of the sample data: platform, account, post ids, display name, owner."""
    def fb(*posts: tuple[str, datetime, str]) -> list[str]:
        return [x for p in posts for x in (f"{A.FB_PAGE_ID}_{p[0]}", p[0])]

    tiktok_videos = [str(ids.tiktok_id(A.TIKTOK_VIDEO_TIME, 4711)), str(ids.tiktok_id(A.TIKTOK_VIDEO2_TIME, 4712))]
    return [
        dict(platform="facebook", account=A.FB_PAGE_ID, name="Stadt Musterstadt (Facebook)", owner="",
             posts=fb(A.FB_POST_BUERGERBUERO, A.FB_POST_WEIHNACHT, A.FB_POST_LINDENALLEE, A.FB_POST_KITA,
                      A.FB_POST_SPERRMUELL, A.FB_POST_WINTERDIENST, A.FB_POST_BIBLIOTHEK, A.FB_POST_RADWEG)),
        dict(platform="facebook", account=A.FB_TOURISM_PAGE_ID, name="Musterstadt erleben (Tourismus)", owner="",
             posts=["109876543210123_731200000000123", "731200000000123"]),
        dict(platform="facebook", account=A.FB_ORDNUNGSAMT_PAGE_ID, name="Ordnungsamt Musterstadt", owner="",
             posts=["112233445566778_731299988877766", "731299988877766"]),
        dict(platform="instagram", account=A.IG_CITY, name="Stadt Musterstadt (Instagram)", owner="",
             posts=[A.IG_MEDIA_STADTSEE[0]]),
        dict(platform="instagram", account=A.IG_JANA, name="Jana Becker (Feuerwehr)", owner="Jana Becker",
             posts=[A.IG_MEDIA_JANA[0]]),
        dict(platform="instagram", account="musterstadt.erleben", name="Musterstadt erleben (Tourismus)", owner="",
             posts=["17955512345678901"]),
        dict(platform="youtube", account=A.YT_CHANNEL_ID, name="Stadt Musterstadt (YouTube)", owner="",
             posts=[A.YT_VIDEO_TERMINE[0], A.YT_VIDEO_IMAGEFILM[0]]),
        dict(platform="mastodon", account=f"{A.MASTO_CITY}@{A.MASTO_HOST}", name="Stadt Musterstadt (Mastodon)",
             owner="", posts=[ids.mastodon_id(A.MASTO_STATUS_TIME, 1)]),
        dict(platform="x", account=A.X_MIRIAM, name="Miriam Hoffmann (Stadtbibliothek)", owner="Miriam Hoffmann",
             posts=[ids.x_id(A.X_TWEET_TIME, 1)]),
        dict(platform="tiktok", account=A.TIKTOK_LEA, name="Lea Yilmaz (Azubi, Stadtverwaltung)", owner="Lea Yilmaz",
             posts=tiktok_videos),
        dict(platform="linkedin", account=A.LI_TOBIAS, name="Tobias Kern (Stadtplanung)", owner="Tobias Kern",
             posts=[f"urn:li:activity:{ids.linkedin_id(A.LI_POST_TIME, 1)}"]),
    ]


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_channels(path: Path, files: list[FileInfo]) -> None:
    """Map account handles/ids and post ids to a display channel name and owner."""
    lines = ["# Channel map for the sample data (fictional). One [[channel]] per account.",
             "# platform: as in cm-tui; account: handle or id as it appears in the export (optional);",
             "# posts: post/media/video/status ids (optional; Facebook both as {page}_{post} and {post});",
             "# owner: the Amtfluencer's name, empty for the city's institutional accounts.", ""]
    for ch in channel_table():
        posts = ", ".join(_q(str(p)) for p in ch["posts"])  # type: ignore[union-attr]
        lines += ["[[channel]]", f"platform = {_q(str(ch['platform']))}", f"account = {_q(str(ch['account']))}",
                  f"posts = [{posts}]", f"name = {_q(str(ch['name']))}", f"owner = {_q(str(ch['owner']))}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def storm_stats(folder: Path) -> dict[str, object]:
    """Counts per hour and per 15 minutes of the shitstorm post, read back from its two pages."""
    times: list[datetime] = []
    for name in ("facebook_shitstorm_radweg_p1.json", "facebook_shitstorm_radweg_p2.json"):
        for c in json.loads((folder / name).read_text(encoding="utf-8"))["data"]:
            times.append(datetime.strptime(c["created_time"], "%Y-%m-%dT%H:%M:%S%z"))
    q = Counter(t.replace(minute=t.minute - t.minute % 15, second=0) for t in times)
    peak_q, peak_n = max(q.items(), key=lambda kv: kv[1])
    best_h = max(((s, sum(1 for t in times if s <= t < s + timedelta(hours=1)))
                  for s in (S.ONSET + timedelta(minutes=5 * k) for k in range(24))), key=lambda x: x[1])
    before = [t for t in times if t < S.ONSET]
    hours_before = (S.ONSET - S.POST_TIME).total_seconds() / 3600
    first75 = sum(1 for t in times if S.ONSET <= t < S.ONSET + timedelta(minutes=75))
    return dict(total=len(times), before=len(before), rate_before=len(before) / hours_before,
                first75=first75, peak_q=peak_q, peak_q_n=peak_n, peak_h=best_h[0], peak_h_n=best_h[1])


def _berlin(t: datetime) -> str:
    return (t + timedelta(hours=1)).strftime("%d.%m.%Y %H:%M")


def write_readme(path: Path, files: list[FileInfo]) -> None:
    """The sample folder's README, with counts from the written files."""
    st = storm_stats(path.parent)
    total = sum(f.comments for f in files)
    rows = "\n".join(f"| `{f.name}` | {f.fmt} | {f.comments} | {f.description} |" for f in files)
    text = TEMPLATE.format(
        rows=rows, total=total, nfiles=len(files), export=EXPORT_TIME.strftime("%Y-%m-%dT%H:%MZ"),
        post=f"{A.FB_PAGE_ID}_{A.FB_POST_RADWEG[0]}", post_time=S.POST_TIME.strftime("%Y-%m-%dT%H:%MZ"),
        onset=S.ONSET.strftime("%Y-%m-%dT%H:%MZ"), onset_b=_berlin(S.ONSET),
        peak_q=st["peak_q"].strftime("%H:%M"), peak_q_b=_berlin(st["peak_q"]),  # type: ignore[union-attr]
        peak_q_n=st["peak_q_n"], peak_h=st["peak_h"].strftime("%H:%M"),  # type: ignore[union-attr]
        peak_h_b=_berlin(st["peak_h"]), peak_h_n=st["peak_h_n"], storm_total=st["total"],  # type: ignore[arg-type]
        before=st["before"], rate=f"{st['rate_before']:.1f}", first75=st["first75"],
        masto=ids.mastodon_id(A.MASTO_STATUS_TIME, 1), page=A.FB_PAGE_ID,
    )
    path.write_text(text, encoding="utf-8")


TEMPLATE = """\
# Sample data: Stadt Musterstadt (fictional)

Everything in this folder is **invented**: the city "Stadt Musterstadt", its accounts, the
Amtfluencer and every commenter. Any resemblance to real persons is coincidental. Domains are
`*.example` (RFC 2606); the IBAN is the well-known test IBAN `DE89 3704 0044 0532 0130 00`.

The files follow the real export shapes of `research/export-formats.md` exactly. They are
written by a seeded script and can be regenerated byte for byte:

    .venv/bin/python -m cm_tui.demo.sample sample_data/

Time frame: comments from 2026-11-20 to the export at {export} (UTC), daytime-heavy in
Europe/Berlin. **{total} comments in {nfiles} files.**

## Files

| file | format | comments | posts |
|---|---|---:|---|
{rows}

Counts include replies. Comments are only the platform's comment objects: the page feed's post
objects, X's root tweet in `includes.tweets`, and Facepager's `seed`/`offcut` rows are not counted.

Format notes:
- **Facebook** files are Graph API responses (`fields=id,created_time,from,message,like_count,
  comment_count,parent,permalink_url`, `filter=stream`, `summary=1`): comment ids are
  `{{post}}_{{comment}}`, timestamps `+0000`. The shitstorm pages are compact, ASCII-escaped and
  write `\\/` like the raw API. `paging.next`/`previous` URLs carry a fake `access_token=` that an
  importer must strip. `summary.total_count` is 7 higher than the comments present (deleted
  comments), as in real responses.
- `facebook_comments_no_ids.json` has **no `id` and no `from`** (Page Public Content Access):
  replies are recognisable only by `permalink_url=…?comment_id=<parent>&reply_comment_id=<self>`;
  the post id is the `/posts/<id>/` path segment (page id {page}).
- **Instagram**: newest first, replies embedded as `replies.data` with `parent_id`; `media.id` on each.
- **YouTube**: `allThreadsRelatedToChannelId` over two videos; `textDisplay` is HTML
  (`&#39;`, `&quot;`, `<a href>`, `<br>`), `textOriginal` plain; `publishedAt` with and without
  milliseconds; one thread has `totalReplyCount` larger than its embedded replies; a few authors
  have no `authorChannelId`.
- **Mastodon**: the context of the city's status `{masto}` (the id is in the file name;
  `ancestors` is empty, every descendant's chain ends at that id). `content` is HTML with
  mention h-cards; one remote account, one empty `display_name`, one content warning, one
  `language: null`.
- **X**: newest first; `&amp;`/`&lt;`/`&gt;` escaped; root tweet in `includes.tweets`; one reply
  points at a deleted tweet that is listed in `errors`.
- **TikTok**: comment and video ids are bare JSON integers above 2^53; no author fields at all;
  top-level comments have `parent_comment_id == video_id`.
- **LinkedIn**: only `actor` URNs (no names); `created.time` in epoch milliseconds; replies
  carry `parentComment`.
- **Facepager**: "All nodes" export of the FB comments preset: UTF-8 with BOM, `;`, all fields
  quoted, CRLF. Keep only `object_type == "data"` rows; `id`/`parent_id` are Facepager's node
  ids, `object_id` is the Facebook comment id; the user added a `parent.id` column for threading.
  `query_time` is the fetch time, not the comment time.
- **generic CSV / JSONL** columns: `platform, comment_id, post_id, parent_id, author_name,
  author_id, text, created_at, like_count, permalink, channel, owner` (`created_at` UTC with `Z`;
  CSV leaves `parent_id` empty for top-level comments, JSONL writes `null`).

`channels.toml` maps account handles/ids and post ids to a channel name and owner.

## Channels and Amtfluencer

- Stadt Musterstadt: Facebook page (`{page}`), Instagram `stadt.musterstadt`, YouTube channel,
  Mastodon `@stadt@social.musterstadt.example`; plus the pages "Musterstadt erleben"
  (Stadtmarketing) and "Ordnungsamt Musterstadt".
- **Jana Becker**, Berufsfeuerwehr, Instagram `feuerwehr.jana`.
- **Tobias Kern**, Stadtplanung, LinkedIn (`urn:li:person:Tk7vQ2mXa9`).
- **Lea Yilmaz**, Auszubildende in der Stadtverwaltung, TikTok `@lea.im.rathaus`.
- **Miriam Hoffmann**, Stadtbibliothek, X `@bibliothek_miri`.

## Shitstorm scenario: "Radweg Hauptstraße: 42 Parkplätze entfallen"

- Post `{post}` on the city's Facebook page, published {post_time}
  (files `facebook_shitstorm_radweg_p1.json` + `_p2.json`, {storm_total} comments).
- Baseline: {before} comments before the onset, about {rate} per hour on average (more by day, quiet at night).
- **Onset: {onset}** ({onset_b} Berlin): a Telegram group shares the post.
- {first75} comments in the first 75 minutes after the onset.
- **Peak hour** from {peak_h} UTC ({peak_h_b} Berlin): {peak_h_n} comments;
  peak 15 minutes from {peak_q} UTC ({peak_q_b} Berlin): {peak_q_n} comments.
- The hostile share grows from about 20 % to 55 % (insults, some threats, one doxing of the
  Baudezernent's address). 20 new accounts post two copy-paste texts with small variations
  (`#HauptstraßeBleibt`, "STOPPT DEN RADWEG-WAHNSINN!").
- The city posts a bundled statement 55 minutes after the onset.

## Load data

The sample is small on purpose. For load tests, stream any number of synthetic comments in any
of these shapes (`jsonl`, `csv`, `facepager`, `facebook` (page feed), `instagram`, `youtube`,
`mastodon`, `x`, `tiktok`, `linkedin`):

    .venv/bin/python -m cm_tui demo generate --comments 1000000 --format jsonl --out /tmp/load.jsonl
    .venv/bin/python -m cm_tui.demo.generate --comments 1000000 --format jsonl --out /tmp/load.jsonl

## Test comments for the netiquette rules and the UI

- Insults, also obfuscated: "I d i o t e n", "A*loch", "Vollpf0sten", "1d10ten", "Sch€iss",
  "V.e.r.b.r.e.c.h.e.r…", "Drecksp4ck", a zero-width space inside "Opf<U+200B>er" (TikTok).
- Threat against Jana Becker ("Wir wissen wo du wohnst", Instagram) and threats in the shitstorm.
- Personal data: a phone number and an IBAN (Bürgerbüro post), an address (shitstorm).
- NS codes: "… 88" (Weihnachtsmarkt), "HH" (shitstorm), next to harmless numbers: "Lindenallee 88",
  "bis 18 Uhr", "Jahrgang 1988", "Umzug von HH nach Musterstadt".
- Emergencies: smoke from a roof (Instagram, Jana), a dog through the ice (Facepager).
- Spam and ads (crypto, "DM me", WhatsApp numbers), party-political advertising.
- RTL: an Arabic question about Wohngeld (Bürgerbüro post); a Turkish comment (TikTok).
- Hostile text that must show literally: `[bold red]…[/]` Textual markup (Instagram city),
  ANSI `\\u001b[2J` in JSON (Bürgerbüro post, generic JSONL), a bidi override U+202E (X).
"""
