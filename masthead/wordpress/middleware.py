"""Old WordPress links of the form /?p=123, /?page_id=45, /?cat=3 or /?attachment_id=9.

Wagtail's redirect middleware only looks at requests that end in a 404, and "/" with a query
string is the home page (a 200), so these never reach it. This middleware answers them from
the same Redirect rows the importer made, before the home page is rendered; any other
request passes straight through (a dictionary lookup on the query string)."""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.models import Redirect

from masthead.core.site import find_site

WORDPRESS_QUERY_KEYS = ("p", "page_id", "cat", "tag", "attachment_id", "m")


class OldQueryLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD") and any(k in request.GET for k in WORDPRESS_QUERY_KEYS):
            old_path = Redirect.normalise_path(request.get_full_path())
            site = find_site(request)
            redirect = Redirect.get_for_site(site).filter(old_path=old_path).select_related("redirect_page").first()
            if redirect is not None and redirect.link:
                response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
                return response_class(redirect.link)
        return self.get_response(request)
