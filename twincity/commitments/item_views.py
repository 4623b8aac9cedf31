"""One item's page: sides, milestones, timeline, and every action taken from it."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from twincity.accounts.models import Party, Role, User
from twincity.accounts.policy import Actor, actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments import files, workflow
from twincity.commitments.item_forms import (
    ActionForm,
    AttachmentForm,
    CommentForm,
    MilestoneForm,
    ReportActionForm,
    ReportForm,
)
from twincity.commitments.models import (
    Attachment,
    Comment,
    Item,
    ItemSide,
    Milestone,
    ProgressReport,
    ReportStatus,
    Result,
    Transition,
)
from twincity.lib import clock
from twincity.lib.htmx import is_fragment_request, render_page

ACTION_LABELS = {
    "create": gettext_lazy("创建"),
    "assign": gettext_lazy("交办"),
    "sign": gettext_lazy("签收"),
    "report": gettext_lazy("报送进展"),
    "request_closure": gettext_lazy("申请销号"),
    "close": gettext_lazy("销号"),
    "return": gettext_lazy("退回"),
    "suspend": gettext_lazy("暂停"),
    "resume": gettext_lazy("恢复"),
    "cancel": gettext_lazy("撤销"),
    "agree": gettext_lazy("共同商定"),
    "submit": gettext_lazy("报送中央"),
    "answer": gettext_lazy("答复"),
    "extend": gettext_lazy("延期"),
}
REPORT_LABELS = {
    "approve": gettext_lazy("审核通过"),
    "accept": gettext_lazy("采纳"),
    "return": gettext_lazy("退回"),
}

# Verbs that take an optional or required text: the office's decisions.
REASON_VERBS: dict[str, Callable[..., Item]] = {
    "close": workflow.close,
    "return": workflow.return_item,
    "suspend": workflow.suspend,
    "resume": workflow.resume,
    "cancel": workflow.cancel,
    "agree": workflow.agree,
    "submit": workflow.submit_need,
}
OFFICE_VERBS = frozenset({"assign", "answer", *REASON_VERBS})
SIDE_VERBS = frozenset({"sign", "request_closure"})

# The panel: each verb's form shape, reason label and button colour, in display order.
PANEL: list[tuple[str, str, Any, str]] = [
    ("assign", "plain", "", "primary"),
    ("sign", "plain", "", "primary"),
    ("request_closure", "closure", gettext_lazy("销号说明（成果及佐证）"), "success"),
    ("agree", "reason", gettext_lazy("说明"), "primary"),
    ("submit", "reason", gettext_lazy("说明"), "primary"),
    ("answer", "answer", gettext_lazy("答复内容"), "primary"),
    ("close", "reason", gettext_lazy("核实意见"), "success"),
    ("return", "reason", gettext_lazy("退回原因"), "warning"),
    ("resume", "reason", gettext_lazy("说明"), "secondary"),
    ("suspend", "reason", gettext_lazy("暂停原因"), "secondary"),
    ("cancel", "reason", gettext_lazy("撤销原因"), "danger"),
]
REQUIRED_REASON = frozenset({"return", "suspend", "cancel"})
TIMELINE_ORDER = {"attachment": 0, "transition": 1, "report": 2, "comment": 3}
# Who each kind of timeline entry names, and who a side names.
PEOPLE = {
    "transition": ("actor",),
    "report": ("submitted_by", "approved_by", "accepted_by"),
    "comment": ("author",),
    "attachment": ("uploaded_by",),
}
SIDE_PEOPLE = ("signed_by", "closure_requested_by")
TIMELINE_PAGE = 20  # entries per page of the timeline; older ones load on demand


# --- look-ups --------------------------------------------------------------------------------


def _sides() -> Prefetch:
    """The sides with their party and unit; the page names their people (name_people)."""
    return Prefetch("sides", queryset=ItemSide.objects.select_related("party", "lead_unit"))


def _item(request: HttpRequest, pk: int) -> Item:
    """The item if the user may see it (else 404), with its sides."""
    items = Item.objects.visible_to(request.user).select_related("list")  # type: ignore[arg-type]
    return get_object_or_404(items.prefetch_related(_sides()), pk=pk)


def _page_item(request: HttpRequest, pk: int) -> Item:
    """The item with what its page reads more than once or row by row.

    Its milestones, results and cooperating units are read once each, by the templates, and
    its attachments by the timeline: a query apiece either way, and a plain one costs less
    than a prefetch.
    """
    items = (
        Item.objects.visible_to(request.user)  # type: ignore[arg-type]
        .select_related("list", "working_group", "target_unit", "source_decision__meeting__series")
        .prefetch_related(_sides())
    )
    return get_object_or_404(items, pk=pk)


def _reports(request: HttpRequest) -> QuerySet[ProgressReport]:
    visible = Item.objects.visible_to(request.user)  # type: ignore[arg-type]
    return ProgressReport.objects.filter(item__in=visible).select_related("item", "unit")


def _attachments(user: User) -> QuerySet[Attachment]:
    """Attachments whose item, report or result the user may see."""
    items = Item.objects.visible_to(user)
    return Attachment.objects.filter(
        Q(item__in=items)
        | Q(report__item__in=items)
        | Q(result__in=Result.objects.visible_to(user))
    )


def _closure_results(user: User, item: Item) -> QuerySet[Result]:
    """Results a closure request may name: the item's own, or ones this user recorded."""
    return Result.objects.visible_to(user).filter(Q(items=item) | Q(created_by=user)).distinct()


