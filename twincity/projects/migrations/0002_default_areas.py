"""The seven areas of the published project lists; the office may edit them afterwards."""

from django.db import migrations

AREAS = ["现代基础设施", "现代产业", "科技创新", "文化旅游", "生态屏障", "对外开放", "公共服务"]


def add_areas(apps, schema_editor):
    area = apps.get_model("projects", "ProjectArea")
    for order, name in enumerate(AREAS, start=1):
        area.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
