"""Lists and their versions, the items table, item forms, and work results."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from twincity.accounts.models import Party, Role, User
from twincity.accounts.policy import Actor, actor_of
from twincity.audit.log import record, snapshot
from twincity.commitments import versions, workflow
from twincity.commitments.files import save_attachment
from twincity.commitments.forms import (
    SORT_FIELDS,
    CompareForm,
    FigureFormSet,
    ItemFilterForm,
    ItemForm,
    ItemPrefillForm,
    ListFilterForm,
    ListForm,
    ResultFilterForm,
    ResultForm,
    VersionForm,
    per_generation,
)
from twincity.commitments.models import (
    OPEN_STATES,
    Item,
    ItemList,
    ItemState,
    ListKind,
    ListVersion,
    Result,
    ResultFigure,
)
from twincity.imports import exports
from twincity.lib import clock
from twincity.lib.htmx import is_fragment_request, render_page

PAGE_SIZE = 25
LISTS_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here requires login)."""
    return cast(User, request.user)


def _office(request: HttpRequest) -> Actor:
    actor = actor_of(_user(request))
    if not actor.is_office:
        raise PermissionDenied(_("只有联合办公室可以执行此操作。"))
    return actor


def _page(request: HttpRequest, rows: QuerySet[Any], size: int = PAGE_SIZE) -> Any:
    return Paginator(rows, size).get_page(request.GET.get("page"))


# --- lists -------------------------------------------------------------------------------------


def _lists_with_counts(user: User) -> QuerySet[ItemList]:
    """Visible lists with their (visible) items counted by state, in one query."""
    seen = Q() if actor_of(user).reads_all else Q(items__in=Item.objects.visible_to(user))
    counts: dict[str, Any] = {
        f"n_{state}": Count("items", filter=seen & Q(items__state=state)) for state in ItemState
    }
    overdue = Q(items__state__in=OPEN_STATES, items__deadline__lt=clock.today())
    kind_order = Case(
        *(When(kind=k, then=Value(i)) for i, k in enumerate(ListKind.values)),
        default=Value(len(ListKind.values)),
        output_field=IntegerField(),
    )
    return (
        ItemList.objects.visible_to(user)
        .select_related("source_meeting__series")
        .annotate(
            n_total=Count("items", filter=seen),
            n_overdue=Count("items", filter=seen & overdue),
            kind_order=kind_order,
            **counts,
        )
        .order_by("kind_order", "-created_at", "-id")
    )


def _lists_xlsx(rows: QuerySet[ItemList]) -> HttpResponse:
    """The lists as filtered, with their items counted by state (the page's numbers)."""
    states = list(ItemState)
    columns = [_("清单名称"), _("清单类型"), _("期间"), _("来源会议"), _("来源文件"), _("事项数")]
    columns += [str(s.label) for s in states] + [_("逾期")]
    table = [
        [
            lst.name,
            lst.get_kind_display(),
            lst.period,
            str(lst.source_meeting) if lst.source_meeting else "",
            lst.source_document,
            lst.n_total,  # type: ignore[attr-defined]
            *(getattr(lst, f"n_{s.value}") for s in states),
            lst.n_overdue,  # type: ignore[attr-defined]
        ]
        for lst in rows
    ]
    return exports.table_response(_("清单"), columns, table)


def _state_counts(item_list: ItemList) -> list[tuple[str, str, int]]:
    rows = [(s.value, str(s.label), getattr(item_list, f"n_{s.value}")) for s in ItemState]
    return [row for row in rows if row[2]]


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET)
    rows = _lists_with_counts(_user(request))
    if form.is_valid() and form.cleaned_data["kind"]:
        rows = rows.filter(kind=form.cleaned_data["kind"])
    if exports.wants_xlsx(request):
        return _lists_xlsx(rows)
    page = _page(request, rows, LISTS_PAGE_SIZE)
    for item_list in page:
        item_list.state_counts = _state_counts(item_list)
    context = {"form": form, "page": page, "can_edit": actor_of(_user(request)).is_office}
    return render(request, "commitments/lists.html", context)


