from django.urls import path

from twincity.supervision import views

app_name = "supervision"
urlpatterns = [
    # --- overview, rounds, lights, thresholds, bulletin: views.py ---------------------------
    path("", views.overview, name="overview"),
    # --- notices (urging ladder) and extensions: ladder_views.py ------------------------------
    # --- inbox, notifications, unit webhooks: inbox_views.py ----------------------------------
]
