"""Import pages: history and upload, preview with errors, progress, confirm; templates."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of
from twincity.imports import engine, registers
from twincity.imports.models import ImportRun, RunStatus
from twincity.lib.htmx import render_page
from twincity.reports.excel import Sheet, xlsx_response

PREVIEW_ROWS = 200


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require_office(request: HttpRequest) -> None:
    if not actor_of(_user(request)).is_office:
        raise PermissionDenied(_("只有联合办公室可以导入数据。"))


class UploadForm(forms.Form):
    register = forms.ChoiceField(label=gettext_lazy("导入类型"))
    target = forms.IntegerField(label=gettext_lazy("导入到"), required=False)
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        error_messages={"required": gettext_lazy("请选择要导入的文件。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.name, str(r.label)) for r in registers.REGISTERS.values()]
        self.fields["register"].choices = choices  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


def _targets(user: User) -> list[Any]:
    """Every record a file may be imported into (the lists, for items)."""
    return [
        row
        for reg in registers.REGISTERS.values()
        if (targets := reg.targets(user)) is not None
        for row in targets
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    runs = ImportRun.objects.visible_to(_user(request)).select_related("user")
    page = Paginator(runs, 50).get_page(request.GET.get("page"))
    office = actor_of(_user(request)).is_office
    context = {
        "page": page,
        "is_office": office,
        "form": UploadForm() if office else None,
        "registers": list(registers.REGISTERS.values()),
        "targets": _targets(_user(request)) if office else [],
        "max_mb": engine.safe.max_bytes() // (1024 * 1024),
    }
    return render(request, "imports/index.html", context)


@login_required
def template(request: HttpRequest, register: str) -> HttpResponse:
    reg = registers.get(register)
    if reg is None:
        raise Http404
    target = registers.target_of(reg, _user(request), request.GET.get("target"))
    name = _("%(label)s导入模板") % {"label": reg.file_label(target)}
    return xlsx_response(name, [Sheet(str(reg.label), reg.export_headers(target), [])])


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("imports:index")
    reg = registers.REGISTERS[form.cleaned_data["register"]]
    target = registers.target_of(reg, _user(request), form.cleaned_data["target"])
    if reg.targets(_user(request)) is not None and target is None:
        messages.error(request, _("请选择要导入到的%(what)s。") % {"what": reg.target_label})
        return redirect("imports:index")
    upload = form.cleaned_data["file"]
    data = upload.read(engine.safe.max_bytes() + 1)  # one byte more is enough to refuse
    run = engine.start(_user(request), reg, target, upload.name or "", data)
    if run.status == RunStatus.CHECKING and run.rows_total <= engine.CHUNK_ROWS:
        engine.advance(run, _user(request))
    return redirect("imports:run", run.pk)


def _run(request: HttpRequest, pk: int) -> ImportRun:
    return get_object_or_404(ImportRun.objects.visible_to(_user(request)), pk=pk)


def _preview(run: ImportRun) -> dict[str, Any]:
    stored = engine.stored_rows(run)
    if stored is None:
        return {"headers": [], "rows": []}
    bad = {(e["row"], e["column"]) for e in run.errors}
    bad_rows = {e["row"] for e in run.errors}
    headers = stored["headers"]
    rows = []
    for row in stored["rows"][:PREVIEW_ROWS]:
        cells = [
            {"value": value, "bad": (row[0], headers[i]) in bad if i < len(headers) else False}
            for i, value in enumerate(row[1 : len(headers) + 1])
        ]
        rows.append({"number": row[0], "bad": row[0] in bad_rows, "cells": cells})
    return {"headers": headers, "rows": rows}


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    errors = [engine.describe(e) for e in run.errors]
    context = {
        "run": run,
        "errors": errors,
        "register": registers.get(run.register),
        "preview": _preview(run) if run.status != RunStatus.REFUSED or run.errors else {},
        "preview_limit": PREVIEW_ROWS,
        "may_confirm": run.can_confirm and run.user_id == _user(request).pk,
    }
    return render(request, "imports/run.html", context)


@login_required
@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the next chunk and show the bar; when done, HTMX reloads the preview."""
    run = _run(request, pk)
    if run.user_id != _user(request).pk:
        raise PermissionDenied
    run = engine.advance(run, _user(request))
    response = render_page(request, "imports/run.html", "imports/_progress.html", {"run": run})
    if run.status != RunStatus.CHECKING:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    _require_office(request)
    try:
        run = engine.commit(run, _user(request), request.POST.get("token", ""))
    except ValidationError as problem:
        for message in problem.messages:
            messages.error(request, message)
        return redirect("imports:run", run.pk)
    if run.status == RunStatus.COMMITTED:
        messages.success(
            request,
            _("导入完成：新增 %(a)d 行，修改 %(c)d 行。")
            % {"a": run.rows_added, "c": run.rows_changed},
        )
    else:
        messages.error(request, run.message)
    return redirect("imports:run", run.pk)
