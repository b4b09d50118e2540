"""The audit export: every log entry with its comment and the cited rules, for the city's records,
a data-protection access request or a court. Rows are streamed in id order, a thousand at a time,
so a year of log never sits in memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from cm_tui.clock import berlin, iso, parse_iso
from cm_tui.reports.common import RuleInfo, json_dumps_safe, rule_lookup
from cm_tui.safe_text import clean
from cm_tui.store.db import Store

COLUMNS = (
    "log_id", "zeit_utc", "zeit_berlin", "person", "aktion", "regeln", "regel_titel", "regel_klauseln", "begruendung",
    "notiz", "vorlage", "antworttext", "daten", "kommentar_id", "plattform", "native_id", "permalink", "kanal",
    "amtfluencer", "autor_name", "autor_id", "kommentar_erstellt_utc", "zuerst_gesehen_utc", "kommentar_text",
)
BATCH = 1000
SQL = (
    "SELECT l.id, l.at, l.user, l.action, l.rules, l.reason, l.note, l.template_id, l.reply_text, l.data, "
    "l.comment_id, c.platform, c.native_id, c.permalink, c.channel, c.owner, c.author_name, c.author_id, "
    "c.created_at, c.first_seen_at, c.text FROM log l LEFT JOIN comments c ON c.id = l.comment_id "
    "WHERE l.id > ?{cond} ORDER BY l.id LIMIT ?"
)


def iter_rows(
    store: Store, *, since: str | None = None, until: str | None = None,
    rules: Callable[[str], RuleInfo] | None = None,
) -> Iterator[dict[str, Any]]:
    """Export rows (dicts keyed by :data:`COLUMNS`) for ``since <= at < until`` (UTC ISO)."""
    lookup = rules or rule_lookup()
    cond, extra = "", []
    if since:  # normalised: stored stamps have microseconds, and ISO strings compare as text
        cond += " AND l.at >= ?"
        extra.append(iso(parse_iso(since)))
    if until:
        cond += " AND l.at < ?"
        extra.append(iso(parse_iso(until)))
    last = 0
    while True:
        with store.lock:
            batch = store.conn.execute(SQL.format(cond=cond), [last, *extra, BATCH]).fetchall()
        if not batch:
            return
        for r in batch:
            rule_ids = json.loads(r[4] or "[]")
            infos = [lookup(rid) for rid in rule_ids]
            yield dict(zip(COLUMNS, (
                r[0], r[1], berlin(r[1]), r[2], r[3], rule_ids, [i.title for i in infos], [i.clause for i in infos],
                r[5], r[6], r[7], r[8], json.loads(r[9] or "{}"), r[10], r[11], r[12], r[13], r[14], r[15], r[16],
                r[17], r[18], r[19], r[20],
            ), strict=True))
        last = batch[-1][0]


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str):
        value = clean(value)  # CSV is for people and spreadsheets; JSONL keeps the exact text
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # spreadsheets would run it as a formula; JSONL keeps the exact text
    return value


def write_csv(rows: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(COLUMNS)
    n = 0
    for row in rows:
        w.writerow([_cell(row[c]) for c in COLUMNS])
        n += 1
    return n


def write_jsonl(rows: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    n = 0
    for row in rows:
        fh.write(json_dumps_safe(row) + "\n")
        n += 1
    return n
