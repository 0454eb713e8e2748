from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.news import routing
from masthead.news.cache_tags import SITEMAP
from masthead.news.sitemaps import page_sitemap
from masthead.pagecache.tags import declares

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comments/", include("masthead.comments.urls")),
    path("fundraising/", include("masthead.fundraising.urls")),
    path("sitemap.xml", declares(SITEMAP)(page_sitemap)),
    path("favicon.ico", RedirectView.as_view(url=static("masthead/favicon.svg"), permanent=True)),
    path("", include("masthead.news.urls")),
]

if settings.SERVE_MEDIA:
    # Small installs serve uploaded images from the app; behind nginx set SERVE_MEDIA=false.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_static, {"document_root": settings.MEDIA_ROOT})
    )

# Wagtail's URLs (password and login forms, then its page view), its page view replaced by
# news.routing.serve: the same view with an article's route found in fewer queries.
urlpatterns.append(path("", include([
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
])))
