from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "twincity.projects"
    verbose_name = _("共建重大项目")
