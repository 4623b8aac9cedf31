"""The import pages as personas, upload -> preview -> confirm, template and export downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.imports.conftest import ITEM_HEADERS, xlsx
from tests.queries import queries_for
from twincity.commitments.models import Item
from twincity.imports.models import ImportRun, RunStatus

GOOD = [[1, "V-1", "事项一", "重庆市发展改革委", "四川省发展改革委", "2025年6月30日"]]
BAD = [
    *GOOD,
    [2, "V-2", "坏日期", "重庆市发展改革委", "", "不知道"],
    [3, "V-3", "坏单位", "无此单位", "", "2025-06-30"],
]


def upload(client, target, rows, name="f.xlsx"):
    data = SimpleUploadedFile(name, xlsx(ITEM_HEADERS, rows))
    return client.post("/imports/upload/", {"register": "items", "target": target.pk, "file": data})


def test_office_uploads_previews_and_confirms(as_user, agreed):
    client = as_user("office")
    response = upload(client, agreed, GOOD)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "新增 1 行" in page and "确认导入" in page
    assert Item.objects.count() == 0
    response = client.post(f"/imports/{run.pk}/confirm/", {"token": run.sha256})
    assert Item.objects.filter(list=agreed).count() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.COMMITTED
    assert "V-1" not in client.get("/imports/").content.decode()  # history shows files
    assert "f.xlsx" in client.get("/imports/").content.decode()


def test_two_bad_rows_are_named_and_confirm_is_refused(as_user, agreed):
    client = as_user("office")
    upload(client, agreed, BAD)
    run = ImportRun.objects.get()
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "第3行 「完成时限」" in page and "第4行 「牵头单位（重庆）」" in page
    assert 'id="tc-import-confirm"' not in page
    client.post(f"/imports/{run.pk}/confirm/", {"token": run.sha256})
    assert Item.objects.count() == 0


def test_a_forged_token_is_refused(as_user, agreed):
    client = as_user("office")
    upload(client, agreed, GOOD)
    run = ImportRun.objects.get()
    client.post(f"/imports/{run.pk}/confirm/", {"token": "0" * 64})
    assert Item.objects.count() == 0


@pytest.mark.parametrize("persona", ["cq_liaison", "leader", "sysadmin", "auditor"])
def test_only_the_office_uploads(as_user, agreed, persona):
    response = upload(as_user(persona), agreed, GOOD)
    assert response.status_code == 403
    assert ImportRun.objects.count() == 0


def test_others_do_not_see_a_run(as_user, agreed):
    upload(as_user("office"), agreed, GOOD)
    run = ImportRun.objects.get()
    assert as_user("cq_liaison").get(f"/imports/{run.pk}/").status_code == 404
    assert as_user("cq_liaison").post(f"/imports/{run.pk}/confirm/").status_code == 404
    assert as_user("cq_liaison").get("/imports/").status_code == 200


def test_template_has_the_office_columns(as_user, agreed):
    response = as_user("office").get(f"/imports/template/items/?target={agreed.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["序号", "编号", "事项名称"]
    assert "牵头单位（重庆）" in headers and "牵头单位（四川）" in headers and "完成时限" in headers


def test_items_export_is_filtered(as_user, world):
    world.item(code="E-1", title="导出甲")
    world.item(code="E-2", title="另一个")
    response = as_user("office").get("/items/", {"q": "导出", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["E-1"]


def test_liaison_exports_only_what_they_see(as_user, world):
    world.item(code="S-1")
    f_item = world.item(code="S-2")
    f_item.sides.all().delete()
    response = as_user("cq_liaison").get("/items/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["S-1"]


def test_export_queries_do_not_grow(as_user, world):
    client = as_user("office")
    for n in range(3):
        world.item(code=f"Q-{n}")
    queries_for(client, "/items/?format=xlsx")  # the first request also touches the session
    small = queries_for(client, "/items/?format=xlsx")
    for n in range(3, 30):
        world.item(code=f"Q-{n}")
    assert queries_for(client, "/items/?format=xlsx") == small


def test_history_queries_do_not_grow(as_user, agreed):
    client = as_user("office")
    upload(client, agreed, GOOD)
    queries_for(client, "/imports/")
    small = queries_for(client, "/imports/")
    for n in range(5):
        upload(client, agreed, GOOD, name=f"f{n}.xlsx")
    assert queries_for(client, "/imports/") == small
