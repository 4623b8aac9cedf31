from django.urls import path

from twincity.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/report/", views.report_create, name="report_create"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("supports/", views.supports, name="supports"),
    path("supports/<int:pk>/answer/", views.support_answer, name="support_answer"),
    path("missing/", views.missing, name="missing"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("lists/<int:pk>/versions/", views.list_versions, name="list_versions"),
    path("lists/compare/", views.list_compare, name="list_compare"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("areas/", views.areas, name="areas"),
    path("rules/", views.rules, name="rules"),
]
