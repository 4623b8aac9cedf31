from django.urls import path

from twincity.services import views

app_name = "services"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/edit/", views.batch_edit, name="batch_edit"),
    path("volumes/new/", views.volume_entry, name="volume_entry"),
]
