from django.urls import include, path

from masthead.newsletters import views

app_name = "newsletters"
urlpatterns = [
    path("newsletters/", views.index, name="index"),
    path("newsletters/signup/", views.signup, name="signup"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletters/unsubscribe/<slug:list_slug>/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/account/", views.account_preferences, name="account"),
    path("newsletters/esp/", include("anymail.urls")),
]
