from django.urls import path

from twincity.accounts import views

app_name = "accounts"
urlpatterns: list = []
