"""The dashboard makes the same number of queries whatever the amount of data, both when it
computes its figures (cold) and when it serves them from the figures cache (warm)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tests.projects.util import make_project, make_report
from tests.queries import queries_for
from tests.services.conftest import add_volume, make_service
from twincity.lib import figcache
from twincity.projects.models import ProjectList
from twincity.services.models import ServiceBatch

URL = reverse("dashboards:index")


def grow(world, dash, times: int) -> None:
    """More items, projects with reports and locations, and volumes: every chart's rows."""
    plist = ProjectList.objects.get(year=2025)
    places = list(dash.projects[1].locations.all())
    for n in range(times):
        item = world.item(list=dash.lists[n % 2], state="in_progress", deadline=dt.date(2025, 9, 1))
        item.sides.update(light=["red", "green", "yellow"][n % 3])
        project = make_project(plist, str(10 + n))
        project.locations.set(places)
        make_report(project, 1 + n % 11, str(Decimal(n)))
        service = make_service(ServiceBatch.objects.get())
        add_volume(service, [world.cq, world.sc][n % 2], 2025, 1 + n % 12, 100 + n)


def cold_and_warm(client, url: str) -> tuple[int, int]:
    """The factories in `grow` write no audit event: start a new data generation by hand."""
    figcache.lights_changed()
    return queries_for(client, url), queries_for(client, url)


def test_constant_queries(dash, world, as_user):
    client = as_user("leader")
    client.get(URL)  # the first request saves the session
    for measure in ("projects", "completion", "red", "ind:gdp"):
        url = f"{URL}?measure={measure}"
        small = cold_and_warm(client, url)
        grow(world, dash, 40)
        assert cold_and_warm(client, url) == small, measure
        assert small[1] < small[0], "the warm view is served from the cache"


def test_constant_queries_filtered(dash, world, as_user):
    client = as_user("cq_liaison")
    client.get(URL)  # the first request saves the session
    url = f"{URL}?year=2025&side=cq&area=对外开放&group={world.group.number}"
    small = cold_and_warm(client, url)
    grow(world, dash, 30)
    assert cold_and_warm(client, url) == small
    assert small[1] < small[0]
