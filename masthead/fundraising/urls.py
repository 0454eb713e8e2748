from django.urls import path

from masthead.fundraising import views, webhooks

app_name = "fundraising"
urlpatterns = [
    path("donate/", views.donate, name="donate"),
    path("thanks/", views.thanks, name="thanks"),
    path("progress.json", views.progress_json, name="progress"),
    path("embed/", views.embed, name="embed"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
]
