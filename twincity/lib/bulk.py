"""Inserting many rows in a few statements, for the workflow's bulk verbs (an import).

Rows are dicts of attnames (`item_id`, not `item`), all with the same keys; every column not
given takes the model's default, evaluated once per call (so a batch shares one `clock.now`).
Values are adapted for the database column by column as Django would (dates, datetimes,
decimals, JSON); plain text, numbers and booleans pass as they are. No model objects are
built: bulk_create's objects and per-value compilation cost more than validating the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

PASS_THROUGH = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)
PG_ROWS_PER_STATEMENT = 1_000


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, PASS_THROUGH) and not isinstance(field, models.JSONField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def tuples(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The rows as value tuples in the order of the model's columns, ready for the database.
    Every row carries the same keys; the defaults are evaluated and adapted once."""
    if not rows:
        return []
    fields = _columns(model)
    index = {f.attname: i for i, f in enumerate(fields)}
    unknown = set(rows[0]) - set(index)
    if unknown:
        raise ValueError(f"{model._meta.label}: no column {', '.join(sorted(unknown))}")
    base = [_adapted(f, f.get_default()) for f in fields]
    given = [(index[key], key, _adapter(fields[index[key]])) for key in rows[0]]
    out = []
    for row in rows:
        values = base.copy()
        for i, key, adapt in given:
            value = row[key]
            values[i] = adapt(value) if adapt is not None and value is not None else value
        out.append(tuple(values))
    return out


def _adapted(field: models.Field[Any, Any], value: Any) -> Any:
    adapt = _adapter(field)
    return adapt(value) if adapt is not None and value is not None else value


def insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT the rows (see the module's note)."""
    if not rows:
        return
    table, columns, marks = _statement_parts(model)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {marks}", tuples(model, rows))


def insert_returning_ids(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """INSERT the rows and return their new primary keys, in the rows' order (as bulk_create
    relies on: a multi-row INSERT … RETURNING gives them in order on SQLite and PostgreSQL)."""
    table, columns, marks = _statement_parts(model)
    values = tuples(model, rows)
    width = len(_columns(model))
    limit = connection.features.max_query_params
    size = max(1, limit // width) if limit else PG_ROWS_PER_STATEMENT
    pk = connection.ops.quote_name(str(model._meta.pk.column))  # type: ignore[union-attr]
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            batch = values[start : start + size]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(batch))}"
            cursor.execute(f"{sql} RETURNING {pk}", [v for row in batch for v in row])
            ids += [row[0] for row in cursor.fetchall()]
    return ids


def _statement_parts(model: type[models.Model]) -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    fields = _columns(model)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    return quote(model._meta.db_table), columns, f"({', '.join(['%s'] * len(fields))})"
