"""Forms for the meetings pages: the index filter, the meeting and its parts."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party
from twincity.lib.chinese import parse_date
from twincity.meetings.models import (
    Attendance,
    DatePrecision,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingSeries,
    MeetingStatus,
)


class MeetingFilterForm(forms.Form):
    """The GET filter of the meetings index."""

    series = forms.ModelChoiceField(
        MeetingSeries.objects.all(),
        label=_("会议系列"),
        required=False,
        empty_label=_("全部系列"),
    )
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, empty_value=None, required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *MeetingStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = (
            Meeting.objects.exclude(year=None)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        field = cast(forms.TypedChoiceField, self.fields["year"])
        labels = [(str(y), _("%(year)s年") % {"year": y}) for y in years]
        field.choices = [("", _("全部年度")), *labels]

    def apply(self, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
        """Filter by the fields that validated (an invalid one is reported, not applied)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("series"):
            meetings = meetings.filter(series=data["series"])
        if data.get("year"):
            meetings = meetings.filter(year=data["year"])
        if data.get("status"):
            meetings = meetings.filter(status=data["status"])
        return meetings


class MeetingForm(forms.Form):
    """Create or edit a meeting; the date may be a day or only a month."""

    series = forms.ModelChoiceField(
        MeetingSeries.objects.all(), label=_("会议系列"), empty_label=_("请选择")
    )
    number = forms.IntegerField(label=_("次序"), min_value=1, max_value=999)
    year = forms.IntegerField(
        label=_("年度"),
        min_value=1949,
        max_value=2100,
        required=False,
        help_text=_("按年编号的会议系列必填；留空时取日期所在年份。"),
    )
    date = forms.CharField(
        label=_("日期"),
        max_length=32,
        required=False,
        help_text=_("如 2024-12-30 或 2024年12月30日；只知道月份时填 2020年12月。"),
    )
    place = forms.CharField(label=_("地点"), max_length=128, required=False)
    host_party = forms.ModelChoiceField(
        Party.objects.all(), label=_("轮值主办方"), required=False, empty_label=_("（无）")
    )
    chair = forms.CharField(label=_("主持人"), max_length=128, required=False)
    theme = forms.CharField(label=_("主题"), max_length=255, required=False)
    summary = forms.CharField(label=_("会议概要"), widget=forms.Textarea(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("date") or "").strip()
        if not text:
            data["date"], data["date_precision"] = None, DatePrecision.YEAR
            return data
        parsed = parse_date(text)
        if parsed is None:
            self.add_error("date", _("日期格式不正确，请填写如 2024-12-30 或 2020年12月。"))
        else:
            data["date"], data["date_precision"] = parsed
        return data

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        names = ["series", "number", "year", "place", "host_party", "chair", "theme", "summary"]
        initial = {name: getattr(meeting, name) for name in names}
        initial["version"] = meeting.version
        initial["date"] = _date_text(meeting)
        return initial


def _date_text(meeting: Meeting) -> str:
    if meeting.date is None or meeting.date_precision == DatePrecision.YEAR:
        return ""
    if meeting.date_precision == DatePrecision.MONTH:
        return f"{meeting.date.year}年{meeting.date.month}月"
    return meeting.date.isoformat()


class AttendeeForm(forms.ModelForm):
    """A person who attended, with the title they attended under."""

    class Meta:
        model = Attendance
        fields = ["name", "title", "party"]


class DocumentForm(forms.ModelForm):
    """A document the meeting reviewed."""

    class Meta:
        model = MeetingDocument
        fields = ["title", "doc_number", "approved"]
        help_texts = {"title": _("不含书名号，如：成渝地区双城经济圈便捷生活行动方案")}


class DecisionForm(forms.ModelForm):
    """A numbered decision; without a number it takes the next one."""

    number = forms.IntegerField(
        label=_("序号"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("留空则自动取本次会议的下一个序号。"),
    )

    class Meta:
        model = Decision
        fields = ["number", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
