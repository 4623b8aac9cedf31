from django.urls import path

from twincity.services import views

app_name = "services"
urlpatterns = [
    path("", views.index, name="index"),
]
