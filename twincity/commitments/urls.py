from django.urls import path

from twincity.commitments import views

app_name = "commitments"
urlpatterns: list = []
