"""Placeholder views, being written now."""

from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError
