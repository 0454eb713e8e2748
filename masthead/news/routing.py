"""Finding the page a request asks for: Wagtail's `serve` view, with its Site and, for an
article's address, its route found first in fewer queries.

Wagtail routes /<section>/<slug>/ by reading the site (a query), its home page as its own
type (one more), then each step of the path (HomePage.route and SectionPage.route read the
section and the article as their own types): four queries, a third of an uncached article
render (bench/render.sh). Here the Site comes from core.site.find_site (no query), and an
article's address is looked up by its url_path (the site root's url_path, from Wagtail's
own cached site root paths, plus the request's path) with its author and lead image, then
its section: two queries, and two fewer later in the render.

It gives what that chain of `route` calls gives and nothing else: only when the site's
root page is a HomePage (whose route reads sections and articles so), Wagtail's i18n is
off (no `localized` root to find), the page found is an ArticlePage whose parent is a
SectionPage, and the article is live (a draft is a 404, as in Page.route). Anything else
(the home page, a section, the support page, archives, an unknown address, another site's
root type) goes through Wagtail's route untouched. Wagtail's `serve` then runs as always
with the route it finds on the request: `before_serve_page` and `on_serve_page` hooks
(passwords, logins, the request method) and the page's own serve.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail import views as wagtail_views
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from masthead.core.site import find_site
from masthead.news.models import ArticlePage, HomePage, SectionPage


def serve(request, path):
    """wagtail.views.serve, with the route of an article's address found first; for any
    other address, the site's root page is read as its own type at once (Wagtail reads it
    as a Page, then again as its type, to call its route)."""
    if not route_article(request, path):
        read_root_page(find_site(request))
    return wagtail_views.serve(request, path)


def route_article(request, path: str) -> bool:
    """Put the route of /<section>/<slug>/ on the request, where Page.route_for_request
    takes it (`_wagtail_route_for_request`), when it is an article's, and say so; else
    leave it to Wagtail."""
    site = find_site(request)
    components = [component for component in path.split("/") if component]
    if site is None or len(components) != 2 or hasattr(request, "_wagtail_route_for_request"):
        return False
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False) or _root_type(site) != ContentType.objects.get_for_model(HomePage).pk:
        return False
    root_path = next((p.root_path for p in _site_root_paths(request) if p.site_id == site.pk), None)
    if root_path is None:
        return False
    # The byline's author and the lead image come in the same query (the page shows both).
    # url_path has no index: the slug's (a SlugField's) finds the few pages of that slug.
    address = f"{root_path}{components[0]}/{components[1]}/"
    article = ArticlePage.objects.select_related("author", "lead_image").filter(slug=components[1], url_path=address).first()
    if article is None:
        return False
    section = SectionPage.objects.filter(path=article.path[: -ArticlePage.steplen]).first()
    if section is None:
        return False
    article._cached_parent_obj = section  # as Page.route does: the section is read once
    # Page.route: a page that is not live is not found (a 404 from Wagtail's serve).
    request._wagtail_route_for_request = RouteResult(article) if article.live else None
    return True


def read_root_page(site) -> None:
    """`site.root_page` as its specific class (HomePage), in one query."""
    if site is None or site.root_page_id is None or "root_page" in site._state.fields_cache:
        return
    model = ContentType.objects.get_for_id(_root_type(site)).model_class()
    if model is not None:
        site.root_page = model.objects.filter(pk=site.root_page_id).first() or site.root_page


def _root_type(site):
    # find_site's Site carries its root page's type; one from elsewhere is asked for it.
    root_type = getattr(site, "root_page_content_type_id", None)
    return root_type if root_type is not None else site.root_page.content_type_id


def _site_root_paths(request):
    # The list every page URL of this request is built from (Page._get_site_root_paths).
    try:
        return request._wagtail_cached_site_root_paths
    except AttributeError:
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        return request._wagtail_cached_site_root_paths
