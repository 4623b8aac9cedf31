"""Small forms behind one item's page: workflow actions, reports, comments, files, milestones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party
from twincity.commitments import files
from twincity.commitments.models import Answer, ItemSide, Result


def _checked(upload: UploadedFile | None) -> UploadedFile | None:
    if upload is not None:
        files.check_upload(upload)
    return upload


class VersionField(forms.IntegerField):
    """The version the page was rendered with; a missing one means a stale or forged form."""

    def __init__(self) -> None:
        super().__init__(
            widget=forms.HiddenInput,
            min_value=1,
            error_messages={
                "required": _("页面已过期，请刷新后重新操作。"),
                "invalid": _("页面已过期，请刷新后重新操作。"),
            },
        )


class ActionForm(forms.Form):
    """One workflow verb on an item; each verb reads only the fields it needs."""

    version = VersionField()
    reason = forms.CharField(label=_("说明"), required=False, max_length=4000)
    note = forms.CharField(label=_("销号说明"), required=False, max_length=4000)
    result = forms.ModelChoiceField(
        label=_("对应工作成果"),
        queryset=Result.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选工作成果不可用。")},
    )
    evidence = forms.FileField(label=_("佐证材料"), required=False)
    answer = forms.ChoiceField(
        label=_("答复结果"), choices=[("", "---------"), *Answer.choices], required=False
    )
    answer_text = forms.CharField(label=_("答复内容"), required=False, max_length=4000)

    def __init__(self, *args: Any, results: QuerySet[Result] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if results is not None:
            self.fields["result"].queryset = results  # type: ignore[attr-defined]

    def clean_evidence(self) -> UploadedFile | None:
        return _checked(self.cleaned_data.get("evidence"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked like a single upload."""

    def __init__(self, **kw: Any) -> None:
        kw.setdefault("widget", MultipleFileInput())
        super().__init__(**kw)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        given = data if isinstance(data, list | tuple) else [data]
        uploads = [super(MultipleFileField, self).clean(u, initial) for u in given if u]
        for upload in uploads:
            files.check_upload(upload)
        return uploads


class ReportForm(forms.Form):
    """A lead unit's progress report (进展反馈) on its side of an item."""

    party = forms.ModelChoiceField(label=_("报送方"), queryset=Party.objects.none())
    period = forms.CharField(
        label=_("报送期次"),
        max_length=32,
        required=False,
        help_text=_("例如：2025年第二季度"),
    )
    progress_text = forms.CharField(
        label=_("进展情况"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写进展情况。")},
    )
    difficulties = forms.CharField(
        label=_("存在困难"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_steps = forms.CharField(
        label=_("下一步措施"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    percent = forms.IntegerField(
        label=_("完成进度（%）"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("请填写完成进度。"),
            "invalid": _("完成进度须为 0 到 100 之间的整数。"),
            "min_value": _("完成进度须在 0 到 100 之间。"),
            "max_value": _("完成进度须在 0 到 100 之间。"),
        },
    )
    attachments = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args: Any, sides: list[ItemSide], **kw: Any) -> None:
        super().__init__(*args, **kw)
        if len(sides) > 1:
            party_ids = [side.party_id for side in sides]
            self.fields["party"].queryset = Party.objects.filter(pk__in=party_ids)  # type: ignore[attr-defined]
        else:
            del self.fields["party"]

    def report_data(self) -> dict[str, Any]:
        """The fields that workflow.submit_report stores on the report."""
        names = ["period", "progress_text", "difficulties", "next_steps", "percent"]
        return {name: self.cleaned_data[name] for name in names}


class ReportActionForm(forms.Form):
    """Approve, accept or return a report, against the version the page showed."""

    version = VersionField()
    reason = forms.CharField(label=_("退回原因"), required=False, max_length=4000)
    back = forms.ChoiceField(
        choices=[("item", "item"), ("report", "report")],
        required=False,
        widget=forms.HiddenInput,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写评论内容。")},
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("文件"), error_messages={"required": _("请选择要上传的文件。")})

    def clean_file(self) -> UploadedFile | None:
        return _checked(self.cleaned_data.get("file"))


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("节点"), max_length=255, error_messages={"required": _("请填写节点名称。")}
    )
    due = forms.DateField(
        label=_("计划时间"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写计划时间。"), "invalid": _("计划时间格式不正确。")},
    )
