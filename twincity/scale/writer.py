"""Bulk insert with explicit ids: executemany on SQLite, COPY on PostgreSQL.

Generated rows carry their own primary keys (taken from `Writer.ids`), so that children can
point at parents without reading anything back. Datetimes are naive UTC in the rows; SQLite
stores them so (as Django does), PostgreSQL gets them marked as UTC. Call `finish()` at the
end: it moves PostgreSQL's id sequences past the written ids.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

BATCH = 5_000
UTC = dt.UTC


def columns(names: str) -> list[str]:
    """Field names written as one space-separated string (long rows read better so)."""
    return names.split()


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model._meta.label}.{name} is not a column")
    return field.column


class Writer:
    """Appends rows to tables and keeps, per table, how many rows and seconds it took."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.next_ids: dict[type[models.Model], int] = {}
        self.rows: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.models: list[type[models.Model]] = []

    def ids(self, model: type[models.Model], count: int) -> range:
        """Reserve `count` primary keys of a table (after any rows it already holds)."""
        if model not in self.next_ids:
            top = model._default_manager.aggregate(top=Max("pk"))["top"]
            self.next_ids[model] = (top or 0) + 1
            self.models.append(model)
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def one_id(self, model: type[models.Model]) -> int:
        return self.ids(model, 1)[0]

    def numbered(self, model: type[models.Model], rows: list[tuple]) -> list[tuple]:
        """The rows with fresh ids in front."""
        return [(pk, *row) for pk, row in zip(self.ids(model, len(rows)), rows, strict=True)]

    def write(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Insert rows (values in `fields` order, attnames such as `item_id`)."""
        started = time.perf_counter()
        _check_fields(model, fields)
        names = [_column(model, name) for name in fields]
        stamps = _positions(model, fields, models.DateTimeField)
        jsons = _positions(model, fields, models.JSONField)
        count = 0
        for batch in _batches(rows, BATCH):
            batch = _as_json(batch, jsons)
            if self.vendor == "postgresql":
                self._copy(model._meta.db_table, names, _aware(batch, stamps))
            else:
                self._executemany(model._meta.db_table, names, batch)
            count += len(batch)
        label = model._meta.db_table
        self.rows[label] += count
        self.seconds[label] += time.perf_counter() - started
        return count

    def write_dicts(self, model: type[models.Model], rows: list[dict[str, Any]]) -> int:
        """Insert rows given as dicts (all with the same keys): for the smaller tables."""
        if not rows:
            return 0
        fields = list(rows[0])
        return self.write(model, fields, [tuple(row.values()) for row in rows])

    def update(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        keys: Sequence[str],
        rows: Iterable[Sequence[Any]],
    ) -> None:
        """UPDATE rows found by `keys`; each row holds the new values, then the keys'."""
        quote, meta = connection.ops.quote_name, model._meta
        sets = ", ".join(f"{quote(_column(model, f))} = %s" for f in fields)
        where = " AND ".join(f"{quote(_column(model, k))} = %s" for k in keys)
        sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {where}"
        with connection.cursor() as cursor:
            for batch in _batches(rows, BATCH):
                cursor.executemany(sql, batch)

    def _executemany(self, table: str, columns: list[str], batch: list[Sequence[Any]]) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", batch)

    def _copy(self, table: str, columns: list[str], batch: list[Sequence[Any]]) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)

    def finish(self) -> None:
        """Let PostgreSQL's sequences continue after the ids written here."""
        if self.vendor != "postgresql" or not self.models:
            return
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)


def _check_fields(model: type[models.Model], fields: Sequence[str]) -> None:
    """Raw inserts skip Django's defaults: every NOT NULL column must be given."""
    missing = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.null and f.attname not in fields and f.db_default is models.NOT_PROVIDED
    ]
    if missing:
        raise ValueError(f"{model._meta.label}: no value for {', '.join(missing)}")


def _positions(model: type[models.Model], fields: Sequence[str], kind: type) -> list[int]:
    return [i for i, name in enumerate(fields) if isinstance(model._meta.get_field(name), kind)]


def _as_json(batch: list[Sequence[Any]], positions: list[int]) -> list[Sequence[Any]]:
    """JSON values as text: SQLite stores it so, PostgreSQL parses it into jsonb."""
    if not positions:
        return batch
    out: list[Sequence[Any]] = []
    for row in batch:
        values = list(row)
        for i in positions:
            values[i] = json.dumps(values[i])
        out.append(values)
    return out


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _aware(batch: list[Sequence[Any]], stamps: list[int]) -> list[Sequence[Any]]:
    if not stamps:
        return batch
    out: list[Sequence[Any]] = []
    for row in batch:
        values = list(row)
        for i in stamps:
            if values[i] is not None:
                values[i] = values[i].replace(tzinfo=UTC)
        out.append(values)
    return out


@contextmanager
def fast_writes() -> Iterator[None]:
    """On SQLite, skip fsync and use a large page cache while the build runs (a crash
    mid-build leaves a database to throw away anyway); restore the settings after. Inside
    a transaction (in tests) SQLite cannot change this, nor is there any need."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-2000")


@contextmanager
def without_indexes(tables: list[type[models.Model]]) -> Iterator[None]:
    """Drop the tables' secondary indexes for a bulk load and create them again after, from
    the database's own definitions: building an index once is much cheaper than keeping it
    up to date row by row. Primary keys and constraints' own indexes stay."""
    saved = [row for model in tables for row in _indexes(model._meta.db_table)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, _sql in saved:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            connection.check_constraints()  # no deferred checks may be pending for CREATE INDEX
        with connection.cursor() as cursor:
            for _name, sql in saved:
                cursor.execute(sql)


def _indexes(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                " AND sql IS NOT NULL ORDER BY name",
                [table],
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname"
                " NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)"
                " ORDER BY indexname",
                [table, table],
            )
        return [(name, sql) for name, sql in cursor.fetchall()]


def analyze() -> None:
    """Fresh planner statistics, so that the first queries on the new data plan well."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
