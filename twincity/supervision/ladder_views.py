"""Pages of the urging ladder (notices) and of extensions, and the item page's ladder panel."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twincity.accounts.models import Unit, User
from twincity.accounts.policy import Actor, actor_of, is_business_user
from twincity.commitments.models import Item, ItemSide
from twincity.lib import clock
from twincity.reports.excel import Sheet, xlsx_response
from twincity.supervision import extensions as ext_verbs
from twincity.supervision import ladder
from twincity.supervision.ladder_forms import (
    AnswerForm,
    BulletinForm,
    DecisionForm,
    ExtensionFilterForm,
    ExtensionRequestForm,
    NoticeFilterForm,
    NoticeForm,
)
from twincity.supervision.models import Extension, ExtensionStatus, Notice, NoticeKind

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _business(request: HttpRequest) -> Actor:
    """The three administrators have no business pages: they get 404."""
    actor = actor_of(_user(request))
    if not is_business_user(actor):
        raise Http404
    return actor


def _office(request: HttpRequest) -> Actor:
    actor = _business(request)
    if not actor.is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))
    return actor


def _flash(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"{field.label}：" if field is not None and field.label else ""
        for error in errors:
            messages.error(request, f"{prefix}{error}")


def _sides() -> Prefetch:
    return Prefetch("sides", queryset=ItemSide.objects.select_related("party", "lead_unit"))


# --- notices -------------------------------------------------------------------------------------


def _notice_rows(request: HttpRequest, actor: Actor) -> tuple[NoticeFilterForm, QuerySet[Notice]]:
    """The notices filter and the notices it selects (the page and its export)."""
    units = Unit.objects.all() if actor.reads_all else Unit.objects.filter(pk__in=actor.unit_ids)
    form = NoticeFilterForm(request.GET, units=units)
    rows = ladder.visible_notices(_user(request)).select_related("unit", "round", "issued_by")
    rows = form.filter(rows) if form.is_valid() else rows.none()
    items = Prefetch("items", queryset=Item.objects.only("id", "code"))
    return form, rows.prefetch_related(items)


def _answer_state(notice: Notice, today: dt.date) -> str:
    """The notices list's answer column, in words."""
    if notice.answered_at:
        return _("已答复")
    if notice.answer_by and notice.answer_by < today:
        return _("逾期未答复")
    return _("待答复") if notice.answer_by else ""


def _notices_export(rows: QuerySet[Notice]) -> HttpResponse:
    columns = [
        _("文号"),
        _("类型"),
        _("对象单位"),
        _("涉及事项"),
        _("调度轮次"),
        _("发出时间"),
        _("发出方式"),
        _("事由"),
        _("答复期限"),
        _("答复"),
    ]
    today, auto, manual = clock.today(), _("自动"), _("人工")
    lines = (
        [
            n.number,
            n.get_kind_display(),
            str(n.unit),
            "、".join(item.code for item in n.items.all()),
            str(n.round or ""),
            n.issued_at,
            manual if n.issued_by_id else auto,
            n.reason,
            n.answer_by,
            _answer_state(n, today),
        ]
        for n in rows
    )
    return xlsx_response(_("督办文书"), [Sheet(_("督办文书"), columns, lines)])


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    actor = _business(request)
    form, rows = _notice_rows(request, actor)
    if request.GET.get("format") == "xlsx":
        return _notices_export(rows)
    context = {
        "form": form,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_issue": actor.is_office,
        "bulletin_form": BulletinForm() if actor.is_office else None,
        "today": clock.today(),
    }
    return render(request, "supervision/notices.html", context)


def _notice(request: HttpRequest, pk: int) -> Notice:
    items = Item.objects.select_related("list").prefetch_related(_sides())
    rows = ladder.visible_notices(_user(request)).select_related(
        "unit", "round", "issued_by", "answered_by"
    )
    return get_object_or_404(rows.prefetch_related(Prefetch("items", queryset=items)), pk=pk)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _business(request)
    notice = _notice(request, pk)
    may_answer = ladder.may_answer(_user(request), notice) and notice.answered_at is None
    answered = notice.answered_at and timezone.localdate(notice.answered_at)
    context = {
        "notice": notice,
        "rows": ladder.notice_rows(notice),
        "form": AnswerForm() if may_answer else None,
        "today": clock.today(),
        "late_answer": bool(answered and notice.answer_by and answered > notice.answer_by),
    }
    return render(request, "supervision/notice_detail.html", context)


@login_required
@require_POST
def notice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    _business(request)
    notice = _notice(request, pk)
    if not ladder.may_answer(_user(request), notice):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("supervision:notice_detail", pk=pk)
    try:
        ladder.answer_notice(_user(request), notice, form.cleaned_data["answer"])
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("答复已提交。"))
    return redirect("supervision:notice_detail", pk=pk)


