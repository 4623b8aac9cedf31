"""Two helpers the office's edit pages share: Bootstrap classes, and workflow refusals on forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

FormT = TypeVar("FormT", bound=forms.BaseForm)


def bootstrap(form: FormT) -> FormT:
    """Give the widgets their Bootstrap classes (dates become <input type=date>)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.DateInput):
            widget.input_type, widget.format = "date", "%Y-%m-%d"  # what <input type=date> reads
            css = "form-control"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


def attempt(form: forms.BaseForm, write: Callable[[], Any]) -> Any | None:
    """Run a workflow write and return its result; on refusal put the reason on the form."""
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
