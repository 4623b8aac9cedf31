from django.urls import path, register_converter

from twincity.reports import views


class FormatConverter:
    """The file extension: docx or pdf."""

    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"
urlpatterns = [
    path("briefing/<int:pk>.<fmt:fmt>", views.briefing, name="briefing"),
    path("communique/<int:pk>.<fmt:fmt>", views.communique, name="communique"),
    path("round/<int:pk>.<fmt:fmt>", views.round_bulletin, name="round_bulletin"),
    path("notice/<int:pk>.<fmt:fmt>", views.notice, name="notice"),
    path(
        "projects/<int:year>/<int:month>.<fmt:fmt>",
        views.project_bulletin,
        name="project_bulletin",
    ),
]
