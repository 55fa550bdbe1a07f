from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("subscribe/", views.plans, name="plans"),
    path("subscribe/edition/<int:edition_id>/", views.buy_edition, name="buy_edition"),
    path("subscribe/done/<uuid:order_id>/", views.checkout_done, name="checkout_done"),
    path("subscribe/cancelled/<uuid:order_id>/", views.checkout_cancelled, name="checkout_cancelled"),
    path("subscribe/<slug:plan_slug>/", views.subscribe_to_plan, name="subscribe"),
    path("billing/portal/", views.billing_portal, name="portal"),
    path("billing/webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("billing/demo/checkout/<str:session_id>/", views.demo_checkout, name="demo_checkout"),
    path("billing/demo/portal/", views.demo_portal, name="demo_portal"),
]
