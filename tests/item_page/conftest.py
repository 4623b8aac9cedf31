"""Helpers for the item page tests: items made through the workflow, posting actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from tests import factory as f
from twincity.accounts.models import UnitKind
from twincity.audit.models import AuditEvent
from twincity.commitments import workflow
from twincity.commitments.models import Item, ListKind, Result
from twincity.lib import clock


def pdf(name: str = "证明材料.pdf", size: int = 64) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


def post_action(client: Client, item: Item, action: str, follow: bool = False, **data: Any):
    """POST one workflow action with the item's current version (unless given)."""
    item.refresh_from_db()
    data.setdefault("version", item.version)
    url = reverse("commitments:item_action", args=[item.pk, action])
    return client.post(url, data, follow=follow)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def audit_count(action: str, target: Any) -> int:
    return AuditEvent.objects.filter(action=action, target_id=str(target.pk)).count()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords need no real hashing here (it dominates the run time)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.fixture
def new_item(world):
    """An agreed item created by the office through the workflow (state: draft)."""

    def make(**data: Any) -> Item:
        item_list = data.pop("list", None) or f.make_list()
        fields = {
            "code": data.pop("code", "10-01"),
            "title": "共建西部陆海新通道",
            "deadline": clock.today() + dt.timedelta(90),
        } | data
        return workflow.create_item(world.users["office"], item_list, fields, world.leads())

    return make


@pytest.fixture
def policy_need(world):
    """A policy need proposed to a central ministry, created through the workflow."""
    ministry = f.make_unit("国家发展改革委", None, kind=UnitKind.CENTRAL, code="ndrc")
    item_list = f.make_list(ListKind.POLICY_NEEDS, "政策需求清单")
    data = {
        "code": "PN-01",
        "title": "争取国家支持设立西部金融中心",
        "target_unit": ministry,
        "deadline": clock.today() + dt.timedelta(120),
    }
    return workflow.create_item(world.users["office"], item_list, data, world.leads())


def bring(world, item: Item, state: str) -> Item:
    """Move an agreed item through the workflow to the named state."""
    office, cq, sc = (world.users[n] for n in ("office", "cq_liaison", "sc_liaison"))
    steps = ["draft", "assigned", "in_progress", "closure_requested"]
    target = steps.index(state) if state in steps else steps.index("in_progress")
    if target >= 1:
        workflow.assign(office, item)
    if target >= 2:
        workflow.sign(cq, item)
        workflow.sign(sc, item)
    if target >= 3:
        result = Result.objects.create(
            title="联合印发实施方案", type="document", date=clock.today()
        )
        result.items.add(item)
        workflow.request_closure(cq, item, "方案已印发")
        workflow.request_closure(sc, item, "方案已印发")
    if state == "suspended":
        workflow.suspend(office, item, "等待国家批复")
    item.refresh_from_db()
    assert item.state == state
    return item


def bring_need(world, item: Item, state: str) -> Item:
    """Move a policy need to the named state."""
    office = world.users["office"]
    steps = ["proposed", "agreed", "submitted", "answered"]
    if steps.index(state) >= 1:
        workflow.agree(office, item)
    if steps.index(state) >= 2:
        workflow.submit_need(office, item)
    if steps.index(state) >= 3:
        workflow.record_answer(office, item, "supported", "予以支持")
    item.refresh_from_db()
    return item
