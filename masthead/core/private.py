"""Responses for one reader only. Public pages are shared by every anonymous reader and may
be cached; anything that shows what one reader typed, posted or asked for is marked
`Cache-Control: private, no-store` here, so no cache or CDN ever keeps or shares it."""

from django.template.response import TemplateResponse


def private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def page_for_one_reader(request, page, status=200, **extra):
    """A Wagtail page rendered again with extra context (a bound form and its message, after a
    refused post), for this reader only."""
    context = page.get_context(request)
    context.update(extra)
    return private(TemplateResponse(request, page.get_template(request), context, status=status))
