"""The triage verbs of the main screen: collect what a decision needs through modals, then hand
it to :mod:`cm_tui.triage` in a worker. Kept apart from the screen's layout and navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from cm_tui import triage
from cm_tui.replies import reply_values
from cm_tui.safe_text import one_line
from cm_tui.store import claims, log
from cm_tui.store.detail import load_detail
from cm_tui.strings import t
from cm_tui.ui.screens.modals import Confirm, Picked, Picker, Prompt, ReplyEditor

if TYPE_CHECKING:
    from cm_tui.ui.app import CmApp
    from cm_tui.ui.widgets.queue_view import QueueView

NEEDS_RULE = ("hide", "delete", "block", "report")


class DecisionsMixin:
    """Mixed into MainScreen; relies on its ``queue_view``, ``cm`` and ``refresh_queue``."""

    queue_view: QueueView
    cm: CmApp

    def _targets(self) -> list[int]:
        marks = self.queue_view.marks
        if marks:
            return sorted(marks)
        row = self.queue_view.current
        return [row.id] if row else []

    def _rule_options(self, targets: list[int]) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """Rules found in the targets first, then every other rule of the rule set."""
        rules = self.cm.rules.rules
        found: dict[str, str] = {}
        hits: dict[str, int] = {}
        for cid in targets[:200]:
            detail = load_detail(self.cm.reader, cid)
            for f in detail.findings if detail else []:
                rid = str(f["rule_id"])
                hits[rid] = hits.get(rid, 0) + 1
                matched = ", ".join(f"»{one_line(str(m), 60)}«" for m in (f.get("matched") or [])[:3])
                found.setdefault(rid, f"{one_line(str(f.get('title') or ''), 80)}: {matched}".strip(": "))
        # The rule most of the targets broke comes first: for marked spam, that is the spam rule.
        found = {rid: found[rid] for rid in sorted(found, key=lambda r: -hits[r])}
        ordered = [*found, *(rid for rid in rules if rid not in found)]
        options = []
        for rid in ordered:
            rule = rules.get(rid)
            title = rule.title if rule else rid
            marker = "● " if rid in found else "  "
            options.append((rid, f"{marker}{rid}  {title}"))
        defaults = {rid: found.get(rid) or (f"Verstoß gegen: {rules[rid].title}" if rid in rules else "") for rid in ordered}
        return options, defaults

    # -- verbs ------------------------------------------------------------------------------------
    def action_decide(self, action: str) -> None:
        targets = self._targets()
        if not targets:
            self.notify(t("notify.no_comment"), severity="warning")  # type: ignore[attr-defined]
            return
        self._decide_flow(action, targets)

    @work(exclusive=True, group="decide")
    async def _decide_flow(self, action: str, targets: list[int]) -> None:
        app = self.cm
        if len(targets) == 1:
            holder = claims.holder(app.reader, targets[0], now=app.now())
            if holder and holder.user != app.user:
                if not await app.push_screen_wait(Confirm(t("modal.takeover", user=one_line(holder.user)))):
                    return
                claims.claim(app.store, targets[0], app.user, now=app.now(), take_over=True,
                             minutes=app.settings.lease_minutes)
        kwargs: dict[str, Any] = {}
        if action in NEEDS_RULE:
            options, defaults = self._rule_options(targets)
            picked: Picked | None = await app.push_screen_wait(
                Picker(t("modal.rule_title"), options, hint=t("modal.rule_hint"), field_label=t("modal.reason"),
                       field_defaults=defaults)
            )
            if picked is None:
                return
            kwargs.update(rules=[picked.id], reason=picked.text or None)
        elif action == "escalate":
            options = [(target, t(f"target.{target}")) for target in triage.ESCALATION_TARGETS]
            picked = await app.push_screen_wait(
                Picker(t("modal.escalate_title"), options, field_label=t("modal.note_title"), filterable=False)
            )
            if picked is None:
                return
            kwargs.update(data={"target": picked.id}, note=picked.text or None)
        elif action == "snooze":
            options = [(c, t(f"snooze.{c}")) for c in triage.SNOOZE_CHOICES]
            picked = await app.push_screen_wait(Picker(t("modal.snooze_title"), options, filterable=False))
            if picked is None:
                return
            kwargs.update(data=triage.snooze_data(picked.id, app.now()))
        if action == "delete" or (len(targets) > 1 and action != "approve"):
            question = (t("modal.confirm_delete", n=len(targets)) if action == "delete"
                        else t("modal.confirm_bulk", action=t(f"action.{action}"), n=len(targets)))
            if not await app.push_screen_wait(Confirm(question)):
                return
        self._run_decision(action, targets, kwargs)

    @work(thread=True, group="write", exit_on_error=False)
    def _run_decision(self, action: str, targets: list[int], kwargs: dict[str, Any]) -> None:
        app = self.cm
        outcome = triage.decide(app.store, app.user, action, targets, now=app.now(), **kwargs)
        app.call_from_thread(self._after_decision, action, outcome)

    def _after_decision(self, action: str, outcome: triage.Outcome) -> None:
        self.queue_view.marks -= set(outcome.done)
        self.queue_view.marks -= {cid for cid, _ in outcome.skipped}
        if outcome.done:
            self.notify(t("notify.done", n=len(outcome.done), action=t(f"action.{action}")), markup=False)  # type: ignore[attr-defined]
        if outcome.skipped:
            self.notify(t("notify.skipped_claimed", n=len(outcome.skipped)), severity="warning", markup=False)  # type: ignore[attr-defined]
        self.refresh_queue()  # type: ignore[attr-defined]

    def action_reply(self) -> None:
        row = self.queue_view.current
        if row is None:
            self.notify(t("notify.no_comment"), severity="warning")  # type: ignore[attr-defined]
            return
        self._reply_flow(row.id)

    @work(exclusive=True, group="decide")
    async def _reply_flow(self, comment_id: int) -> None:
        app = self.cm
        detail = load_detail(app.reader, comment_id)
        if detail is None:
            return
        templates = app.rules.templates
        ranked = [str(tid) for tid, _score in detail.templates if str(tid) in templates]
        order = [*ranked, *(tid for tid in templates if tid not in ranked)]
        scores = {str(tid): score for tid, score in detail.templates}
        options = [
            (tid, f"{'● ' if tid in scores else '  '}{templates[tid].title}  ({tid}{f', {scores[tid]:.0%}' if tid in scores else ''})")
            for tid in order
        ]
        picked = await app.push_screen_wait(Picker(t("modal.reply_title"), options, hint=t("modal.reply_hint")))
        if picked is None:
            return
        values = reply_values(detail.row, detail.findings, app.rules, app.settings, app.now())
        try:
            text = app.rules.render(picked.id, values)
        except Exception as exc:  # a city's template with a placeholder we cannot fill
            self.notify(one_line(str(exc)), severity="error", markup=False)  # type: ignore[attr-defined]
            return
        final = await app.push_screen_wait(ReplyEditor(text))
        if final is None:
            return
        app.copy_to_clipboard(final)
        rules = [str(f["rule_id"]) for f in detail.findings]
        self._run_decision("reply", [comment_id], {"template_id": picked.id, "reply_text": final, "rules": rules})
        self.notify(t("notify.copied"), markup=False)  # type: ignore[attr-defined]

    def action_note(self) -> None:
        targets = self._targets()
        if targets:
            self._note_flow(targets)

    @work(exclusive=True, group="decide")
    async def _note_flow(self, targets: list[int]) -> None:
        text = await self.cm.push_screen_wait(Prompt(t("modal.note_title")))
        if text:
            self._run_decision("note", targets, {"note": text})

    @work(thread=True, group="write", exit_on_error=False)
    def action_undo(self) -> None:
        restored = log.undo_last(self.cm.store, self.cm.user, now=self.cm.now())
        msg = t("notify.undone", n=len(restored)) if restored else t("notify.nothing_to_undo")
        self.cm.call_from_thread(self.notify, msg, markup=False)  # type: ignore[attr-defined]
        self.cm.call_from_thread(self.refresh_queue)  # type: ignore[attr-defined]

    def action_take_over(self) -> None:
        row = self.queue_view.current
        if row is None:
            return
        holder = claims.holder(self.cm.reader, row.id, now=self.cm.now())
        claims.claim(self.cm.store, row.id, self.cm.user, now=self.cm.now(), take_over=True,
                     minutes=self.cm.settings.lease_minutes)
        if holder and holder.user != self.cm.user:
            self.notify(t("notify.taken_over", user=one_line(holder.user)), markup=False)  # type: ignore[attr-defined]
        self.refresh_queue()  # type: ignore[attr-defined]

    @work(exclusive=True, group="decide")
    async def action_search(self) -> None:
        text = await self.cm.push_screen_wait(
            Prompt(t("modal.filter_title"), getattr(self, "query_text", ""), hint=t("modal.filter_hint"))
        )
        if text is not None:
            self.apply_query(text)  # type: ignore[attr-defined]

    @work(exclusive=True, group="decide")
    async def action_views(self) -> None:
        views = self.cm.settings.views
        picked = await self.cm.push_screen_wait(
            Picker(t("modal.views_title"), [(str(i), f"{v.name}  ({v.query})") for i, v in enumerate(views)])
        )
        if picked is not None:
            self.apply_query(views[int(picked.id)].query)  # type: ignore[attr-defined]
