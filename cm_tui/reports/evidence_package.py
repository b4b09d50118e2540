"""The evidence package for one comment (Markdown for people, JSON for systems): original text as
captured, post and thread context, absolute times in UTC and Europe/Berlin, permalink, author as
exported, when the city first saw it, the log trail and the SHA-256 of the captured content.

The snapshot captured at escalation or report is used when there is one, not today's text; if the
comment was never captured, it is captured now (which writes an ``evidence`` log entry)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cm_tui.clock import BERLIN, iso, parse_iso
from cm_tui.model import LogEntry
from cm_tui.reports.common import complaint_deadline, json_dumps_safe, md_escape
from cm_tui.reports.evidence import capture, content_hash
from cm_tui.safe_text import clean, one_line
from cm_tui.store import log
from cm_tui.store.db import Store

CONTEXT = 10  # comments before and after on the same post


@dataclass(frozen=True, slots=True)
class Evidence:
    entry_id: int
    captured_at: str
    sha256: str
    snapshot: dict[str, Any]
    verified: bool  # the stored hash matches the stored snapshot


def both_times(value: str | None) -> dict[str, str] | None:
    """An absolute time as UTC and Europe/Berlin, both with seconds."""
    if not value:
        return None
    dt = parse_iso(value)
    return {
        "utc": dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "berlin": dt.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S %Z"),
    }


def find_evidence(trail: list[LogEntry]) -> LogEntry | None:
    """The capture made for the latest escalation/report; else the latest capture of any kind."""
    undone = {e.data.get("undo_of") for e in trail if e.action == "undo"}
    latest: LogEntry | None = None
    chosen: LogEntry | None = None
    for e in trail:
        if e.action == "evidence" and "snapshot" in e.data:
            latest = e
        elif e.action in ("escalate", "report") and e.id not in undone and latest is not None:
            chosen = latest
    return chosen or latest


def evidence_for(store: Store, comment_id: int, *, user: str, now: datetime) -> Evidence:
    entry = find_evidence(log.entries_for(store, comment_id))
    if entry is None:
        capture(store, comment_id, user, now=now)
        entry = find_evidence(log.entries_for(store, comment_id))
        assert entry is not None
    snap = entry.data["snapshot"]
    sha = str(entry.data.get("sha256", ""))
    return Evidence(entry.id, str(entry.data.get("captured_at", entry.at)), sha, snap, content_hash(snap) == sha)


def _thread(store: Store, comment_id: int) -> list[dict[str, Any]]:
    with store.lock:
        row = store.conn.execute("SELECT platform, post_id, created_at FROM comments WHERE id=?", (comment_id,)).fetchone()
        if row is None or row[1] is None:
            return []
        platform, post_id, created = row
        cols = "id, native_id, parent_id, author_name, author_id, created_at, permalink, text"
        before = store.conn.execute(
            f"SELECT {cols} FROM comments WHERE platform=? AND post_id=? AND id != ? AND coalesce(created_at,'') <= ? "
            "ORDER BY created_at DESC, id DESC LIMIT ?", (platform, post_id, comment_id, created or "", CONTEXT),
        ).fetchall()
        after = store.conn.execute(
            f"SELECT {cols} FROM comments WHERE platform=? AND post_id=? AND id != ? AND coalesce(created_at,'') > ? "
            "ORDER BY created_at, id LIMIT ?", (platform, post_id, comment_id, created or "", CONTEXT),
        ).fetchall()
    keys = ("store_id", "native_id", "parent_id", "author_name", "author_id", "created_at", "permalink", "text")
    return [dict(zip(keys, r, strict=True)) for r in [*reversed(before), *after]]


def _entry(e: LogEntry) -> dict[str, Any]:
    data = {k: v for k, v in e.data.items() if k not in ("snapshot", "batch")}
    return {"id": e.id, "at": e.at, "at_berlin": both_times(e.at)["berlin"], "user": e.user,  # type: ignore[index]
            "action": e.action, "rules": list(e.rules), "reason": e.reason, "note": e.note,
            "reply_text": e.reply_text, "data": data}


def build_package(store: Store, comment_id: int, *, user: str, now: datetime) -> dict[str, Any]:
    """The package as a JSON-ready dict (captures evidence first if there is none)."""
    ev = evidence_for(store, comment_id, user=user, now=now)
    s = ev.snapshot
    trail = log.entries_for(store, comment_id)
    with store.lock:
        state = store.conn.execute("SELECT state, first_seen_at FROM comments WHERE id=?", (comment_id,)).fetchone()
    first_seen = s.get("first_seen_at") or state[1]
    return {
        "kind": "cm-tui evidence package",
        "generated_at": iso(now),
        "generated_by": user,
        "comment_store_id": comment_id,
        "platform": s.get("platform"),
        "comment_native_id": s.get("comment_native_id"),
        "permalink": s.get("permalink"),
        "channel": s.get("channel"),
        "owner": s.get("owner"),
        "author": {"name_as_exported": s.get("author_name"), "id_as_exported": s.get("author_id")},
        "posted_at": both_times(s.get("created_at")),
        "first_seen_by_city": both_times(first_seen),
        "complaint_deadline": complaint_deadline(first_seen).isoformat() if first_seen else None,
        "captured_at": both_times(ev.captured_at),
        "evidence_log_entry": ev.entry_id,
        "sha256": ev.sha256,
        "sha256_verified": ev.verified,
        "hash_method": "SHA-256 über JSON(snapshot, sort_keys, separators=(',', ':'), ensure_ascii=False), UTF-8",
        "text": s.get("text"),
        "text_html": s.get("text_html"),
        "post": s.get("post"),
        "parent": s.get("parent"),
        "thread_context": _thread(store, comment_id),
        "state_now": state[0],
        "log": [_entry(e) for e in trail],
        "snapshot": s,
    }


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def to_markdown(p: dict[str, Any]) -> str:
    def when(v: dict[str, str] | None) -> str:
        return f"{v['berlin']} ({v['utc']})" if v else "unbekannt"

    text = clean(p["text"] or "")
    fence = _fence(text)
    author = p["author"]
    lines = [
        f"# Beweissicherung: {md_escape(p['platform'])} {md_escape(p['comment_native_id'])}", "",
        f"- Permalink: {md_escape(p['permalink']) or 'nicht exportiert'}",
        f"- Kanal: {md_escape(p['channel']) or '?'}" + (f" (Amtfluencer: {md_escape(p['owner'])})" if p["owner"] else ""),
        f"- Autor/in (wie exportiert): {md_escape(author['name_as_exported']) or '?'}, Id: {md_escape(author['id_as_exported']) or '?'}",
        f"- Veröffentlicht: {when(p['posted_at'])}",
        f"- Der Stadt bekannt seit: {when(p['first_seen_by_city'])}",
        f"- Strafantragsfrist (§ 77b StGB, 3 Monate ab Kenntnis): bis {_german_date(p['complaint_deadline'])}",
        f"- Gesichert: {when(p['captured_at'])} (Protokolleintrag #{p['evidence_log_entry']})",
        f"- SHA-256: `{p['sha256']}` ({'geprüft' if p['sha256_verified'] else 'ABWEICHUNG: gespeicherter Inhalt passt nicht zum Hash'})",
        f"- Erstellt: {when(both_times(p['generated_at']))} von {md_escape(p['generated_by'])}", "",
        "## Originaltext (wie gesichert)", "", fence, text, fence, "",
    ]
    if p["post"]:
        post_text = clean(p["post"].get("text") or "")
        f2 = _fence(post_text)
        lines += ["## Beitrag", "", f"- URL: {md_escape(p['post'].get('url')) or '?'}",
                  f"- Veröffentlicht: {when(both_times(p['post'].get('created_at')))}", "", f2, post_text, f2, ""]
    if p["parent"]:
        lines += ["## Antwort auf", "", f"- {md_escape(p['parent'].get('author_name')) or '?'}, "
                  f"{when(both_times(p['parent'].get('created_at')))}: {md_escape(p['parent'].get('text'), 500)}", ""]
    if p["thread_context"]:
        lines += ["## Umgebender Verlauf (Stand der Datenbank beim Export)", ""]
        for c in p["thread_context"]:
            lines.append(f"- {when(both_times(c['created_at']))} · {md_escape(c['author_name']) or '?'}: "
                         f"{md_escape(c['text'], 300)}")
        lines.append("")
    lines += ["## Protokoll", ""]
    for e in p["log"]:
        extra = " ".join(x for x in (", ".join(e["rules"]), md_escape(e["reason"]), md_escape(e["note"]),
                                     one_line(str(e["data"].get("target", ""))), one_line(str(e["data"].get("sha256", ""))))
                         if x)
        lines.append(f"- #{e['id']} {e['at_berlin']} {md_escape(e['user'])}: {e['action']} {extra}".rstrip())
    return "\n".join(lines) + "\n"


def _german_date(value: str | None) -> str:
    if not value:
        return "?"
    y, m, d = value.split("-")
    return f"{d}.{m}.{y}"


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80] or "kommentar"


def write_package(store: Store, comment_id: int, out_dir: Path, *, user: str, now: datetime) -> tuple[Path, Path]:
    """Write ``beweis-<platform>-<id>-<time>.md`` and ``.json`` into ``out_dir`` (both or neither)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"{out_dir}: Ordner existiert nicht")
    package = build_package(store, comment_id, user=user, now=now)
    stem = f"beweis-{_safe_name(str(package['platform']))}-{_safe_name(str(package['comment_native_id']))}-" \
           f"{now.astimezone(BERLIN).strftime('%Y%m%d-%H%M%S')}"
    md_path, json_path = out_dir / f"{stem}.md", out_dir / f"{stem}.json"
    temps: list[tuple[str, Path]] = []
    try:
        for path, content in ((md_path, to_markdown(package)),
                              (json_path, json_dumps_safe(package, indent=2) + "\n")):
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=out_dir)
            temps.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(content)
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    return md_path, json_path
