from django.urls import path

from twincity.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("results/", views.results, name="results"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("lists/", views.lists, name="lists"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("data/", views.data, name="data"),
    path("data/<slug:dataset>.<str:fmt>", views.download, name="download"),
    path("language/<str:code>/", views.language, name="language"),
]
