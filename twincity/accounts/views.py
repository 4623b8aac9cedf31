"""Placeholder views, being written now."""

from django.http import HttpRequest, HttpResponse


def login_view(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def logout_view(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def password_change(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def users(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError


def organisation(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise NotImplementedError
