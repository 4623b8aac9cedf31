"""Thirty minutes without a request end the session."""

from django.urls import reverse

from tests.accounts.helpers import is_logged_in
from twincity.audit.models import AuditEvent

PAGE = reverse("accounts:password_change")


def test_31_idle_minutes_log_out_and_redirect_to_login(as_user, frozen):
    client = as_user("cq_liaison")
    assert client.get(PAGE).status_code == 200
    frozen.move(minutes=31)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not is_logged_in(client)
    notice = client.get(response["Location"]).content.decode()
    assert "由于长时间未操作，您已自动退出，请重新登录。" in notice


def test_idle_logout_is_audited(as_user, frozen):
    client = as_user("cq_liaison")
    client.get(PAGE)
    frozen.move(minutes=31)
    client.get(PAGE)
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.after == {"reason": "idle"}


def test_29_idle_minutes_keep_the_session(as_user, frozen):
    client = as_user("cq_liaison")
    client.get(PAGE)
    frozen.move(minutes=29)
    assert client.get(PAGE).status_code == 200
    frozen.move(minutes=29)  # each request restarts the idle clock
    assert client.get(PAGE).status_code == 200
    assert is_logged_in(client)


def test_htmx_request_is_sent_to_login_by_header(as_user, frozen):
    client = as_user("cq_liaison")
    client.get(PAGE)
    frozen.move(minutes=31)
    response = client.get(PAGE, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("accounts:login")
    assert not is_logged_in(client)
