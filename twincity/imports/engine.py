"""Running an import: store the upload, check rows in chunks, then commit all rows or none.

`start()` stores the file (named by its sha256) and reads it defensively; a broken or hostile
file ends the run as refused. `advance()` checks the next chunk of rows by really saving them
through the register's form and workflow inside a transaction that is then rolled back, so the
preview applies exactly the rules the commit will. `commit()` takes the rows stored at upload
(the stored file must still hash to the run's sha256), checks and saves every row in one
transaction, and rolls everything back if any row is refused; `import_now()` does the same
without a preview (`twincity import`). Registers may collect new rows and write them together
(`Register.defers`/`flush`). The views, the CLI and the tests all go through here.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of
from twincity.audit.log import record
from twincity.imports import registers, safe
from twincity.imports.cells import text_of
from twincity.imports.models import ImportRun, RunStatus
from twincity.lib import clock

CHUNK_ROWS = 200
MAX_ERRORS = 1_000

F = TypeVar("F", bound=Callable[..., Any])


def without_gc(func: F) -> F:
    """Run without Python's cycle collector: reading and checking a file allocates millions of
    short-lived objects and few cycles, and the collector's repeated passes over all live
    objects cost a sixth of an import. Whatever cycles there were are collected afterwards."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return cast(F, run)


def may_import(user: User, register: registers.Register) -> bool:
    """Only the joint office imports, into every register (recorded in docs/imports.md)."""
    return actor_of(user).is_office


def storage_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _file_path(sha256: str) -> Path:
    return storage_dir() / f"{sha256}.xlsx"


def _rows_path(run: ImportRun) -> Path:
    return storage_dir() / f"run-{run.pk}.json"


def error(row: int, column: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "message": message}


def describe(entry: dict[str, Any]) -> str:
    """第3行 「完成时限」：… — the way the preview and the CLI name an error."""
    if entry.get("row") and entry.get("column"):
        where = _("第%(row)d行 「%(column)s」") % entry
    elif entry.get("row"):
        where = _("第%(row)d行") % entry
    else:
        where = _("文件")
    return _("%(where)s：%(message)s") % {"where": where, "message": entry["message"]}


# --- reading the table -------------------------------------------------------------------------


@dataclass
class Layout:
    """Which column of the sheet feeds which register column."""

    columns: list[tuple[int, registers.Column]] = field(default_factory=list)
    code_index: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


def layout(reg: registers.Register, target: Any, headers: list[str]) -> Layout:
    """Match the header row to the register's columns; refuse unknown or missing ones."""
    known: dict[str, registers.Column] = {}
    for column in reg.columns(target):
        for name in (column.header, *column.aliases):
            known[name] = column
    found = Layout(headers={c.key: c.header for c in reg.columns(target)})
    unknown: list[str] = []
    seen: set[str] = set()
    for index, header in enumerate(headers):
        if not header:
            continue
        if header in reg.informational and header not in known:
            continue
        if header not in known:
            unknown.append(header)
            continue
        column = known[header]
        if column.header in seen:
            raise safe.refuse(
                _("表头中“%(h)s”出现了两次。") % {"h": column.header}, "duplicate_header"
            )
        seen.add(column.header)
        if column.convert is not None:
            found.columns.append((index, column))
        if column.header == reg.code_header:
            found.code_index = index
    missing = [c.header for c in reg.columns(target) if c.required and c.header not in seen]
    if missing or unknown:
        raise safe.refuse(_header_message(reg, target, missing, unknown), "headers")
    return found


def _header_message(
    reg: registers.Register, target: Any, missing: list[str], unknown: list[str]
) -> str:
    parts = []
    if missing:
        parts.append(_("缺少必填列：%(cols)s") % {"cols": "、".join(missing)})
    if unknown:
        parts.append(_("无法识别的列：%(cols)s") % {"cols": "、".join(unknown[:10])})
    expected = "、".join(reg.export_headers(target))
    return _("第一行须为表头。%(problems)s。应有的列：%(expected)s。请下载模板对照。") % {
        "problems": "；".join(parts),
        "expected": expected,
    }


def text_rows(table: safe.Table) -> list[list[Any]]:
    """Rows as [sheet row number, cell texts…]: what the run stores between chunks."""
    return [[number, *(text_of(v) for v in values)] for number, values in table.rows]


# --- checking and saving rows --------------------------------------------------------------------


@dataclass
class Outcome:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _codes(rows: list[list[Any]], lay: Layout) -> list[str]:
    if lay.code_index is None:
        return []
    return [_code_of(row, lay) for row in rows]


def _code_of(row: list[Any], lay: Layout) -> str:
    index = lay.code_index
    value = row[index + 1] if index is not None and index + 1 < len(row) else None
    return safe_code(value)


def safe_code(value: Any) -> str:
    from twincity.imports.cells import code

    return code(value) if value else ""


