"""The triage verbs of the main screen: collect what a decision needs through modals, then hand
it to :mod:`cm_tui.triage` in a worker. Kept apart from the screen's layout and navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from cm_tui import triage
from cm_tui.replies import cited_rule, reply_values
from cm_tui.safe_text import one_line
from cm_tui.store import claims, log
from cm_tui.store.detail import CommentDetail, load_detail
from cm_tui.strings import t
from cm_tui.ui.screens.modals import Confirm, Picked, Picker, Prompt, ReplyEditor

if TYPE_CHECKING:
    from cm_tui.ui.app import CmApp
    from cm_tui.ui.widgets.queue_view import QueueView



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
        """Each step's modal is pushed inside the key handler (not from a worker), so keys typed
        ahead land in the modal they were meant for."""
        targets = self._targets()
        if not targets:
            self.notify(t("notify.no_comment"), severity="warning")  # type: ignore[attr-defined]
            return
        app = self.cm
        if len(targets) == 1:
            holder = claims.holder(app.reader, targets[0], now=app.now())
            if holder and holder.user != app.user:
                question = t("modal.takeover", user=one_line(holder.user))
                app.push_screen(
                    Confirm(question),
                    lambda ok: self._ask_details(action, targets, {"take_over": True}) if ok else None,
                )
                return
        self._ask_details(action, targets, {})

    def _ask_details(self, action: str, targets: list[int], kwargs: dict[str, Any]) -> None:
        app = self.cm
        if action in log.CITES_RULE:
            options, defaults = self._rule_options(targets)
            picker = Picker(t("modal.rule_title"), options, hint=t("modal.rule_hint"), field_label=t("modal.reason"),
                            field_defaults=defaults)
            app.push_screen(picker, lambda p: self._confirm(action, targets, {**kwargs, "rules": [p.id],
                                                                              "reason": p.text or None}) if p else None)
        elif action == "escalate":
            options = [(target, t(f"target.{target}")) for target in triage.ESCALATION_TARGETS]
            picker = Picker(t("modal.escalate_title"), options, field_label=t("modal.note_title"), filterable=False)
            app.push_screen(picker, lambda p: self._confirm(action, targets, {**kwargs, "data": {"target": p.id},
                                                                              "note": p.text or None}) if p else None)
        elif action == "snooze":
            options = [(c, t(f"snooze.{c}")) for c in triage.SNOOZE_CHOICES]
            picker = Picker(t("modal.snooze_title"), options, filterable=False)
            app.push_screen(picker, lambda p: self._confirm(
                action, targets, {**kwargs, "data": triage.snooze_data(p.id, app.now())}) if p else None)
        else:
            self._confirm(action, targets, kwargs)

    def _confirm(self, action: str, targets: list[int], kwargs: dict[str, Any]) -> None:
        """Destructive and bulk decisions ask once more; the rest go straight to the log."""
        if action == "delete" or (len(targets) > 1 and action != "approve"):
            question = (t("modal.confirm_delete", n=len(targets)) if action == "delete"
                        else t("modal.confirm_bulk", action=t(f"action.{action}"), n=len(targets)))
            self.cm.push_screen(Confirm(question), lambda ok: self._run_decision(action, targets, kwargs) if ok else None)
        else:
            self._run_decision(action, targets, kwargs)

    @work(thread=True, group="write", exit_on_error=False)
    def _run_decision(self, action: str, targets: list[int], kwargs: dict[str, Any]) -> None:
        app = self.cm
        if kwargs.pop("take_over", False):
            claims.claim(app.store, targets[0], app.user, now=app.now(), take_over=True,
                         minutes=app.settings.lease_minutes)
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
        app = self.cm
        detail = load_detail(app.reader, row.id)
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
        picker = Picker(t("modal.reply_title"), options, hint=t("modal.reply_hint"))
        app.push_screen(picker, lambda p: self._edit_reply(detail, p) if p else None)

    def _edit_reply(self, detail: CommentDetail, picked: Picked) -> None:
        app = self.cm
        cited = cited_rule(detail.trail)
        findings = [{"rule_id": cited}, *detail.findings] if cited else detail.findings
        values = reply_values(detail.row, findings, app.rules, app.settings, app.now())
        try:
            text = app.rules.render(picked.id, values)
        except Exception as exc:  # a city's template with a placeholder we cannot fill
            self.notify(one_line(str(exc)), severity="error", markup=False)  # type: ignore[attr-defined]
            return
        app.push_screen(ReplyEditor(text), lambda final: self._send_reply(detail, picked.id, final) if final else None)

    def _send_reply(self, detail: CommentDetail, template_id: str, final: str) -> None:
        """The manager posts the reply on the platform; we copy it (OSC 52) and log what was sent."""
        self.cm.copy_to_clipboard(final)
        rules = [str(f["rule_id"]) for f in detail.findings]
        self._run_decision("reply", [int(detail.row["id"])], {"template_id": template_id, "reply_text": final,
                                                              "rules": rules})
        self.notify(t("notify.copied"), markup=False)  # type: ignore[attr-defined]

    def action_note(self) -> None:
        targets = self._targets()
        if targets:
            self._note_flow(targets)

    def _note_flow(self, targets: list[int]) -> None:
        self.cm.push_screen(Prompt(t("modal.note_title")),
                            lambda text: self._run_decision("note", targets, {"note": text}) if text else None)

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

    def action_search(self) -> None:
        prompt = Prompt(t("modal.filter_title"), getattr(self, "query_text", ""), hint=t("modal.filter_hint"))
        self.cm.push_screen(prompt, lambda text: self.apply_query(text) if text is not None else None)  # type: ignore[attr-defined]

    def action_views(self) -> None:
        views = self.cm.settings.views
        picker = Picker(t("modal.views_title"), [(str(i), f"{v.name}  ({v.query})") for i, v in enumerate(views)])
        self.cm.push_screen(picker, lambda p: self.apply_query(views[int(p.id)].query) if p else None)  # type: ignore[attr-defined]
