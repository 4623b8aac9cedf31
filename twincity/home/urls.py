from django.urls import path

from twincity.home import views

app_name = "home"
urlpatterns = [
    path("", views.index, name="index"),
]