def duplicates(rows: list[list[Any]], lay: Layout, header: str) -> dict[int, dict[str, Any]]:
    """Rows whose code already appeared above in the same file."""
    first: dict[str, int] = {}
    out = {}
    for row in rows:
        code = _code_of(row, lay)
        if not code:
            continue
        if code in first:
            message = _("编号“%(code)s”与第%(row)d行重复。") % {"code": code, "row": first[code]}
            out[row[0]] = error(row[0], header, message)
        else:
            first[code] = row[0]
    return out


def _row_data(
    row: list[Any], lay: Layout, ctx: registers.Context
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data: dict[str, Any] = {}
    errors = []
    for index, column in lay.columns:
        value = row[index + 1] if index + 1 < len(row) else None
        if safe.has_control(value):
            errors.append(
                error(row[0], column.header, _("含有不可见的控制字符，请删除后重新导入。"))
            )
            continue
        text = value if type(value) is str else str(value if value is not None else "")
        if not text.strip():
            data[column.key] = [] if column.key == "cooperating_units" else None
            continue
        try:
            data[column.key] = column.convert(text, ctx)  # type: ignore[misc]
        except ValidationError as problem:
            errors.append(error(row[0], column.header, " ".join(problem.messages)))
    return data, errors


def _form_errors(lay: Layout, number: int, form: Any, skip: set[str]) -> list[dict[str, Any]]:
    out = []
    for name, messages in form.errors.items():
        header = lay.headers.get(name, "")
        if header in skip:
            continue
        out += [error(number, header, str(message)) for message in messages]
    return out


def check_row(
    reg: registers.Register, user: User, lay: Layout, ctx: registers.Context, row: list[Any]
) -> tuple[str | None, list[dict[str, Any]]]:
    """Validate and save one row; (outcome, []) or (None, errors). Call inside a transaction."""
    number = row[0]
    data, errors = _row_data(row, lay, ctx)
    obj = ctx.existing.get(_code_of(row, lay))
    form = reg.form(data, obj, ctx)
    if not form.is_valid() or errors:
        skip = {e["column"] for e in errors}
        return None, errors + _form_errors(lay, number, form, skip)
    if reg.defers(obj):  # nothing is written yet: check_rows flushes the collected rows
        return reg.save(user, form, obj, ctx), []
    try:
        with transaction.atomic():
            return reg.save(user, form, obj, ctx), []
    except ValidationError as problem:
        return None, [error(number, "", message) for message in problem.messages]
    except PermissionDenied as problem:
        return None, [error(number, "", str(problem) or _("没有权限。"))]


def check_rows(
    reg: registers.Register,
    user: User,
    target: Any,
    lay: Layout,
    rows: list[list[Any]],
    dupes: dict[int, dict[str, Any]],
) -> Outcome:
    """Check (by saving) the rows; the caller decides whether the transaction stands."""
    out = Outcome()
    ctx = reg.context(target, [c for c in _codes(rows, lay) if c])
    for row in rows:
        if row[0] in dupes:
            out.refused += 1
            out.errors.append(dupes[row[0]])
            continue
        result, errors = check_row(reg, user, lay, ctx, row)
        if result is None:
            out.refused += 1
            out.errors += errors
        else:
            setattr(out, result, getattr(out, result) + 1)
    _flush(reg, user, ctx, out)
    return out


def _flush(reg: registers.Register, user: User, ctx: registers.Context, out: Outcome) -> None:
    """Write the rows the register collected; a refusal now (a code saved meanwhile by
    someone else) refuses the whole file."""
    if out.refused:
        return
    try:
        with transaction.atomic():
            reg.flush(user, ctx)
    except (ValidationError, IntegrityError) as problem:
        out.refused += 1
        messages = getattr(problem, "messages", None) or [_("数据与已有记录冲突，请重新导入。")]
        out.errors += [error(0, "", message) for message in messages]


# --- the run -------------------------------------------------------------------------------------


def _target(run: ImportRun, reg: registers.Register, user: User) -> Any:
    target = registers.target_of(reg, user, run.target_id) if run.target_id else None
    if reg.targets(user) is not None and target is None:
        raise safe.refuse(_("请选择要导入到的%(what)s。") % {"what": reg.target_label}, "target")
    return target


@without_gc
def start(
    user: User, reg: registers.Register, target: Any, file_name: str, data: bytes
) -> ImportRun:
    """Store and read the upload; a refused file ends the run here, with nothing written."""
    if not may_import(user, reg):
        raise PermissionDenied(_("只有联合办公室可以导入数据。"))
    sha256 = hashlib.sha256(data).hexdigest()
    run = ImportRun.objects.create(
        user=user,
        register=reg.name,
        target_id=getattr(target, "pk", None),
        target_label=str(target or "")[:255],
        file_name=file_name[:255],
        sha256=sha256,
        size=len(data),
    )
    try:
        table = safe.read_table(data)
        layout(reg, target, table.headers)
    except ValidationError as problem:
        return _end(run, RunStatus.REFUSED, message=" ".join(problem.messages))
    if not table.rows:
        return _end(run, RunStatus.REFUSED, message=_("表头下面没有数据行。"))
    _file_path(sha256).write_bytes(data)
    rows = text_rows(table)
    run.read_rows = {"headers": table.headers, "rows": rows}  # type: ignore[attr-defined]
    _rows_path(run).write_text(json.dumps(run.read_rows))  # type: ignore[attr-defined]
    run.rows_total = len(rows)
    run.save(update_fields=["rows_total"])
    return run


def _end(run: ImportRun, status: str, message: str = "") -> ImportRun:
    run.status = status
    run.message = message
    run.finished_at = clock.now()
    run.save()
    return run


def _stored(run: ImportRun) -> dict[str, Any]:
    return json.loads(_rows_path(run).read_text())


def stored_rows(run: ImportRun) -> dict[str, Any] | None:
    """The run's header and rows as read at upload (None once the file is gone)."""
    path = _rows_path(run)
    return json.loads(path.read_text()) if path.exists() else None


@without_gc
def advance(run: ImportRun, user: User, limit: int = CHUNK_ROWS) -> ImportRun:
    """Check the next chunk of rows (any worker may call this; the run row is locked)."""
    reg = registers.REGISTERS[run.register]
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.CHECKING:
            return run
        stored = _stored(run)
        target = _target(run, reg, user)
        lay = layout(reg, target, stored["headers"])
        rows = stored["rows"]
        dupes = duplicates(rows, lay, reg.code_header)
        chunk = rows[run.progress_done : run.progress_done + limit]
        with transaction.atomic():
            outcome = check_rows(reg, user, target, lay, chunk, dupes)
            transaction.set_rollback(True)
        _add(run, outcome)
        run.progress_done += len(chunk)
        if run.progress_done >= run.rows_total:
            run.status = RunStatus.REFUSED if run.rows_refused else RunStatus.PREVIEWED
            run.finished_at = clock.now() if run.rows_refused else None
        run.save()
    return run


def _add(run: ImportRun, outcome: Outcome) -> None:
    run.rows_added += outcome.added
    run.rows_changed += outcome.changed
    run.rows_unchanged += outcome.unchanged
    run.rows_refused += outcome.refused
    room = MAX_ERRORS - len(run.errors)
    run.errors = run.errors + outcome.errors[: max(room, 0)]


def check_all(run: ImportRun, user: User) -> ImportRun:
    while run.status == RunStatus.CHECKING:
        run = advance(run, user)
    return run


@without_gc
def commit(run: ImportRun, user: User, token: str) -> ImportRun:
    """Write every row in one transaction, or none; the token binds it to the previewed file."""
    reg = registers.REGISTERS[run.register]
    if not may_import(user, reg) or run.user_id != user.pk:
        raise PermissionDenied(_("只能确认自己上传的导入。"))
    if run.status != RunStatus.PREVIEWED or run.rows_refused:
        raise safe.refuse(_("该导入存在错误或已处理，不能确认。"), "state")
    if token != run.sha256:
        raise safe.refuse(_("预览与上传的文件不一致，请重新上传。"), "token")
    return _write(run, user, reg)


@without_gc
def import_now(run: ImportRun, user: User) -> ImportRun:
    """Check and write a just-started run in one pass, all rows or none (`twincity import`)."""
    reg = registers.REGISTERS[run.register]
    if run.status != RunStatus.CHECKING or run.user_id != user.pk:
        raise safe.refuse(_("该导入存在错误或已处理，不能确认。"), "state")
    return _write(run, user, reg)


def _rows_of(run: ImportRun) -> dict[str, Any]:
    """The rows read at upload, from the stored file that must still hash to the run's sha256."""
    path = _file_path(run.sha256)
    data = path.read_bytes() if path.exists() else b""
    if hashlib.sha256(data).hexdigest() != run.sha256:
        raise safe.refuse(_("预览与上传的文件不一致，请重新上传。"), "token")
    # a run started in this process (twincity import) keeps the rows it read
    stored = getattr(run, "read_rows", None) or stored_rows(run)
    if stored is None:
        table = safe.read_table(data)
        stored = {"headers": table.headers, "rows": text_rows(table)}
    return stored


def _write(run: ImportRun, user: User, reg: registers.Register) -> ImportRun:
    stored = _rows_of(run)
    target = _target(run, reg, user)
    lay = layout(reg, target, stored["headers"])
    rows = stored["rows"]
    with transaction.atomic():
        outcome = check_rows(reg, user, target, lay, rows, duplicates(rows, lay, reg.code_header))
        if outcome.refused:
            transaction.set_rollback(True)
        else:
            record("import.commit", actor=user, target=run, after=_summary(run, outcome))
    run.rows_added, run.rows_changed, run.rows_unchanged = 0, 0, 0
    run.rows_refused, run.errors = 0, []
    _add(run, outcome)
    run.progress_done = run.rows_total
    if outcome.refused:
        message = _("确认时有数据行未通过校验，已全部撤销，未写入任何数据。")
        return _end(run, RunStatus.FAILED, message)
    return _end(run, RunStatus.COMMITTED)


def _summary(run: ImportRun, outcome: Outcome) -> dict[str, Any]:
    return {
        "register": run.register,
        "file": run.file_name,
        "sha256": run.sha256,
        "added": outcome.added,
        "changed": outcome.changed,
    }
