"""The list of users: filters, pagination, a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory as f
from twincity.accounts.models import Role

URL = reverse("accounts:users")


def usernames(response) -> set[str]:
    return {u.username for u in response.context["page"]}


def test_lists_users_with_their_roles(world, as_user):
    response = as_user("secadmin").get(URL)
    body = response.content.decode()
    assert "cq_liaison" in body
    assert "单位联络员" in body
    assert "重庆市发展改革委" in body


def test_sysadmin_sees_the_create_button_secadmin_does_not(as_user):
    assert reverse("accounts:user_create") in as_user("sysadmin").get(URL).content.decode()
    assert reverse("accounts:user_create") not in as_user("secadmin").get(URL).content.decode()


def test_filter_by_text(as_user):
    response = as_user("sysadmin").get(URL, {"q": "liaison"})
    assert usernames(response) == {"cq_liaison", "sc_liaison"}


def test_filter_by_role_and_unit(world, as_user):
    response = as_user("sysadmin").get(URL, {"role": Role.LIAISON, "unit": world.cq_unit.pk})
    assert usernames(response) == {"cq_liaison"}


def test_filter_by_active(world, as_user):
    user = world.users["leader"]
    user.is_active = False
    user.save()
    assert usernames(as_user("sysadmin").get(URL, {"active": "0"})) == {"leader"}
    assert "leader" not in usernames(as_user("sysadmin").get(URL, {"active": "1"}))


def test_bad_filter_shows_a_message(as_user):
    response = as_user("sysadmin").get(URL, {"unit": "999999"})
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]


def test_htmx_gets_only_the_fragment(as_user):
    response = as_user("sysadmin").get(URL, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "cq_liaison" in response.content.decode()


def add_users(first: int, last: int, unit) -> None:
    for n in range(first, last):
        f.make_user(f"extra{n:03d}", Role.LIAISON, unit)


def test_query_count_does_not_grow(world, as_user, django_assert_num_queries):
    client = as_user("sysadmin")
    client.get(URL)  # warm the session
    add_users(0, 5, world.cq_unit)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add_users(5, 50, world.sc_unit)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page"]) == 50
