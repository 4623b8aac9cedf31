from django.urls import path

from twincity.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/grant/", views.user_grant, name="user_grant"),
    path("users/<int:pk>/roles/<int:membership_pk>/revoke/", views.user_revoke, name="user_revoke"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/parties/new/", views.party_edit, name="party_create"),
    path("organisation/parties/<int:pk>/", views.party_edit, name="party_edit"),
    path("organisation/units/new/", views.unit_edit, name="unit_create"),
    path("organisation/units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("organisation/groups/new/", views.group_edit, name="group_create"),
    path("organisation/groups/<int:pk>/", views.group_edit, name="group_edit"),
]
