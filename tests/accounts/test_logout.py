"""Logging out: POST only."""

from django.urls import reverse

from tests.accounts.helpers import is_logged_in


def test_post_logs_out_and_goes_to_login(as_user):
    client = as_user("cq_liaison")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)


def test_get_is_refused(as_user):
    client = as_user("cq_liaison")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)
