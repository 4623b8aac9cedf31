"""The unread-notification count for the header badge."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from twincity.supervision.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """`unread_count`: one COUNT query, run only if a template shows it (not for anonymous)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_count": count}
