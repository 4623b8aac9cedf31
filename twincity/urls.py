from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

from twincity.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("twincity.home.urls")),
    path("accounts/", include("twincity.accounts.urls")),
    path("audit/", include("twincity.audit.urls")),
    path("meetings/", include("twincity.meetings.urls")),
    path("supervision/", include("twincity.supervision.urls")),
    path("projects/", include("twincity.projects.urls")),
    path("services/", include("twincity.services.urls")),
    path("platforms/", include("twincity.platforms.urls")),
    path("indicators/", include("twincity.indicators.urls")),
    path("dashboard/", include("twincity.dashboards.urls")),
    path("documents/", include("twincity.reports.urls")),
    path("imports/", include("twincity.imports.urls")),
    path("public/", include("twincity.portal.urls")),
    path("webhooks/", include("twincity.webhooks.urls")),
    path("", include("twincity.commitments.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
