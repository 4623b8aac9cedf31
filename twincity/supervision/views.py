"""Supervision pages: placeholder until the rounds work lands."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    raise Http404
