"""record() chains each event to the one before; the database refuses changes to the log."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, transaction

from tests.audit.tamper import make_events, raw
from twincity.audit.log import record
from twincity.audit.models import GENESIS, AuditEvent
from twincity.audit.verify import verify_chain
from twincity.lib import clock

pytestmark = pytest.mark.django_db


def test_record_links_each_event_to_the_previous_hash():
    first, second, third = make_events(3)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_stored_hash_matches_the_row_read_back():
    event = record(
        "item.update",
        target_type="commitments.item",
        target_id="9",
        before={"title": "旧", "amount": "1.50"},
        after={"title": "新", "tags": [1, 2]},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.compute_hash() == stored.hash == event.hash


def test_local_time_event_still_verifies(monkeypatch):
    shanghai = dt.datetime(2025, 6, 1, 9, 30, 0, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(clock, "now", lambda: shanghai)
    event = record("auth.login", actor_name="someone")
    assert AuditEvent.objects.get(pk=event.pk).compute_hash() == event.hash


def test_verify_ok_on_a_clean_chain():
    make_events(7)
    result = verify_chain()
    assert result.ok
    assert result.count == 7


def test_verify_ok_on_an_empty_log():
    assert verify_chain().ok
    assert verify_chain().count == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_database_refuses_raw_update_and_delete(sql):
    event = make_events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "item.update"


def test_database_refuses_orm_update():
    event = make_events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    event.action = "forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "item.update"


def test_database_refuses_orm_delete():
    event = make_events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()
