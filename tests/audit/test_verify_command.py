"""`twincity verify-audit`: ok line and exit 0, or the first broken event and a failure."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, get_commands
from django.db import DatabaseError, transaction

from tests.audit.tamper import guard_off, make_events, raw
from twincity.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

BROKEN = re.compile(
    r"^audit chain broken at event #(\d+) \(([\w.]+), \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\): (.+)$"
)


def run() -> str:
    out = StringIO()
    call_command("verify-audit", stdout=out)
    return out.getvalue()


def test_hyphenated_command_is_found_by_djangos_loader():
    assert get_commands()["verify-audit"] == "twincity.audit"


def test_clean_chain_prints_count():
    make_events(5)
    assert run() == "audit chain ok: 5 events\n"


def test_altered_event_is_named_as_hash_mismatch():
    events = make_events(5)
    with guard_off():
        raw("UPDATE audit_auditevent SET target_id = %s WHERE id = %s", ["999", events[2].pk])
    with pytest.raises(CommandError) as failure:
        run()
    match = BROKEN.match(str(failure.value))
    assert match, str(failure.value)
    assert int(match[1]) == events[2].pk
    assert match[2] == "item.update"
    assert match[3] == "hash mismatch, the event was altered"


def test_altered_event_with_recomputed_hash_breaks_the_next_link():
    events = make_events(4)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.target_id = "999"
    with guard_off():
        raw(
            "UPDATE audit_auditevent SET target_id = %s, hash = %s WHERE id = %s",
            ["999", forged.compute_hash(), forged.pk],
        )
    with pytest.raises(CommandError) as failure:
        run()
    match = BROKEN.match(str(failure.value))
    assert match, str(failure.value)
    assert int(match[1]) == events[2].pk
    assert match[3].startswith("link mismatch")


def test_deleted_event_is_a_link_break_at_the_event_after_it():
    events = make_events(5)
    with guard_off():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError) as failure:
        run()
    match = BROKEN.match(str(failure.value))
    assert match, str(failure.value)
    assert int(match[1]) == events[3].pk
    assert match[3] == "link mismatch, an event before it was deleted or inserted"


def test_deleted_first_event_breaks_at_the_second():
    events = make_events(3)
    with guard_off():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
    with pytest.raises(CommandError, match=rf"^audit chain broken at event #{events[1].pk} "):
        run()


def test_guard_is_back_after_tampering():
    events = make_events(2)
    with guard_off():
        pass
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
