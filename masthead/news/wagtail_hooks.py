"""The news hub in the Wagtail admin: the newsroom panel first on the dashboard ("New
article" with its section, drafts, scheduled) and the URL its form sends to."""

from django.urls import include, path
from wagtail import hooks

from masthead.news import dashboard


@hooks.register("register_admin_urls")
def register_news_admin_urls():
    urls = [path("new-article/", dashboard.new_article, name="new_article")]
    return [path("news/", include((urls, "news_admin"), namespace="news_admin"))]


@hooks.register("construct_homepage_panels")
def add_newsroom_panel(request, panels):
    panels.insert(0, dashboard.NewsroomPanel(request))
