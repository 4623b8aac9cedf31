"""API routers of this app (mounted by twincity/api.py; see docs/api.md)."""

from ninja import Router

routers: dict[str, Router] = {}
