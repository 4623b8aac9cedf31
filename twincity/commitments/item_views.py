"""Placeholder views, being written now."""

from django.http import HttpRequest, HttpResponse


def detail(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError
