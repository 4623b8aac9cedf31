"""Recording a work result: items the user can see, figures, links, attachments, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factory as f
from tests.lists.util import ALL_PERSONAS, assert_login_redirect
from twincity.audit.models import AuditEvent
from twincity.commitments.models import Attachment, Result, ResultType

URL = reverse("commitments:result_create")
MAY_CREATE = {"office", "cq_liaison", "sc_liaison", "outsider"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def figures(*rows) -> dict:
    data = {
        "figures-TOTAL_FORMS": "3",
        "figures-INITIAL_FORMS": "0",
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "50",
    }
    for n, (label, value, unit) in enumerate(rows):
        data |= {
            f"figures-{n}-label": label,
            f"figures-{n}-value": value,
            f"figures-{n}-unit": unit,
        }
    return data


def form_data(world, items, **overrides) -> dict:
    return (
        {
            "title": "中欧班列（成渝）开行突破",
            "type": ResultType.MECHANISM,
            "date": "2025-01-15",
            "parties": [world.cq.pk, world.sc.pk],
            "items": [i.pk for i in items],
            "description": "统一品牌运营",
            "evidence_links": "http://oa.example.gov.cn/doc/1\n\n",
        }
        | figures(("中欧班列累计开行", "36000", "列"), ("去程占比", "55.5", "%"))
        | overrides
    )


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_office_and_liaisons_may_open_the_form(as_user, persona):
    status = 200 if persona in MAY_CREATE else 403
    assert as_user(persona).get(URL).status_code == status


def test_anonymous_is_sent_to_login(client, world):
    assert_login_redirect(client.get(URL))


def test_a_liaison_records_a_result_with_figures_and_evidence(as_user, world):
    item = world.item(code="10-01")
    upload = SimpleUploadedFile("通报.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = as_user("cq_liaison").post(URL, form_data(world, [item], attachments=[upload]))
    result = Result.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:result_detail", args=[result.pk])
    assert list(result.items.all()) == [item]
    assert set(result.parties.all()) == {world.cq, world.sc}
    assert result.created_by == world.users["cq_liaison"]
    assert result.evidence_links == "http://oa.example.gov.cn/doc/1"
    assert [(f.label, f.value, f.unit) for f in result.figures.all()] == [
        ("中欧班列累计开行", Decimal("36000"), "列"),
        ("去程占比", Decimal("55.5"), "%"),
    ]
    attachment = Attachment.objects.get(result=result)
    assert attachment.name == "通报.pdf" and attachment.file.read() == b"%PDF-1.4 test"
    event = AuditEvent.objects.get(action="result.create", target_id=str(result.pk))
    assert event.after["figures"][0] == {
        "label": "中欧班列累计开行",
        "value": "36000",
        "unit": "列",
    }
    assert AuditEvent.objects.filter(action="attachment.upload").exists()


def test_a_liaison_may_only_choose_items_they_can_see(as_user, world):
    hidden = f.make_item(code="99-01")
    page = as_user("outsider").get(URL).content.decode()
    assert "99-01" not in page
    response = as_user("outsider").post(URL, form_data(world, [hidden]))
    assert response.status_code == 200
    assert "对应事项：" in response.content.decode()
    assert not Result.objects.exists()


def test_a_bad_figure_is_named_and_nothing_is_written(as_user, world):
    data = form_data(world, []) | figures(("中欧班列累计开行", "很多", "列"))
    response = as_user("office").post(URL, data)
    assert response.status_code == 200
    assert "数值：" in response.content.decode()
    assert not Result.objects.exists()


def test_a_missing_title_and_a_future_date_are_named(as_user, world):
    tomorrow = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    response = as_user("office").post(URL, form_data(world, [], title="", date=tomorrow))
    page = response.content.decode()
    assert "请填写“成果名称”。" in page and "“取得时间”不能晚于今天。" in page
    assert not Result.objects.exists()


def test_links_must_be_web_addresses(as_user, world):
    data = form_data(world, [], evidence_links="javascript:alert(1)")
    response = as_user("office").post(URL, data)
    assert "佐证链接" in response.content.decode()
    assert not Result.objects.exists()


def test_a_forbidden_file_type_is_refused(as_user, world):
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = as_user("office").post(URL, form_data(world, [], attachments=[upload]))
    assert response.status_code == 200
    assert "run.exe" in response.content.decode()
    assert not Result.objects.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize("persona", ["cq_head", "wg_lead", "leader", "auditor"])
def test_others_cannot_post(as_user, world, persona):
    assert as_user(persona).post(URL, form_data(world, [])).status_code == 403
    assert not Result.objects.exists()


def test_prefill_items_from_the_item_page(as_user, world):
    item = world.item(code="10-07")
    page = as_user("office").get(URL, {"item": item.pk}).content.decode()
    assert f'<option value="{item.pk}" selected>' in page