@login_required
def list_create(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = ListForm(request.POST or None, user=_user(request))
    if request.method == "POST" and form.is_valid():
        item_list = form.save()
        workflow.audit_model_change(_user(request), "list.create", item_list, None)
        messages.success(request, _("清单已创建。"))
        return redirect("commitments:list_detail", item_list.pk)
    return render(request, "commitments/list_form.html", {"form": form, "item_list": None})


@login_required
def list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item_list = get_object_or_404(ItemList.objects.visible_to(_user(request)), pk=pk)
    _office(request)
    before, heading = snapshot(item_list), str(item_list)
    form = ListForm(request.POST or None, instance=item_list, user=_user(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        workflow.audit_model_change(_user(request), "list.update", item_list, before)
        messages.success(request, _("清单已保存。"))
        return redirect("commitments:list_detail", item_list.pk)
    context = {"form": form, "item_list": item_list, "heading": heading}
    return render(request, "commitments/list_form.html", context)


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item_list = get_object_or_404(
        ItemList.objects.visible_to(_user(request)).select_related("source_meeting__series"), pk=pk
    )
    if exports.wants_xlsx(request):
        rows = filtered_items(request, item_list)[1]
        return exports.register_response("items", rows, item_list)
    context = _items_table(request, item_list) | {
        "item_list": item_list,
        "versions": item_list.versions.select_related("created_by", "approved_at_meeting__series")
        .annotate(n_entries=Count("entries"))
        .order_by("-number"),
        "can_edit": actor_of(_user(request)).is_office,
    }
    return render_page(
        request, "commitments/list_detail.html", "commitments/_items_table.html", context
    )


@login_required
def list_version_create(request: HttpRequest, pk: int) -> HttpResponse:
    item_list = get_object_or_404(ItemList.objects.visible_to(_user(request)), pk=pk)
    _office(request)
    form = VersionForm(request.POST or None, user=_user(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = versions.snapshot_version(
            _user(request), item_list, data["note"], data["meeting"]
        )
        messages.success(request, _("已生成第 %(n)d 版。") % {"n": version.number})
        return redirect("commitments:list_detail", item_list.pk)
    context = {"form": form, "item_list": item_list}
    return render(request, "commitments/list_version_form.html", context)


@login_required
def list_compare(request: HttpRequest) -> HttpResponse:
    form = CompareForm(request.GET)
    if not form.is_valid():
        return render(request, "commitments/list_compare.html", {"form": form}, status=400)
    visible = ListVersion.objects.filter(list__in=ItemList.objects.visible_to(_user(request)))
    visible = visible.select_related("list", "approved_at_meeting__series")
    v_a = get_object_or_404(visible, pk=form.cleaned_data["a"])
    v_b = get_object_or_404(visible, pk=form.cleaned_data["b"])
    if v_a.list_id != v_b.list_id:
        form.add_error(None, _("只能比较同一清单的两个版本。"))
        return render(request, "commitments/list_compare.html", {"form": form}, status=400)
    comparison = versions.compare(v_a, v_b)
    if not actor_of(_user(request)).reads_all:
        codes = Item.objects.visible_to(_user(request)).filter(list=v_a.list_id)
        comparison = comparison.restricted_to(set(codes.values_list("code", flat=True)))
    labels = versions.field_labels(Party.objects.all())
    context = {
        "form": form,
        "a": v_a,
        "b": v_b,
        "item_list": v_a.list,
        "rows": versions.present(comparison, labels),
        "same": comparison.is_empty,
    }
    return render(request, "commitments/list_compare.html", context)


# --- the items table ---------------------------------------------------------------------------


def _sort_links(current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the sort its header link sets, and the arrow it shows."""
    links = {}
    for name in SORT_FIELDS:
        arrow = "▲" if current == name else "▼" if current == f"-{name}" else ""
        links[name] = {"next": f"-{name}" if current == name else name, "arrow": arrow}
    return links


def filtered_items(
    request: HttpRequest, item_list: ItemList | None = None
) -> tuple[ItemFilterForm, QuerySet[Item]]:
    """The items table's filter form and its rows: the visible items (of one list), filtered
    and ordered (pages and exports)."""
    form = ItemFilterForm(request.GET, user=_user(request), fixed_list=item_list is not None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    narrowed = bool(data.get("state") or data.get("due"))  # through an index on items
    rows = Item.objects.visible_to(_user(request), narrowed=narrowed)
    if item_list is not None:
        rows = rows.filter(list=item_list)
    return form, form.ordered(form.filter(rows.for_table()))


class _ItemsPaginator(Paginator):
    """The total is counted once per data generation (lib/figcache.py), and a page sorts bare
    ids before it reads its 25 rows with their joins."""

    @cached_property
    def count(self) -> int:
        rows = cast(QuerySet[Item], self.object_list).order_by().values("pk")  # any sort
        return per_generation("items.count", rows, QuerySet.count)

    def _get_page(self, rows: QuerySet[Item], number: int, paginator: Paginator) -> Page:
        ids = list(rows.values_list("pk", flat=True))
        by_id = Item.objects.for_table().in_bulk(ids)  # type: ignore[attr-defined]
        items = [by_id[pk] for pk in ids]
        labels = {value: str(label) for value, label in ItemState.choices}
        for item in items:  # get_state_display() would translate every choice for each row
            item.state_label = labels.get(item.state, item.state)  # type: ignore[attr-defined]
        return Page(items, number, paginator)


def _items_table(request: HttpRequest, item_list: ItemList | None = None) -> dict:
    form, filtered = filtered_items(request, item_list)
    page = _ItemsPaginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "sort": form.sort_key,
        "sorts": _sort_links(form.sort_key),
        "fragment": is_fragment_request(request),
    }


@login_required
def items(request: HttpRequest) -> HttpResponse:
    if exports.wants_xlsx(request):
        return exports.register_response("items", filtered_items(request)[1])
    context = _items_table(request)
    context["can_create"] = actor_of(_user(request)).is_office
    return render_page(request, "commitments/items.html", "commitments/_items_table.html", context)


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    _office(request)
    parties = list(Party.objects.all())
    if request.method != "POST":
        initial = ItemPrefillForm(request.GET).prefill()
        form = ItemForm(initial=initial, parties=parties)
        return render(request, "commitments/item_form.html", {"form": form, "item": None})
    form = ItemForm(request.POST, parties=parties)
    if form.is_valid():
        leads = {party: unit for party, unit in form.leads().items() if unit is not None}
        try:
            item = workflow.create_item(
                _user(request), form.cleaned_data["list"], form.item_data(), leads
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("事项已创建。"))
            return redirect("commitments:item_detail", item.pk)
    return render(request, "commitments/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.visible_to(_user(request)).select_related("list"), pk=pk)
    _office(request)
    heading, status = str(item), 200
    form = ItemForm(request.POST or None, instance=item, parties=list(Party.objects.all()))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_item(
                _user(request),
                item,
                form.item_data(),
                form.leads(),  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"],
            )
        except workflow.ConflictError as error:
            form.add_error(None, error.messages)
            status = 409
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("事项已保存。"))
            return redirect("commitments:item_detail", item.pk)
    context = {"form": form, "item": item, "heading": heading}
    return render(request, "commitments/item_form.html", context, status=status)


# --- results -----------------------------------------------------------------------------------


def _may_create_result(actor: Actor) -> bool:
    return actor.is_office or actor.has(Role.LIAISON)


def _results_with_related(user: User) -> QuerySet[Result]:
    items = Item.objects.visible_to(user).select_related("list")
    return Result.objects.visible_to(user).prefetch_related(
        "parties", Prefetch("items", queryset=items)
    )


@login_required
def results(request: HttpRequest) -> HttpResponse:
    form = ResultFilterForm(request.GET)
    form.is_valid()
    rows = form.filter(_results_with_related(_user(request)))
    if exports.wants_xlsx(request):
        return _results_xlsx(rows)
    page = _page(request, rows)
    can_create = _may_create_result(actor_of(_user(request)))
    context = {"form": form, "page": page, "can_create": can_create}
    return render(request, "commitments/results.html", context)


def _results_xlsx(rows: QuerySet[Result]) -> HttpResponse:
    columns = [_("成果名称"), _("成果类型"), _("取得时间"), _("参与方"), _("对应事项"), _("公开")]
    table = [
        [
            r.title,
            r.get_type_display(),
            r.date,
            "、".join(p.short_name for p in r.parties.all()),
            "；".join(f"{i.code} {i.title}" for i in r.items.all()),
            _("是") if r.is_public else _("否"),
        ]
        for r in rows
    ]
    return exports.table_response(_("工作成果"), columns, table)


@login_required
def result_create(request: HttpRequest) -> HttpResponse:
    if not _may_create_result(actor_of(_user(request))):
        raise PermissionDenied(_("只有联合办公室和单位联络员可以登记工作成果。"))
    initial = {"date": clock.today(), "items": request.GET.getlist("item")}
    form = ResultForm(
        request.POST or None, request.FILES or None, user=_user(request), initial=initial
    )
    figures = FigureFormSet(request.POST or None, prefix="figures")
    if request.method == "POST" and all([form.is_valid(), figures.is_valid()]):
        result = _create_result(_user(request), form, figures)
        messages.success(request, _("工作成果已登记。"))
        return redirect("commitments:result_detail", result.pk)
    return render(request, "commitments/result_form.html", {"form": form, "figures": figures})


@transaction.atomic
def _create_result(user: User, form: ResultForm, figures: Any) -> Result:
    """Save the result, its figures and attachments, and audit it as one event."""
    result = form.save(commit=False)
    result.created_by = user
    result.save()
    form.save_m2m()
    rows = [f.figure() for f in figures if f.has_changed() and f.cleaned_data]
    ResultFigure.objects.bulk_create(
        ResultFigure(result=result, label=label, value=value, unit=unit)
        for label, value, unit in rows
    )
    for upload in form.cleaned_data["attachments"]:
        save_attachment(upload, user, result=result)
    figures_out = [
        {"label": label, "value": str(value), "unit": unit} for label, value, unit in rows
    ]
    record(
        "result.create",
        actor=user,
        target=result,
        after=snapshot(result) | {"figures": figures_out},
    )
    return result


@login_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rows = _results_with_related(_user(request)).select_related("meeting__series", "created_by")
    result = get_object_or_404(rows.prefetch_related("figures", "attachments"), pk=pk)
    return render(request, "commitments/result_detail.html", {"result": result})
