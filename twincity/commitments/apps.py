from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "twincity.commitments"
    verbose_name = _("清单与事项")
