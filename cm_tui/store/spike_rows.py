"""Reading stored spike events (for the header, the banner, the alerts view and the handover).

Apart from ``spikes_refresh`` (which builds them and needs the detector and the rule engine) so
the main screen can read them without importing either."""

from __future__ import annotations

import json

from cm_tui.store.db import Store


def load_spikes(store: Store, *, active_only: bool = False, since: str | None = None) -> list[dict[str, object]]:
    """Stored spike rows, newest first (``since``: only those starting then or later)."""
    where = []
    if active_only:
        where.append("end IS NULL")
    if since is not None:
        where.append("start >= :since")
    sql = "SELECT * FROM spikes" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY start DESC"
    with store.lock:
        cur = store.conn.execute(sql, {"since": since})
        cols = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            d = dict(zip(cols, r, strict=True))
            for key in ("levels", "series", "comment_ids"):
                d[key] = json.loads(d[key])  # type: ignore[arg-type]
            out.append(d)
    return out
