from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "twincity.platforms"
    verbose_name = _("合作平台与协议")
