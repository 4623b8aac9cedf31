"""The one NinjaAPI; each app adds a Router (see docs/api.md)."""

from django.http import HttpRequest
from ninja import NinjaAPI

api = NinjaAPI(title="twincity API", version="1", urls_namespace="api")


@api.get("/health", auth=None, tags=["system"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}