@login_required
def notice_create(request: HttpRequest) -> HttpResponse:
    _office(request)
    initial = {"items": request.GET.getlist("item"), "unit": request.GET.get("unit")}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = ladder.issue_notice(
                _user(request),
                data["kind"],
                data["unit"],
                list(data["items"]),
                data["reason"],
                data["answer_by"],
                round=data["round"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已发出%(number)s。") % {"number": notice.number})
            return redirect("supervision:notice_detail", pk=notice.pk)
    return render(request, "supervision/notice_form.html", {"form": form})


@login_required
@require_POST
def bulletin_issue(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = BulletinForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("supervision:notices")
    issued = ladder.list_in_bulletin(form.cleaned_data["round"], _user(request))
    if issued:
        numbers = "、".join(n.number for n in issued)
        messages.success(request, _("已列入通报：%(numbers)s。") % {"numbers": numbers})
    else:
        messages.info(request, _("没有需要列入通报的单位。"))
    return redirect(f"{reverse('supervision:notices')}?kind={NoticeKind.BULLETIN}")


# --- extensions ----------------------------------------------------------------------------------


def _extension_rows(request: HttpRequest) -> tuple[ExtensionFilterForm, QuerySet[Extension]]:
    """The extensions filter and the extensions it selects, pending first."""
    form = ExtensionFilterForm(request.GET)
    rows = ext_verbs.visible_extensions(_user(request)).select_related(
        "item__list", "party", "requested_by", "decided_by"
    )
    if form.is_valid() and form.cleaned_data["status"]:
        rows = rows.filter(status=form.cleaned_data["status"])
    elif not form.is_valid():
        rows = rows.none()
    return form, ext_verbs.pending_first(rows)


def _extensions_export(rows: QuerySet[Extension]) -> HttpResponse:
    columns = [
        _("编号"),
        _("事项名称"),
        _("参与方"),
        _("原完成时限"),
        _("申请完成时限"),
        _("延期理由"),
        _("申请人"),
        _("申请时间"),
        _("状态"),
        _("审批意见"),
        _("审批人"),
        _("审批时间"),
    ]
    lines = (
        [
            e.item.code,
            e.item.title,
            str(e.party),
            e.old_deadline,
            e.new_deadline,
            e.reason,
            str(e.requested_by),
            e.requested_at,
            e.get_status_display(),
            e.decision_reason,
            str(e.decided_by or ""),
            e.decided_at,
        ]
        for e in rows
    )
    return xlsx_response(_("延期申请"), [Sheet(_("延期申请"), columns, lines)])


@login_required
def extensions(request: HttpRequest) -> HttpResponse:
    actor = _business(request)
    form, rows = _extension_rows(request)
    if request.GET.get("format") == "xlsx":
        return _extensions_export(rows)
    context = {
        "form": form,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_decide": actor.is_office,
        "pending": ExtensionStatus.PENDING,
    }
    return render(request, "supervision/extensions.html", context)


def _item(request: HttpRequest, pk: int) -> Item:
    items = Item.objects.visible_to(_user(request)).prefetch_related(_sides())
    return get_object_or_404(items, pk=pk)


def _to_item(pk: int) -> HttpResponse:
    return redirect(f"{reverse('commitments:item_detail', args=[pk])}#item-ladder")


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    _business(request)
    item = _item(request, pk)
    sides = ext_verbs.requestable_sides(_user(request), item)
    if not sides:
        raise PermissionDenied
    form = ExtensionRequestForm(request.POST, sides=sides)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_item(pk)
    data = form.cleaned_data
    try:
        ext_verbs.request_extension(
            _user(request), item, form.chosen_party(), data["new_deadline"], data["reason"]
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("延期申请已提交，等待联合办公室审批。"))
    return _to_item(pk)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("approve", "refuse"):
        raise Http404
    _business(request)
    ext = get_object_or_404(ext_verbs.visible_extensions(_user(request)), pk=pk)
    _office(request)
    form = DecisionForm(request.POST)
    form.is_valid()  # both fields are optional; the verb says when a reason is missing
    data = form.cleaned_data
    try:
        ext_verbs.decide_extension(
            _user(request), ext, decision == "approve", data.get("reason", "")
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        done = _("已同意延期。") if decision == "approve" else _("已不同意延期。")
        messages.success(request, done)
    if data.get("back") == "list":
        return redirect("supervision:extensions")
    return _to_item(ext.item_id)


# --- the item page's panel -----------------------------------------------------------------------


def _notice_url(pk: int) -> str:
    return reverse("supervision:notice_detail", args=[pk])  # cheaper than {% url %} in a loop


def _name_people(extensions: list[Extension]) -> None:
    """Who asked for and who decided the extensions, in one query, none when there are none
    (the usual case): joining the users twice costs more than the extensions query itself."""
    ids = {e.requested_by_id for e in extensions} | {e.decided_by_id for e in extensions}
    people = User.objects.in_bulk(ids - {None})
    for ext in extensions:
        ext.requested_by = people[ext.requested_by_id]
        if ext.decided_by_id is not None:
            ext.decided_by = people[ext.decided_by_id]


def item_panel(user: User, item: Item) -> dict[str, Any]:
    """The item's ladder history and extensions, with the forms this user may use."""
    # Each of these notices names the item: the sources a bulletin's persistence needs.
    notices = list(
        ladder.visible_notices(user)
        .filter(items=item)
        .select_related("unit")
        .order_by("issued_at", "id")
    )
    facts = ladder.load_facts([item], ladder.cause_rounds(notices))
    rows: list[Extension] = list(
        item.extensions.select_related("party").order_by("requested_at", "id")
    )
    _name_people(rows)
    pending = any(e.status == ExtensionStatus.PENDING for e in rows)
    sides = ext_verbs.requestable_sides(user, item)
    may_request = ext_verbs.may_request(user, item) and not pending
    return {
        "ladder": [
            (n, ladder.persists(n, item.pk, facts, notices), _notice_url(n.pk)) for n in notices
        ],
        "extensions": rows,
        "pending": ExtensionStatus.PENDING,
        "request_form": ExtensionRequestForm(sides=sides) if may_request else None,
        "can_decide": actor_of(user).is_office,
        "can_issue": actor_of(user).is_office and not item.is_final,
    }
