from django.urls import path

from twincity.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.indicator_create, name="indicator_create"),
    path("observations/<int:pk>/", views.observation_detail, name="observation_detail"),
    path("observations/<int:pk>/edit/", views.observation_edit, name="observation_edit"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/edit/", views.indicator_edit, name="indicator_edit"),
    path("<slug:code>/observations/new/", views.observation_create, name="observation_create"),
]
