from django.urls import path

from twincity.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscriptions, name="list"),
    path("new/", views.subscription_create, name="create"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/edit/", views.subscription_edit, name="edit"),
    path("<int:pk>/active/", views.subscription_active, name="active"),
    path("<int:pk>/secret/", views.subscription_rotate, name="rotate"),
    path("<int:pk>/test/", views.subscription_test, name="test"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="retry"),
]
