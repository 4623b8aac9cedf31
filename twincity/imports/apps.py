from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules that add registers to `registers.REGISTERS` when imported (besides items).
REGISTER_MODULES = (
    "register_units",
    "register_projects",
    "register_services",
    "register_observations",
)


class ImportsConfig(AppConfig):
    name = "twincity.imports"
    verbose_name = _("Excel 导入")

    def ready(self) -> None:
        for module in REGISTER_MODULES:
            import_module(f"{self.name}.{module}")
