"""Uploading attachments to an item and downloading them."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.item_page.conftest import audit_count, bring, messages_of, pdf
from twincity.commitments import files, workflow
from twincity.commitments.models import Attachment, Result
from twincity.lib import clock


def url(item) -> str:
    return reverse("commitments:item_attachment", args=[item.pk])


def download(attachment) -> str:
    return reverse("commitments:attachment_download", args=[attachment.pk])


@pytest.mark.parametrize("persona", ["office", "cq_liaison", "sc_liaison"])
def test_office_and_lead_liaisons_upload(world, as_user, new_item, media, persona):
    item = new_item()
    response = as_user(persona).post(url(item), {"file": pdf("实施方案.pdf")})
    assert response.status_code == 302
    row = Attachment.objects.get()
    assert (row.item, row.name, row.uploaded_by) == (item, "实施方案.pdf", world.users[persona])
    assert audit_count("attachment.upload", row) == 1


@pytest.mark.parametrize("persona", ["cq_head", "leader", "wg_lead"])
def test_others_who_see_the_item_may_not_upload(world, as_user, new_item, media, persona):
    item = new_item(working_group=world.group)
    assert as_user(persona).post(url(item), {"file": pdf()}).status_code == 403
    assert not Attachment.objects.exists()


def test_outsider_gets_404(as_user, new_item, media):
    assert as_user("outsider").post(url(new_item()), {"file": pdf()}).status_code == 404


def test_forbidden_type_is_refused_in_chinese(as_user, new_item, media):
    response = as_user("office").post(url(new_item()), {"file": pdf("tool.exe")}, follow=True)
    assert any("文件“tool.exe”的类型不允许上传" in m for m in messages_of(response))
    assert not Attachment.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=32)
def test_too_big_is_refused(as_user, new_item, media):
    response = as_user("office").post(url(new_item()), {"file": pdf(size=100)}, follow=True)
    assert any("超过大小限制" in m for m in messages_of(response))
    assert not Attachment.objects.exists()


def test_missing_file_is_refused(as_user, new_item, media):
    response = as_user("office").post(url(new_item()), {}, follow=True)
    assert "文件：请选择要上传的文件。" in messages_of(response)


def test_no_upload_to_a_closed_item(world, as_user, new_item, media):
    item = new_item()
    workflow.cancel(world.users["office"], item, "并入其他事项")
    response = as_user("office").post(url(item), {"file": pdf()}, follow=True)
    assert "已销号或已撤销的事项不能再上传附件。" in messages_of(response)
    assert not Attachment.objects.exists()


def test_upload_shows_in_the_page(as_user, new_item, media):
    item = new_item()
    client = as_user("office")
    client.post(url(item), {"file": pdf("会议纪要.docx")})
    body = client.get(reverse("commitments:item_detail", args=[item.pk])).content.decode()
    assert "会议纪要.docx" in body and download(Attachment.objects.get()) in body


@pytest.mark.parametrize("persona", ["office", "cq_liaison", "sc_head", "leader"])
def test_download_by_those_who_see_the_item(world, as_user, new_item, media, persona):
    row = files.save_attachment(pdf("实施方案.pdf"), world.users["office"], item=new_item())
    response = as_user(persona).get(download(row))
    assert response.status_code == 200
    assert quote("实施方案.pdf") in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["outsider", "sysadmin", "secadmin", "auditor"])
def test_download_by_others_is_404(world, as_user, new_item, media, persona):
    row = files.save_attachment(pdf(), world.users["office"], item=new_item())
    assert as_user(persona).get(download(row)).status_code == 404


def test_report_attachment_follows_its_item(world, as_user, new_item, media):
    item = bring(world, new_item(), "in_progress")
    report = workflow.submit_report(
        world.users["cq_liaison"], item, {"progress_text": "进展", "percent": 10}
    )
    row = files.save_attachment(pdf(), world.users["cq_liaison"], report=report)
    assert as_user("sc_liaison").get(download(row)).status_code == 200
    assert as_user("outsider").get(download(row)).status_code == 404


def test_result_attachment_follows_the_result(world, as_user, media):
    result = Result.objects.create(
        title="成果", type="other", date=clock.today(), created_by=world.users["outsider"]
    )
    row = files.save_attachment(pdf(), world.users["outsider"], result=result)
    assert as_user("outsider").get(download(row)).status_code == 200
    assert as_user("cq_liaison").get(download(row)).status_code == 404


def test_missing_file_on_disk_is_404(world, as_user, new_item, media):
    row = files.save_attachment(pdf(), world.users["office"], item=new_item())
    row.file.storage.delete(row.file.name)
    assert as_user("office").get(download(row)).status_code == 404


def test_anonymous_download_goes_to_login(world, client, new_item, media):
    row = files.save_attachment(pdf(), world.users["office"], item=new_item())
    assert "login" in client.get(download(row))["Location"]
