import pytest
from django.core.management import CommandError, call_command

from twincity.accounts.models import Membership
from twincity.audit.models import AuditEvent


def test_creates_an_admin_with_one_role(db, monkeypatch, capsys):
    monkeypatch.setenv("TWINCITY_ADMIN_PASSWORD", "Strong-Pass-2025!")
    call_command("create-admin", "sec1", role="secadmin")
    assert list(
        Membership.objects.filter(user__username="sec1").values_list("role", flat=True)
    ) == ["secadmin"]
    assert AuditEvent.objects.filter(action="accounts.admin_bootstrap").exists()
    assert "created secadmin account sec1" in capsys.readouterr().out


def test_refuses_a_weak_password_and_writes_nothing(db, monkeypatch):
    monkeypatch.setenv("TWINCITY_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError):
        call_command("create-admin", "sec2", role="secadmin")
    assert not Membership.objects.exists()
