from django.urls import path

from twincity.platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.platform_create, name="platform_create"),
    path("<int:pk>/", views.platform_detail, name="platform_detail"),
    path("<int:pk>/edit/", views.platform_edit, name="platform_edit"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
]
