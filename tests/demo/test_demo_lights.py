"""`twincity demo` leaves every item's stored lights equal to the live ones, as of today."""

from __future__ import annotations

from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from twincity.commitments.models import Item, ItemSide
from twincity.lib import clock
from twincity.supervision.models import Light
from twincity.supervision.stats import lights_for


class DemoLightsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())

    def test_stored_item_lights_are_the_live_ones(self) -> None:
        live = {pk: got.light for pk, got in lights_for(Item.objects.all()).items()}
        self.assertEqual(dict(Item.objects.values_list("pk", "light")), live)
        shown = Counter(live.values())
        for light in (Light.RED, Light.YELLOW, Light.GREEN, Light.RECOVERED):
            self.assertGreater(shown[light], 0, light)

    def test_stored_side_lights_are_the_live_ones(self) -> None:
        lights = lights_for(Item.objects.all())
        rows = ItemSide.objects.values_list("item_id", "party_id", "light")
        wrong = [row for row in rows if lights[row[0]].sides[row[1]] != row[2]]
        self.assertEqual(wrong, [])

    def test_every_item_was_refreshed_today(self) -> None:
        dates = set(Item.objects.values_list("light_on", flat=True))
        self.assertEqual(dates, {clock.today()})
