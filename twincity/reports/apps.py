from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "twincity.reports"
    verbose_name = _("公文与报表")
