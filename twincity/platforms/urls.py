from django.urls import path

from twincity.platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.index, name="index"),
]
