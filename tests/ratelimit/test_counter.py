"""The fixed-window counter behind every rate limit."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from tests.ratelimit.conftest import later
from twincity.lib import clock, ratelimit
from twincity.lib.ratelimit import hit


def test_allows_up_to_the_limit_then_refuses_until_the_window_ends(at_start):
    assert [hit("s", "k", 3, 300).allowed for _ in range(3)] == [True, True, True]
    with clock.travel(later(seconds=100)):
        refused = hit("s", "k", 3, 300)
    assert not refused.allowed
    assert refused.retry_after == 200
    assert refused.first_refusal


def test_only_the_first_refusal_of_a_window_is_marked_first(at_start):
    decisions = [hit("s", "k", 1, 60) for _ in range(4)]
    assert [d.first_refusal for d in decisions] == [False, True, False, False]


def test_the_next_window_starts_from_zero(at_start):
    for _ in range(3):
        hit("s", "k", 2, 300)
    with clock.travel(later(seconds=299)):
        assert not hit("s", "k", 2, 300).allowed
    with clock.travel(later(seconds=300)):
        assert hit("s", "k", 2, 300).allowed


def test_keys_and_scopes_are_counted_apart(at_start):
    hit("s", "a", 1, 60)
    assert not hit("s", "a", 1, 60).allowed
    assert hit("s", "b", 1, 60).allowed
    assert hit("other", "a", 1, 60).allowed


@pytest.mark.parametrize(
    ("rate", "expected"), [("30/300s", (30, 300)), ("600/60", (600, 60)), (" 5 / 1s ", (5, 1))]
)
def test_parse_rate(rate, expected):
    assert ratelimit.parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "30", "30/5m", "0/60s", "30/0s", "x/60s"])
def test_parse_rate_refuses_other_shapes(rate):
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rate(rate)


DB_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "twincity_cache",
    }
}


@override_settings(CACHES=DB_CACHE)
def test_counts_in_the_database_cache_the_default_backend(db, at_start):
    # The test database gets the cache table from Django's test set-up (createcachetable).
    assert [hit("s", "k", 2, 60).allowed for _ in range(3)] == [True, True, False]
    with clock.travel(later(seconds=60)):
        assert hit("s", "k", 2, 60).allowed
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM twincity_cache")
        assert cursor.fetchone()[0] == 2  # one counter per window
