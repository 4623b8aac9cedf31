import re

from django.test import Client


def test_openapi_and_docs_are_served_without_external_hosts(db):
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui" in docs
    assert not re.search(r"(src|href)=\"https?://", docs), (
        "docs page must load nothing from outside"
    )


def test_health(db):
    assert Client().get("/api/v1/health").json() == {"status": "ok"}


def test_schema_class_names_are_unique():
    """ninja names OpenAPI components by class name and silently keeps one of two namesakes,
    so two API schemas with one name would document the wrong body."""
    from collections import defaultdict

    from ninja import Schema

    import twincity.api  # noqa: F401  (mounts every router, importing every schema)

    seen: dict[str, set[str]] = defaultdict(set)
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("twincity.") and "[" not in cls.__name__:
            seen[cls.__name__].add(cls.__module__)
    clashes = {name: modules for name, modules in seen.items() if len(modules) > 1}
    assert not clashes, clashes
