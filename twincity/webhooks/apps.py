from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "twincity.webhooks"
    verbose_name = _("事件订阅")
