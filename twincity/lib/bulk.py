"""Inserting many rows in a few statements, for the workflow's bulk verbs (an import).

A row is a tuple of values in the order of the given `fields` (attnames: `item_id`, not
`item`); every other column takes the model's default, evaluated once per call (so a batch
shares one `clock.now`). Values are adapted for the database column by column as Django
would (dates, datetimes, decimals, JSON); plain text, numbers and booleans pass as they are.
No model objects are built: bulk_create's objects and per-value compilation cost more than
validating the rows.
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


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, PASS_THROUGH) and not isinstance(field, models.JSONField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _adapted(field: models.Field[Any, Any], value: Any) -> Any:
    adapt = _adapter(field)
    return adapt(value) if adapt is not None and value is not None else value


class Plan:
    """The columns of an insert: the given fields, then the others with their defaults."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        by_name = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        unknown = set(fields) - set(by_name)
        if unknown:
            raise ValueError(f"{model._meta.label}: no column {', '.join(sorted(unknown))}")
        rest = [f for name, f in by_name.items() if name not in fields]
        self.tail = tuple(_adapted(f, f.get_default()) for f in rest)
        self.adapt = [(i, a) for i, n in enumerate(fields) if (a := _adapter(by_name[n]))]
        columns = [by_name[name] for name in fields] + rest
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(str(f.column)) for f in columns)
        self.marks = f"({', '.join(['%s'] * len(columns))})"
        self.width = len(columns)
        self.pk = quote(str(model._meta.pk.column))  # type: ignore[union-attr]

    def values(self, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        if not self.adapt:
            return [(*row, *self.tail) for row in rows]
        out = []
        for row in rows:
            values = list(row)
            for i, adapt in self.adapt:
                if values[i] is not None:
                    values[i] = adapt(values[i])
            out.append((*values, *self.tail))
        return out


def insert(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT the rows (see the module's note)."""
    if not rows:
        return
    plan = Plan(model, fields)
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {plan.table} ({plan.columns}) VALUES {plan.marks}"
        cursor.executemany(sql, plan.values(rows))


def insert_returning_ids(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """INSERT the rows and return their new primary keys, in the rows' order (as bulk_create
    relies on: a multi-row INSERT … RETURNING gives them in order on SQLite and PostgreSQL)."""
    plan = Plan(model, fields)
    values = plan.values(rows)
    limit = connection.features.max_query_params
    size = max(1, limit // plan.width) if limit else PG_ROWS_PER_STATEMENT
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            batch = values[start : start + size]
            sql = f"INSERT INTO {plan.table} ({plan.columns}) VALUES "
            sql += ", ".join([plan.marks] * len(batch))
            cursor.execute(f"{sql} RETURNING {plan.pk}", [v for row in batch for v in row])
            ids += [row[0] for row in cursor.fetchall()]
    return ids
