from django.urls import path

from twincity.commitments import item_views, views

app_name = "commitments"
urlpatterns = [
    # --- lists, versions, the items table, item forms, results: views.py -------------------
    path("lists/", views.lists, name="lists"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("items/", views.items, name="items"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("results/", views.results, name="results"),
    # --- one item: page, timeline, workflow actions, reports, attachments: item_views.py ----
    path("items/<int:pk>/", item_views.detail, name="item_detail"),
]
