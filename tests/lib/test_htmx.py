from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from twincity.lib.htmx import is_fragment_request


def _request(**headers):
    request = RequestFactory().get("/", **headers)
    request.htmx = HtmxDetails(request)
    return request


def test_plain_request_gets_the_page():
    assert not is_fragment_request(_request())


def test_htmx_request_gets_the_fragment():
    assert is_fragment_request(_request(HTTP_HX_REQUEST="true"))


def test_boosted_and_history_restore_get_the_page():
    assert not is_fragment_request(_request(HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true"))
    assert not is_fragment_request(
        _request(HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    )
