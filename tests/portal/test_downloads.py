"""The open-data downloads: CSV (UTF-8 with BOM, formula-safe) and JSON, public rows only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.portal.conftest import assert_no_secrets
from twincity.portal.data import DATASETS


def get(name: str, fmt: str, **params):
    return Client().get(reverse("portal:download", args=[name, fmt]), params)


@pytest.mark.parametrize("name", list(DATASETS))
def test_csv(portal, name):
    response = get(name, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "max-age=300" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [key for key, _ in DATASETS[name].fields]
    assert len(rows) > 1
    assert_no_secrets(response.content.decode("utf-8-sig"), name)


@pytest.mark.parametrize("name", list(DATASETS))
def test_json(portal, name):
    response = get(name, "json")
    document = json.loads(response.content)
    assert document["dataset"] == name
    assert document["count"] == len(document["rows"]) > 0
    assert {"generated_at", "fields", "title"} <= set(document)
    assert set(document["rows"][0]) == {f["name"] for f in document["fields"]}
    assert_no_secrets(response.content.decode(), name)


def test_exact_rows(portal):
    items = json.loads(get("items", "json").content)["rows"]
    assert sorted(r["code"] for r in items) == ["PUB-001", "PUB-002", "PUB-003"]
    red = next(r for r in items if r["code"] == "PUB-001")
    assert (red["state"], red["light"], red["light_label"]) == ("in_progress", "red", "红灯")
    observations = json.loads(get("observations", "json").content)["rows"]
    assert [o["value"] for o in observations] == ["81990", "86000.5"]
    assert observations[0]["period_end"] == "2023-12-31"


def test_one_lists_items(portal):
    rows = json.loads(get("items", "json", list=portal.other_public_list.pk).content)["rows"]
    assert [r["code"] for r in rows] == ["PUB-003"]
    private = json.loads(get("items", "json", list=portal.private_list.pk).content)
    assert private["count"] == 0


def test_formula_cells_are_defused(portal):
    portal.result.title = '=HYPERLINK("http://x")'
    portal.result.description = "@SUM(A1)"
    portal.result.save()
    portal.result.figures.update(label="-1+1")
    text = get("results", "csv").content.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == str(portal.result.pk))
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert row[6] == "'@SUM(A1)"
    assert row[7].startswith("'-1+1")
    assert json.loads(get("results", "json").content)["rows"]  # JSON keeps the text as is


def test_unknown_dataset_or_format_is_404(portal):
    assert get("users", "csv").status_code == 404
    assert get("items", "xlsx").status_code == 404


def test_data_page_lists_every_download(portal):
    html = Client().get(reverse("portal:data")).content.decode()
    for name in DATASETS:
        for fmt in ("csv", "json"):
            assert reverse("portal:download", args=[name, fmt]) in html