def _led_sides(actor: Actor, item: Item) -> list[ItemSide]:
    units = actor.units_for(Role.LIAISON)
    return [side for side in item.sides.all() if side.lead_unit_id in units]


def _own_party(user: User, item: Item, pending: str) -> Party | None:
    """The user's first side still waiting for this step (signature or closure request)."""
    for side in _led_sides(actor_of(user), item):
        if getattr(side, pending) is None:
            return side.party
    return None


def _may_try(user: User, item: Item, action: str) -> bool:
    """Allowed now, or allowed to this role in another state (the verb then says why not)."""
    if action in workflow.allowed_actions(user, item):
        return True
    actor = actor_of(user)
    return bool(_led_sides(actor, item)) if action in SIDE_VERBS else actor.is_office


def _may_upload(actor: Actor, item: Item) -> bool:
    return actor.is_office or bool(_led_sides(actor, item))


def report_actions(actor: Actor, report: ProgressReport) -> frozenset[str]:
    """What this user may do with the report now (for its buttons)."""
    if report.status == ReportStatus.SUBMITTED and report.unit_id in actor.units_for(Role.HEAD):
        return frozenset({"approve", "return"})
    if report.status == ReportStatus.APPROVED and actor.is_office:
        return frozenset({"accept", "return"})
    return frozenset()


def _may_try_report(actor: Actor, report: ProgressReport, action: str) -> bool:
    head = report.unit_id in actor.units_for(Role.HEAD)
    return {"approve": head, "accept": actor.is_office, "return": head or actor.is_office}[action]


# --- the page ----------------------------------------------------------------------------------


# A cursor names the oldest entry shown: (time, kind's order, pk), the timeline's sort key.
Cursor = tuple[dt.datetime, int, int]
CURSOR_RE = re.compile(r"(\d{1,18})-([0-3])-(\d{1,18})")  # 18 digits fit a 64-bit integer
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
PK_MARK = 987654321987654321  # stands for the pk in a URL reversed once


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    at: dt.datetime
    kind: str
    label: str
    obj: Any
    actions: frozenset[str] = frozenset()
    url: str = ""  # the report's page or the upload's download
    files: tuple[Attachment, ...] = ()  # a report's attachments

    @property
    def key(self) -> Cursor:
        return (self.at, TIMELINE_ORDER[self.kind], self.obj.pk)

    @property
    def cursor(self) -> str:
        """The key as a URL parameter: microseconds since the epoch, kind's order, pk."""
        return f"{(self.at - EPOCH) // MICROSECOND}-{TIMELINE_ORDER[self.kind]}-{self.obj.pk}"


@dataclass(frozen=True)
class Timeline:
    """One page of the timeline, oldest first, whether older entries remain, and all the
    item's own attachments (its attachments card)."""

    entries: list[Entry]
    more: bool
    uploads: list[Attachment]

    @property
    def cursor(self) -> str:
        return self.entries[0].cursor if self.entries else ""


def parse_cursor(value: str | None) -> Cursor | None:
    """A `before` parameter back into a key; None when absent, 404 when malformed."""
    if not value:
        return None
    match = CURSOR_RE.fullmatch(value)
    if match is None:
        raise Http404
    micros, order, pk = (int(part) for part in match.groups())
    try:
        return (EPOCH + micros * MICROSECOND, order, pk)
    except OverflowError as exc:
        raise Http404 from exc


