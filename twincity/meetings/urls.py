from django.urls import path

from twincity.meetings import views

app_name = "meetings"
urlpatterns: list = []
