from django.urls import path

from twincity.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
]
