"""Forms of the lists, items and results pages: filters (GET) and edits (POST)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar, cast

from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Unit, User, WorkingGroup
from twincity.commitments.files import check_upload
from twincity.commitments.models import (
    Item,
    ItemList,
    ItemSide,
    ItemState,
    ListKind,
    Result,
    ResultType,
)
from twincity.lib import clock, figcache
from twincity.lib.forms import (
    FastModelChoiceField,
    FastSelect,
    ManyRowsMixin,
    PreloadableChoiceField,
    PreloadableMultipleChoiceField,
    preloaded_names,
)
from twincity.meetings.models import Decision, Meeting


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget, and required messages that name the field."""
    for bound in form.visible_fields():
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            css = ""
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if css:
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    for field in form.fields.values():
        field.error_messages["required"] = _("请填写“%(label)s”。") % {"label": field.label}


def meetings_qs(user: User) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("series")


DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


# --- lists and versions ------------------------------------------------------------------------


class ListFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("清单类型"), choices=[("", _("全部类型")), *ListKind.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ListForm(forms.ModelForm):
    class Meta:
        model = ItemList
        fields = [
            "kind",
            "name",
            "period",
            "source_meeting",
            "source_document",
            "description",
            "is_public",
        ]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_meeting"].queryset = meetings_qs(user)  # type: ignore[attr-defined]
        style(self)


class VersionForm(forms.Form):
    note = forms.CharField(label=_("调整说明"), max_length=255)
    meeting = forms.ModelChoiceField(
        label=_("审定会议"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings_qs(user)  # type: ignore[attr-defined]
        style(self)


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("原版本"), min_value=1)
    b = forms.IntegerField(label=_("新版本"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


# --- the items table ---------------------------------------------------------------------------

DUE_CHOICES = [
    ("", _("全部时限")),
    ("overdue", _("已逾期")),
    ("30", _("30天内到期")),
    ("90", _("90天内到期")),
    ("none", _("未定时限")),
]
SORT_FIELDS = {
    "code": "code",
    "title": "title",
    "deadline": "deadline",
    "state": "state_order",
    "updated": "updated_at",
}
SORT_LABELS = {
    "code": _("编号"),
    "title": _("事项名称"),
    "deadline": _("完成时限"),
    "state": _("状态"),
    "updated": _("更新时间"),
}
SORT_CHOICES = [
    choice
    for key, label in SORT_LABELS.items()
    for choice in [(key, label), (f"-{key}", _("%(label)s（倒序）") % {"label": label})]
]


# Unit.__str__ in SQL (short name, else name), for the 1,500 options of a large deployment.
UNIT_LABEL = Coalesce(NullIf(F("short_name"), Value("")), F("name"))


class ItemFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("清单类型"),
        choices=[("", _("全部类型")), *ListKind.choices],
        required=False,
        widget=FastSelect,
    )
    list = FastModelChoiceField(
        label=_("清单"),
        queryset=ItemList.objects.all(),
        option_label="name",  # ItemList.__str__
        required=False,
        empty_label=_("全部清单"),
    )
    area = forms.ChoiceField(label=_("领域"), choices=[], required=False, widget=FastSelect)
    working_group = forms.ModelChoiceField(
        label=_("专项工作组"),
        queryset=WorkingGroup.objects.all(),
        required=False,
        empty_label=_("全部专项组"),
        widget=FastSelect,
    )
    party = forms.ModelChoiceField(
        label=_("参与方"),
        queryset=Party.objects.all(),
        required=False,
        empty_label=_("全部参与方"),
        widget=FastSelect,
    )
    unit = FastModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.all(),
        option_label=UNIT_LABEL,
        required=False,
        empty_label=_("全部单位"),
    )
    state = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部状态")), *ItemState.choices],
        required=False,
        widget=FastSelect,
    )
    due = forms.ChoiceField(
        label=_("完成时限"), choices=DUE_CHOICES, required=False, widget=FastSelect
    )
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    sort = forms.ChoiceField(
        label=_("排序"), choices=SORT_CHOICES, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, user: User, fixed_list: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A callable: the areas are read only when the select is drawn or an area is checked,
        # so the API (which has no area filter) never runs the DISTINCT.
        cast(forms.ChoiceField, self.fields["area"]).choices = _area_choices(user)
        if fixed_list:
            del self.fields["kind"], self.fields["list"]
        self.fields["q"].widget.attrs["placeholder"] = _("编号、名称或内容")
        self.fields["sort"].widget.attrs["id"] = "items-sort"
        style(self)

    def filter(self, items: QuerySet[Item]) -> QuerySet[Item]:
        """The items that match the valid filters (invalid ones are ignored and shown)."""
        data = self.cleaned_data if self.is_bound else {}
        for name in ("kind", "list", "area", "working_group", "party", "unit", "state", "due", "q"):
            value = data.get(name)
            if value:
                items = getattr(self, f"_by_{name}")(items, value)
        return items

    def _by_kind(self, items: QuerySet[Item], value: str) -> QuerySet[Item]:
        return items.filter(list__kind=value)

    def _by_list(self, items: QuerySet[Item], value: ItemList) -> QuerySet[Item]:
        return items.filter(list=value)

    def _by_area(self, items: QuerySet[Item], value: str) -> QuerySet[Item]:
        return items.filter(area=value)

    def _by_working_group(self, items: QuerySet[Item], value: WorkingGroup) -> QuerySet[Item]:
        return items.filter(working_group=value)

    def _by_party(self, items: QuerySet[Item], value: Party) -> QuerySet[Item]:
        return items.filter(pk__in=ItemSide.objects.filter(party=value).values("item"))

    def _by_unit(self, items: QuerySet[Item], value: Unit) -> QuerySet[Item]:
        led = ItemSide.objects.filter(lead_unit=value).values("item")
        helping = Item.cooperating_units.through.objects.filter(unit=value).values("item")
        return items.filter(Q(pk__in=led) | Q(pk__in=helping))

    def _by_state(self, items: QuerySet[Item], value: str) -> QuerySet[Item]:
        return items.filter(state=value)

    def _by_due(self, items: QuerySet[Item], value: str) -> QuerySet[Item]:
        if value == "overdue":
            return items.overdue(clock.today())  # type: ignore[attr-defined]
        if value == "none":
            return items.filter(deadline__isnull=True)
        return items.due_within(int(value), clock.today())  # type: ignore[attr-defined]

    def _by_q(self, items: QuerySet[Item], value: str) -> QuerySet[Item]:
        value = value.strip()
        return items.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )

    @property
    def sort_key(self) -> str:
        data = self.cleaned_data if self.is_bound else {}
        return data.get("sort") or "code"

    def ordered(self, items: QuerySet[Item]) -> QuerySet[Item]:
        key = self.sort_key
        name, descending = key.lstrip("-"), key.startswith("-")
        if name == "state":
            items = items.annotate(state_order=_state_order())
        field = F(SORT_FIELDS[name])
        first = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
        return items.order_by(first, "-pk" if descending else "pk")


def _area_choices(user: User) -> Callable[[], list[tuple[str, Any]]]:
    """The areas of the items the user sees, read at most once per form."""

    @functools.cache
    def choices() -> list[tuple[str, Any]]:
        visible = Item.objects.visible_to(user).exclude(area="")
        areas = visible.order_by("area").values_list("area", flat=True).distinct()
        return [("", _("全部领域")), *((a, a) for a in per_generation("items.areas", areas, list))]

    return choices


T = TypeVar("T")


def per_generation(name: str, rows: QuerySet[Any], build: Callable[[QuerySet[Any]], T]) -> T:
    """`build(rows)`, computed once per data generation (lib/figcache.py) for this exact
    query: at 100,000 items a liaison's count or areas read every item they can see."""
    try:
        query = rows.query.sql_with_params()  # says the visibility, the filters and the day
    except EmptyResultSet:
        return build(rows.none())
    return figcache.cached(name, query, lambda: build(rows))


def _state_order() -> Case:
    whens = [When(state=value, then=Value(i)) for i, value in enumerate(ItemState.values)]
    return Case(*whens, default=Value(len(whens)), output_field=IntegerField())


# --- creating and editing an item ---------------------------------------------------------------


class ItemForm(ManyRowsMixin, forms.ModelForm):
    version = forms.IntegerField(label=_("版本"), widget=forms.HiddenInput, required=False)

    class Meta:
        model = Item
        fields = [
            "list",
            "code",
            "title",
            "description",
            "area",
            "working_group",
            "cooperating_units",
            "target_unit",
            "deadline",
            "result_form",
            "report_frequency",
            "is_major",
            "is_public",
            "source_decision",
        ]
        widgets = {
            "source_decision": forms.HiddenInput,
            "deadline": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "cooperating_units": forms.SelectMultiple(attrs={"size": 8}),
        }
        field_classes = {
            "list": PreloadableChoiceField,
            "working_group": PreloadableChoiceField,
            "target_unit": PreloadableChoiceField,
            "source_decision": PreloadableChoiceField,
            "cooperating_units": PreloadableMultipleChoiceField,
        }

    # The codes already used in the list, when known (an import reads them once per file).
    codes_in_list: set[str] | None = None

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        sides: dict[int, int] = {}
        if self.instance.pk:
            del self.fields["list"]
            self.fields["version"].initial = self.instance.version
            sides = {s.party_id: s.lead_unit_id for s in self.instance.sides.all()}
        else:
            del self.fields["version"]
        for party in parties:
            self.fields[self.lead_name(party)] = PreloadableChoiceField(
                label=_("牵头单位（%(party)s）") % {"party": party.short_name},
                queryset=Unit.objects.filter(party=party),
                required=False,
                initial=sides.get(party.pk),
            )
        self.order_fields([*self.Meta.fields[:6], *map(self.lead_name, parties)])
        style(self)

    @staticmethod
    def lead_name(party: Party) -> str:
        return f"lead_{party.code}"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        item_list = data.get("list") or getattr(self.instance, "list", None)
        code = data.get("code")
        if item_list and code and self._taken(item_list, code):
            self.add_error(
                "code",
                _("清单“%(list)s”中已有编号为“%(code)s”的事项。")
                % {"list": item_list, "code": code},
            )
        return data

    def _taken(self, item_list: ItemList, code: str) -> bool:
        if self.codes_in_list is not None and not self.instance.pk:
            return code in self.codes_in_list
        taken = Item.objects.filter(list=item_list, code=code).exclude(pk=self.instance.pk)
        return taken.exists()

    def _get_validation_exclusions(self) -> set[str]:
        return super()._get_validation_exclusions() | preloaded_names(self)  # type: ignore[misc]

    def validate_unique(self) -> None:
        """The code's uniqueness within its list is checked in clean(), with a clearer message."""

    def item_data(self) -> dict[str, Any]:
        names = [n for n in self.Meta.fields if n != "list"]
        return {name: self.cleaned_data[name] for name in names}

    def leads(self) -> dict[Party, Unit | None]:
        return {p: self.cleaned_data.get(self.lead_name(p)) for p in self.parties}


class ItemPrefillForm(forms.Form):
    """The GET parameters that prefill a new item: ?decision= and ?list=."""

    decision = forms.ModelChoiceField(
        queryset=Decision.objects.select_related("meeting"), required=False
    )
    list = forms.ModelChoiceField(queryset=ItemList.objects.all(), required=False)

    def prefill(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        initial: dict[str, Any] = {}
        decision: Decision | None = data.get("decision")
        if decision is not None:
            first = decision.meeting.lists.first()
            initial |= {
                "source_decision": decision.pk,
                "title": decision.title,
                "description": decision.text,
            }
            if first is not None:
                initial["list"] = first.pk
        if data.get("list") is not None:
            initial["list"] = data["list"].pk
        return initial


# --- results -----------------------------------------------------------------------------------


class ResultFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("成果类型"), choices=[("", _("全部类型")), *ResultType.choices], required=False
    )
    party = forms.ModelChoiceField(
        label=_("参与方"),
        queryset=Party.objects.all(),
        required=False,
        empty_label=_("全部参与方"),
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def filter(self, results: QuerySet[Result]) -> QuerySet[Result]:
        data = self.cleaned_data if self.is_bound else {}
        if data.get("type"):
            results = results.filter(type=data["type"])
        if data.get("party"):
            results = results.filter(
                pk__in=Result.parties.through.objects.filter(party=data["party"]).values("result")
            )
        if data.get("year"):
            results = results.filter(date__year=data["year"])
        if q := (data.get("q") or "").strip():
            results = results.filter(Q(title__icontains=q) | Q(description__icontains=q))
        return results


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploads in one field, each checked like any attachment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            check_upload(upload)
        return cleaned


class ResultForm(forms.ModelForm):
    attachments = MultipleFileField(label=_("佐证材料"), required=False)

    class Meta:
        model = Result
        fields = [
            "title",
            "type",
            "date",
            "parties",
            "items",
            "meeting",
            "description",
            "evidence_links",
            "is_public",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "parties": forms.CheckboxSelectMultiple,
            "items": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence_links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = Item.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings_qs(user)  # type: ignore[attr-defined]
        style(self)

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > clock.today():
            raise ValidationError(_("“取得时间”不能晚于今天。"), code="future")
        return date

    def clean_evidence_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            if not line.startswith(("http://", "https://")):
                raise ValidationError(
                    _("“佐证链接”每行须是以 http:// 或 https:// 开头的地址：%(line)s")
                    % {"line": line[:100]},
                    code="link",
                )
        return "\n".join(lines)


class FigureForm(forms.Form):
    label = forms.CharField(label=_("指标"), max_length=128)
    value = forms.DecimalField(label=_("数值"), max_digits=20, decimal_places=4)
    unit = forms.CharField(label=_("单位"), max_length=32, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label

    def figure(self) -> tuple[str, Decimal, str]:
        return self.cleaned_data["label"], self.cleaned_data["value"], self.cleaned_data["unit"]


FigureFormSet = forms.formset_factory(FigureForm, extra=3, max_num=50, validate_max=True)
