from django.urls import path

from masthead.comments import feeds, privacy, subscriptions, views

app_name = "comments"
urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("<int:pk>/report/", views.report_comment, name="report"),
    path("feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("feed/<int:article_id>/", feeds.ArticleCommentsFeed(), name="article_feed"),
    path("subscription/confirm/<str:token>/", subscriptions.confirm, name="confirm"),
    path("subscription/unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("privacy/", privacy.request_link, name="privacy"),
    path("privacy/<str:token>/", privacy.manage, name="privacy_manage"),
    path("privacy/<str:token>/export.json", privacy.export, name="privacy_export"),
    path("privacy/<str:token>/erase/", privacy.erase, name="privacy_erase"),
]
