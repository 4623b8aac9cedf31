from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "twincity.services"
    verbose_name = _("川渝通办")
