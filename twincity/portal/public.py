"""What the public portal may show: the one place that decides public visibility.

Every portal page and download starts from these querysets; nothing else in the portal
reads ItemList, Item, Result, Meeting, Decision, Indicator or Observation directly.

- A list is public when it is marked public.
- An item is public when it is marked public, its list is public and it is not a draft.
- A result is public when it is marked public.
- A meeting is public when it is closed and a public list, a public result or a public item
  (through one of the meeting's decisions) comes from it. Its public outcome is exactly
  those records, and the decisions that public items carry out.
- An indicator is public when it is marked public; so are all its observations.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from twincity.commitments.models import (
    Item,
    ItemList,
    ItemListQuerySet,
    ItemQuerySet,
    ItemState,
    Result,
    ResultQuerySet,
)
from twincity.indicators.models import Indicator, IndicatorQuerySet, Observation
from twincity.meetings.models import Decision, Meeting, MeetingQuerySet, MeetingStatus


def public_lists() -> ItemListQuerySet:
    return ItemList.objects.filter(is_public=True)


def public_items() -> ItemQuerySet:
    return Item.objects.filter(is_public=True, list__is_public=True).exclude(state=ItemState.DRAFT)


def public_results() -> ResultQuerySet:
    return Result.objects.filter(is_public=True)


def public_decisions() -> QuerySet[Decision]:
    """Decisions that at least one public item carries out."""
    carried = public_items().filter(source_decision=OuterRef("pk"))
    return Decision.objects.filter(Exists(carried.values("pk")))


def public_meetings() -> MeetingQuerySet:
    sources = (
        public_lists().filter(source_meeting=OuterRef("pk")).values("pk"),
        public_results().filter(meeting=OuterRef("pk")).values("pk"),
        public_decisions().filter(meeting=OuterRef("pk")).values("pk"),
    )
    closed = Meeting.objects.filter(status=MeetingStatus.CLOSED)
    return closed.filter(Exists(sources[0]) | Exists(sources[1]) | Exists(sources[2]))


def meeting_shown(meeting: Meeting | None) -> bool:
    """May a public record link to its meeting? Yes once closed: the record makes it public."""
    return meeting is not None and meeting.status == MeetingStatus.CLOSED


def public_indicators() -> IndicatorQuerySet:
    return Indicator.objects.public()


def public_observations() -> QuerySet[Observation]:
    return Observation.objects.filter(indicator__is_public=True)
