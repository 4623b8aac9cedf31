"""Downloads of the official documents, as Word or PDF, with the source pages' visibility.

Meetings, rounds and notices are looked up through their `visible_to` (or the ladder's
`visible_notices`), so what a user cannot see is a 404, as are the three administrators; the
project bulletin, like its page, is for the readers of everything (others get 403).
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from twincity.accounts.models import User
from twincity.accounts.policy import actor_of, is_business_user
from twincity.meetings.models import Meeting
from twincity.reports import documents
from twincity.reports.files import download
from twincity.supervision.models import ReportingRound


def _reader(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if not is_business_user(actor_of(user)):
        raise Http404
    return user


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    rows = Meeting.objects.visible_to(_reader(request)).select_related("series")
    return get_object_or_404(rows, pk=pk)


@login_required
def briefing(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    return download(documents.briefing(meeting, _reader(request)), fmt)


@login_required
def communique(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    return download(documents.communique(meeting, _reader(request)), fmt)


@login_required
def round_bulletin(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    user = _reader(request)
    rnd = get_object_or_404(ReportingRound.objects.visible_to(user), pk=pk)
    return download(documents.round_bulletin(rnd, user), fmt)


@login_required
def notice(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    user = _reader(request)
    found = get_object_or_404(documents.notices_for(user), pk=pk)
    return download(documents.notice_document(found), fmt)


@login_required
def project_bulletin(request: HttpRequest, year: int, month: int, fmt: str) -> HttpResponse:
    user = _reader(request)
    if not actor_of(user).reads_all:
        raise PermissionDenied
    plist = documents.project_list(year, user)
    if plist is None or not 1 <= month <= 12:
        raise Http404
    return download(documents.project_bulletin(plist, month, user), fmt)