def _older(rows: QuerySet[Any], field: str, kind: str, before: Cursor | None) -> list[Any]:
    """One kind's rows that sort before the cursor, newest first, one more than a page."""
    if before is not None:
        at, order, pk = before
        own = TIMELINE_ORDER[kind]
        earlier = Q(**{f"{field}__lt": at})
        if own < order:  # at the same time, a kind that sorts first comes before the cursor
            earlier |= Q(**{field: at})
        elif own == order:
            earlier |= Q(**{field: at}, pk__lt=pk)
        rows = rows.filter(earlier)
    return list(rows.order_by(f"-{field}", "-pk")[: TIMELINE_PAGE + 1])


def _linker(name: str) -> Callable[[int], str]:
    """pk -> URL of a commitments page, with one reverse() for the whole timeline."""
    head, _mark, tail = reverse(f"commitments:{name}", args=[PK_MARK]).partition(str(PK_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def timeline(item: Item, actor: Actor, before: Cursor | None = None) -> Timeline:
    """The latest page of transitions, reports, comments and uploads before the cursor.

    Four queries however long the history: one per kind, and the attachments (the item's
    own and the shown reports'). The caller names their people (name_people).
    """
    # A report's own entry says more than its "report" transition, so that one is left out.
    transitions = Transition.objects.filter(item=item).exclude(action="report")
    rows = ProgressReport.objects.filter(item=item).select_related("party", "unit")
    reports = _older(rows, "submitted_at", "report", before)
    uploads, files = _attachments_of(item, reports)
    page_of, download_url = _linker("report_detail"), _linker("attachment_download")
    label = str(ACTION_LABELS["report"])
    entries = [
        Entry(t.at, "transition", str(ACTION_LABELS.get(t.action, t.action)), t)
        for t in _older(transitions.select_related("party"), "at", "transition", before)
    ]
    entries += [
        Entry(
            r.submitted_at, "report", label, r, report_actions(actor, r), page_of(r.pk), files[r.pk]
        )
        for r in reports
    ]
    entries += [
        Entry(c.at, "comment", _("领导批示") if c.is_instruction else _("评论"), c)
        for c in _older(Comment.objects.filter(item=item), "at", "comment", before)
    ]
    # All the item's uploads are read (its card lists them): the cursor applies here.
    uploaded = (
        Entry(a.uploaded_at, "attachment", _("上传附件"), a, url=download_url(a.pk))
        for a in uploads
    )
    entries += [e for e in uploaded if before is None or e.key < before]
    entries.sort(key=lambda e: e.key, reverse=True)
    shown = entries[:TIMELINE_PAGE][::-1]
    return Timeline(shown, more=len(entries) > TIMELINE_PAGE, uploads=uploads)


def _attachments_of(
    item: Item, reports: list[ProgressReport]
) -> tuple[list[Attachment], defaultdict[int, tuple[Attachment, ...]]]:
    """The item's own attachments and the reports' (by report), oldest first, in one query."""
    uploads: list[Attachment] = []
    files: defaultdict[int, tuple[Attachment, ...]] = defaultdict(tuple)
    rows = Attachment.objects.filter(Q(item=item) | Q(report__in=reports))
    for row in rows.order_by("uploaded_at", "pk"):
        if row.item_id == item.pk:
            uploads.append(row)
        if row.report_id is not None:
            files[row.report_id] += (row,)
    return uploads, files


def name_people(history: Timeline, sides: Iterable[ItemSide] = ()) -> None:
    """Everyone the page names (the timeline's entries, the item's uploads and its sides'
    signers) in one query: joining the users once per role costs more."""
    named = [(e.obj, PEOPLE[e.kind]) for e in history.entries]
    named += [(a, PEOPLE["attachment"]) for a in history.uploads]
    named += [(side, SIDE_PEOPLE) for side in sides]
    ids = {getattr(row, f"{role}_id") for row, roles in named for role in roles}
    people = User.objects.in_bulk(ids - {None})
    for row, roles in named:
        for role in roles:
            if (person := getattr(row, f"{role}_id")) is not None:
                setattr(row, role, people[person])


def _panel(allowed: set[str]) -> list[dict[str, Any]]:
    return [
        {
            "action": name,
            "label": ACTION_LABELS[name],
            "shape": shape,
            "reason_label": label,
            "required": name in REQUIRED_REASON,
            "colour": colour,
        }
        for name, shape, label, colour in PANEL
        if name in allowed
    ]


def page_context(request: HttpRequest, item: Item, before: Cursor | None = None) -> dict[str, Any]:
    user, actor = request.user, actor_of(request.user)
    allowed = workflow.allowed_actions(user, item)  # type: ignore[arg-type]
    closing = "request_closure" in allowed
    history = timeline(item, actor, before)
    name_people(history, item.sides.all())
    return {
        "item": item,
        "actor": actor,
        "overdue": item.is_overdue(),
        "allowed": allowed,
        "panel": _panel(allowed),
        "answers": ActionForm.base_fields["answer"].choices,  # type: ignore[attr-defined]
        "closure_results": list(_closure_results(user, item)) if closing else [],  # type: ignore[arg-type]
        "timeline": history,
        "attachments": history.uploads,
        "paged": before is not None,
        "today": clock.today(),
        "can_upload": _may_upload(actor, item) and not item.is_final,
        "can_edit_milestones": actor.is_office and not item.is_final,
        "fragment": is_fragment_request(request),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The item page; `?before=` pages back through the timeline (as a fragment for HTMX)."""
    before = parse_cursor(request.GET.get("before"))
    if before is not None and is_fragment_request(request):
        return _earlier(request, pk, before)
    item = _page_item(request, pk)
    return render_page(
        request,
        "commitments/item_detail.html",
        "commitments/_item_body.html",
        page_context(request, item, before),
    )


def _earlier(request: HttpRequest, pk: int, before: Cursor) -> HttpResponse:
    """The timeline entries before the cursor, for the "load earlier" button to insert."""
    item = get_object_or_404(Item.objects.visible_to(request.user), pk=pk)  # type: ignore[arg-type]
    entries = timeline(item, actor_of(request.user), before)
    name_people(entries)
    context = {"item": item, "timeline": entries, "loaded": True}
    response = render(request, "commitments/_item_timeline_entries.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the item page; an HTMX request gets the re-rendered page body instead."""
    if is_fragment_request(request):
        item = _page_item(request, pk)
        return render(request, "commitments/_item_body.html", page_context(request, item))
    return redirect("commitments:item_detail", pk=pk)


def _tried(request: HttpRequest, write: Callable[[], Any]) -> bool:
    """Run a workflow write; on refusal show its reason and say so."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    return True


def _flash_errors(request: HttpRequest, form: Form) -> None:
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"{field.label}：" if field is not None and name != "version" else ""
        for error in errors:
            messages.error(request, f"{prefix}{error}")


# --- workflow actions --------------------------------------------------------------------------


@login_required
@require_POST
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in OFFICE_VERBS | SIDE_VERBS:
        raise Http404
    item = _item(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if not _may_try(user, item, action):
        raise PermissionDenied
    results = _closure_results(user, item) if action == "request_closure" else None
    form = ActionForm(request.POST, request.FILES, results=results)
    if not form.is_valid():
        _flash_errors(request, form)
        return _back(request, pk)
    try:
        _run(user, item, action, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已完成“%(action)s”。") % {"action": ACTION_LABELS[action]})
    return _back(request, pk)


def _run(user: User, item: Item, action: str, data: dict[str, Any]) -> None:
    version = data["version"]
    if action == "assign":
        workflow.assign(user, item, expected_version=version)
    elif action == "sign":
        party = _own_party(user, item, "signed_at")
        workflow.sign(user, item, party=party, expected_version=version)
    elif action == "request_closure":
        _request_closure(user, item, data)
    elif action == "answer":
        workflow.record_answer(
            user, item, data["answer"], data["answer_text"], expected_version=version
        )
    else:
        REASON_VERBS[action](user, item, data["reason"], expected_version=version)


def _request_closure(user: User, item: Item, data: dict[str, Any]) -> None:
    """Store the evidence first so that the verb's evidence check sees it; all or nothing."""
    saved: list[Attachment] = []
    try:
        with transaction.atomic():
            if data.get("evidence"):
                saved.append(files.save_attachment(data["evidence"], user, item=item))
            workflow.request_closure(
                user,
                item,
                data["note"],
                party=_own_party(user, item, "closure_requested_at"),
                result=data.get("result"),
                expected_version=data["version"],
            )
    except ValidationError:
        _discard(saved)
        raise


def _discard(saved: list[Attachment]) -> None:
    """Remove files whose rows were rolled back."""
    for attachment in saved:
        attachment.file.delete(save=False)


# --- progress reports --------------------------------------------------------------------------


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if "report" not in workflow.allowed_actions(user, item):
        raise PermissionDenied
    sides = _led_sides(actor_of(user), item)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ReportForm(*data, sides=sides)
    if form.is_bound and form.is_valid():
        try:
            _submit_report(user, item, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("进展反馈已报送。"))
            return redirect("commitments:item_detail", pk=pk)
    return render(request, "commitments/report_form.html", {"item": item, "form": form})


def _submit_report(user: User, item: Item, form: ReportForm) -> ProgressReport:
    saved: list[Attachment] = []
    try:
        with transaction.atomic():
            party = form.cleaned_data.get("party")
            report = workflow.submit_report(user, item, form.report_data(), party=party)
            for upload in form.cleaned_data["attachments"]:
                saved.append(files.save_attachment(upload, user, report=report))
    except ValidationError:
        _discard(saved)
        raise
    return report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reports = _reports(request).select_related(
        "item__list", "party", "submitted_by", "approved_by", "accepted_by"
    )
    report = get_object_or_404(reports.prefetch_related("attachments"), pk=pk)
    context = {
        "report": report,
        "item": report.item,
        "actions": report_actions(actor_of(request.user), report),
    }
    return render(request, "commitments/report_detail.html", context)


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in REPORT_LABELS:
        raise Http404
    report = get_object_or_404(_reports(request), pk=pk)
    user: User = request.user  # type: ignore[assignment]
    if report.is_locked or not _may_try_report(actor_of(user), report, action):
        raise PermissionDenied
    form = ReportActionForm(request.POST)
    if form.is_valid():
        try:
            _run_report(user, report, action, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("进展反馈已%(action)s。") % {"action": REPORT_LABELS[action]}
            )
    else:
        _flash_errors(request, form)
    if form.is_valid() and form.cleaned_data["back"] == "report":
        return redirect("commitments:report_detail", pk=pk)
    return _back(request, report.item_id)


def _run_report(user: User, report: ProgressReport, action: str, data: dict[str, Any]) -> None:
    version = data["version"]
    if action == "approve":
        workflow.approve_report(user, report, expected_version=version)
    elif action == "accept":
        workflow.accept_report(user, report, expected_version=version)
    else:
        workflow.return_report(user, report, data["reason"], expected_version=version)


# --- comments, attachments, milestones ---------------------------------------------------------


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return _back(request, pk)
    user: User = request.user  # type: ignore[assignment]
    is_instruction = actor_of(user).has(Role.LEADER)
    with transaction.atomic():
        row = Comment.objects.create(
            item=item,
            author=user,
            text=form.cleaned_data["text"],
            is_instruction=is_instruction,
        )
        record("comment.create", actor=request.user, target=row, after=snapshot(row))
    messages.success(request, _("领导批示已发布。") if is_instruction else _("评论已发布。"))
    return _back(request, pk)


@login_required
@require_POST
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if not _may_upload(actor_of(request.user), item):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if item.is_final:
        messages.error(request, _("已销号或已撤销的事项不能再上传附件。"))
    elif form.is_valid():
        with transaction.atomic():
            files.save_attachment(form.cleaned_data["file"], request.user, item=item)
        messages.success(request, _("附件已上传。"))
    else:
        _flash_errors(request, form)
    return _back(request, pk)


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    row = get_object_or_404(_attachments(request.user), pk=pk)  # type: ignore[arg-type]
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=row.name)


def _require_office(request: HttpRequest) -> None:
    if not actor_of(request.user).is_office:
        raise PermissionDenied


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _require_office(request)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
    elif _tried(request, lambda: workflow.add_milestone(request.user, item, form.cleaned_data)):  # type: ignore[arg-type]
        messages.success(request, _("节点已添加。"))
    return _back(request, pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    visible = Item.objects.visible_to(request.user)  # type: ignore[arg-type]
    row = get_object_or_404(
        Milestone.objects.filter(item__in=visible).select_related("item"), pk=pk
    )
    _require_office(request)
    if _tried(request, lambda: workflow.finish_milestone(request.user, row)):  # type: ignore[arg-type]
        messages.success(request, _("节点已标记完成。"))
    return _back(request, row.item_id)
