from django import forms
from django.utils.translation import gettext_lazy as _

from twincity.commitments.models import ItemState, Light

ANY = [("", _("全部"))]
STATES = [(value, label) for value, label in ItemState.choices if value != ItemState.DRAFT]


class ItemFilter(forms.Form):
    """The filters of a public list's items (invalid values fall back to no filter)."""

    state = forms.ChoiceField(label=_("状态"), choices=ANY + STATES, required=False)
    light = forms.ChoiceField(label=_("亮灯"), choices=ANY + Light.choices, required=False)
    q = forms.CharField(label=_("关键词"), max_length=64, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )
