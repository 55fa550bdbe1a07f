from django.urls import path

from masthead.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", views.account_home, name="home"),
    path("account/download/", views.export_data, name="export"),
    path("account/delete/", views.delete_account, name="delete"),
    path("account/mail/", views.mail_list, name="mail_list"),
    path("account/mail/<str:message_id>/", views.mail_message, name="mail_message"),
    path("account/mail/<str:message_id>/html/", views.mail_message_html, name="mail_message_html"),
]
