from django.urls import path

from twincity.supervision import inbox_views, ladder_views, views

app_name = "supervision"
urlpatterns = [
    # --- overview, rounds, lights, thresholds, bulletin: views.py ---------------------------
    path("", views.overview, name="overview"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/bulletin/", views.round_bulletin, name="round_bulletin"),
    path("thresholds/", views.thresholds, name="thresholds"),
    # --- notices (urging ladder) and extensions: ladder_views.py ------------------------------
    path("notices/", ladder_views.notices, name="notices"),
    path("notices/new/", ladder_views.notice_create, name="notice_create"),
    path("notices/bulletin/", ladder_views.bulletin_issue, name="bulletin_issue"),
    path("notices/<int:pk>/", ladder_views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/answer/", ladder_views.notice_answer, name="notice_answer"),
    path("extensions/", ladder_views.extensions, name="extensions"),
    path("items/<int:pk>/extension/", ladder_views.extension_request, name="extension_request"),
    path(
        "extensions/<int:pk>/<slug:decision>/",
        ladder_views.extension_decide,
        name="extension_decide",
    ),
    # --- inbox, notifications, unit webhooks: inbox_views.py ----------------------------------
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", inbox_views.inbox_read, name="inbox_read"),
    path("inbox/read-all/", inbox_views.inbox_read_all, name="inbox_read_all"),
    path("webhooks/", inbox_views.webhooks, name="webhooks"),
    path("webhooks/<int:unit_pk>/", inbox_views.webhook_edit, name="webhook_edit"),
]
