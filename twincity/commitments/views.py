"""Placeholder views, being written now."""

from django.http import HttpRequest, HttpResponse


def lists(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def list_detail(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def items(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def results(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def item_create(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def item_edit(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError
