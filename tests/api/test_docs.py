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
