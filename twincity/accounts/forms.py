"""Forms of the accounts pages: login, passwords, users and roles, the organisation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from twincity.accounts.models import Party, Role, Unit, UnitKind, User, WorkingGroup

BLANK = "---------"


def bootstrap(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class, and blank choices a Chinese label."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])
        _blank_label(field)


def _blank_label(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == BLANK:
            field.empty_label = _("（无）") if not field.required else _("请选择")
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]
        if choices and choices[0] == ("", BLANK):
            field.choices = [("", _("请选择")), *choices[1:]]


class BootstrapForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class BootstrapModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


# --- login and passwords ---------------------------------------------------------------------


class LoginForm(BootstrapForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
        error_messages={"required": _("请填写用户名。")},
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请填写密码。")},
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (old password, validators) with Chinese labels and messages."""

    error_messages = {
        "password_mismatch": _("两次输入的新密码不一致。"),
        "password_incorrect": _("原密码不正确，请重新输入。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": _("原密码"),
            "new_password1": _("新密码"),
            "new_password2": _("确认新密码"),
        }
        for name, label in labels.items():
            self.fields[name].label = label
            self.fields[name].error_messages["required"] = _("请填写%(field)s。") % {"field": label}
        self.fields["new_password1"].help_text = password_validators_help_text_html()
        self.fields["new_password2"].help_text = _("请再次输入新密码。")
        bootstrap(self)


class NewPasswordForm(BootstrapForm):
    """A password typed twice, for a new account or a reset by the system administrator."""

    password = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
        error_messages={"required": _("请填写初始密码。")},
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("请再次输入密码。")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


# --- users and roles -------------------------------------------------------------------------


class UserCreateForm(NewPasswordForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录用的账号，创建后不能修改。"),
        error_messages={"required": _("请填写用户名。")},
    )
    display_name = forms.CharField(
        label=_("姓名"), max_length=64, error_messages={"required": _("请填写姓名。")}
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        error_messages={"invalid": _("电子邮箱格式不正确。")},
    )
    phone = forms.CharField(label=_("电话"), max_length=32, required=False)

    field_order = ["username", "display_name", "email", "phone", "password", "password2"]


ACTIVE_CHOICES = [("", _("全部")), ("1", _("启用")), ("0", _("停用"))]


class UserFilterForm(BootstrapForm):
    q = forms.CharField(label=_("关键字"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("角色"), required=False, choices=[("", _("全部角色")), *Role.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("单位"), required=False, queryset=Unit.objects.all(), empty_label=_("全部单位")
    )
    active = forms.ChoiceField(label=_("状态"), required=False, choices=ACTIVE_CHOICES)

    def filter(self, users: QuerySet[User]) -> QuerySet[User]:
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            users = users.filter(
                Q(username__icontains=q)
                | Q(display_name__icontains=q)
                | Q(email__icontains=q)
                | Q(phone__icontains=q)
            )
        if data.get("role"):
            users = users.filter(memberships__role=data["role"])
        if data.get("unit"):
            users = users.filter(memberships__unit=data["unit"])
        if data.get("active"):
            users = users.filter(is_active=data["active"] == "1")
        return users.distinct()


class GrantRoleForm(BootstrapForm):
    role = forms.ChoiceField(
        label=_("角色"), choices=Role.choices, error_messages={"required": _("请选择角色。")}
    )
    unit = forms.ModelChoiceField(
        label=_("单位"),
        required=False,
        queryset=Unit.objects.all(),
        help_text=_("单位联络员、单位负责人必填。"),
    )
    working_group = forms.ModelChoiceField(
        label=_("专项组"),
        required=False,
        queryset=WorkingGroup.objects.all(),
        help_text=_("专项组负责人必填。"),
    )
    title = forms.CharField(label=_("职务"), required=False, max_length=64)


# --- organisation ----------------------------------------------------------------------------


class PartyForm(BootstrapModelForm):
    class Meta:
        model = Party
        fields = ["code", "short_name", "name", "order"]
        help_texts = {"code": _("英文字母、数字或连字符，例如 cq。")}
        error_messages = {
            "code": {"unique": _("代码已被其他参与方使用。")},
            "short_name": {"required": _("请填写简称。")},
            "name": {"required": _("请填写名称。")},
        }


class UnitFilterForm(BootstrapForm):
    q = forms.CharField(label=_("关键字"), required=False, max_length=100)
    party = forms.ModelChoiceField(
        label=_("参与方"), required=False, queryset=Party.objects.all(), empty_label=_("全部参与方")
    )
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部类型")), *UnitKind.choices]
    )

    def filter(self, units: QuerySet[Unit]) -> QuerySet[Unit]:
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            units = units.filter(
                Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q)
            )
        if data.get("party"):
            units = units.filter(party=data["party"])
        if data.get("kind"):
            units = units.filter(kind=data["kind"])
        return units


class UnitForm(BootstrapModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "party", "parent", "head_approval"]
        help_texts = {
            "code": _("英文字母、数字或连字符，例如 cq-fgw。"),
            "party": _("联合办公室、中央部委等不属于任何一方的单位留空。"),
        }
        error_messages = {
            "name": {"unique": _("已有同名单位。"), "required": _("请填写名称。")},
            "code": {"unique": _("代码已被其他单位使用。"), "required": _("请填写代码。")},
            "kind": {"required": _("请选择类型。")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            parent = self.fields["parent"]
            assert isinstance(parent, forms.ModelChoiceField)
            parent.queryset = Unit.objects.exclude(pk=self.instance.pk)

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        seen: set[int] = set()
        node = parent
        while node is not None and node.pk not in seen:
            if self.instance.pk and node.pk == self.instance.pk:
                raise forms.ValidationError(_("上级单位不能是本单位或其下级单位。"))
            seen.add(node.pk)
            node = node.parent
        return parent


class WorkingGroupForm(BootstrapModelForm):
    """The group's fields, its member units and one lead-unit field per party."""

    class Meta:
        model = WorkingGroup
        fields = ["number", "name", "description", "members"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 12})}
        error_messages = {
            "number": {"unique": _("序号已被其他专项组使用。"), "required": _("请填写序号。")},
            "name": {"unique": _("已有同名专项组。"), "required": _("请填写名称。")},
        }

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        leads = (
            {lead.party_id: lead.unit_id for lead in self.instance.leads.all()}
            if (self.instance.pk)
            else {}
        )
        for party in parties:
            self.fields[self.lead_field(party)] = forms.ModelChoiceField(
                label=_("%(party)s方牵头单位") % {"party": party.short_name},
                required=False,
                queryset=Unit.objects.filter(party=party),
                initial=leads.get(party.pk),
            )
        bootstrap(self)

    @staticmethod
    def lead_field(party: Party) -> str:
        return f"lead_{party.pk}"

    def leads(self) -> dict[Party, Unit | None]:
        return {p: self.cleaned_data.get(self.lead_field(p)) for p in self.parties}
