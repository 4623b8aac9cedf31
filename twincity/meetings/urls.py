from django.urls import path

from twincity.meetings import views

A, D, C = {"kind": "attendee"}, {"kind": "document"}, {"kind": "decision"}

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/advance/", views.advance, name="advance"),
    # --- the meeting's parts: one set of views, told which kind by the URL ------------------
    path("<int:pk>/attendees/new/", views.part_add, A, name="attendee_add"),
    path("<int:pk>/attendees/<int:part_pk>/edit/", views.part_edit, A, name="attendee_edit"),
    path("<int:pk>/attendees/<int:part_pk>/delete/", views.part_delete, A, name="attendee_delete"),
    path("<int:pk>/documents/new/", views.part_add, D, name="document_add"),
    path("<int:pk>/documents/<int:part_pk>/edit/", views.part_edit, D, name="document_edit"),
    path("<int:pk>/documents/<int:part_pk>/delete/", views.part_delete, D, name="document_delete"),
    path("<int:pk>/decisions/new/", views.part_add, C, name="decision_add"),
    path("<int:pk>/decisions/<int:part_pk>/edit/", views.part_edit, C, name="decision_edit"),
    path("<int:pk>/decisions/<int:part_pk>/delete/", views.part_delete, C, name="decision_delete"),
]
