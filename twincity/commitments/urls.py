from django.urls import path

from twincity.commitments import item_views, views

app_name = "commitments"
urlpatterns = [
    # --- lists, versions, the items table, item forms, results: views.py -------------------
    path("lists/", views.lists, name="lists"),
    path("lists/new/", views.list_create, name="list_create"),
    path("lists/compare/", views.list_compare, name="list_compare"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/edit/", views.list_edit, name="list_edit"),
    path("lists/<int:pk>/versions/new/", views.list_version_create, name="list_version_create"),
    path("items/", views.items, name="items"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("results/", views.results, name="results"),
    path("results/new/", views.result_create, name="result_create"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
    # --- one item: page, timeline, workflow actions, reports, attachments: item_views.py ----
    path("items/<int:pk>/", item_views.detail, name="item_detail"),
    path("items/<int:pk>/do/<slug:action>/", item_views.action, name="item_action"),
    path("items/<int:pk>/report/", item_views.report, name="item_report"),
    path("items/<int:pk>/comment/", item_views.comment, name="item_comment"),
    path("items/<int:pk>/attachments/", item_views.attachment, name="item_attachment"),
    path("items/<int:pk>/milestones/", item_views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", item_views.milestone_done, name="milestone_done"),
    path("reports/<int:pk>/", item_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/do/<slug:action>/", item_views.report_action, name="report_action"),
    path("attachments/<int:pk>/", item_views.download, name="attachment_download"),
]
