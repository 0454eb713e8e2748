"""Date, tag and author archives: /2021/, /2021/06/, /tag/<slug>/ and /author/<slug>/. Sections and the home page are
Wagtail pages (models.py); these listings cut across sections, so they are plain views."""

import calendar
from datetime import date

from django.db.models.functions import ExtractMonth
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from masthead.news import cache_tags
from masthead.news.listing import paginate, prefetch_renditions, teasers
from masthead.news.models import ArticlePage, Author
from masthead.pagecache import tags


def _listing(request, template, articles, *, listing_tag, **context):
    tags.declare(request, listing_tag)
    page_obj = paginate(articles, request)
    if not page_obj.object_list:
        raise Http404("No articles here.")
    context.update(page_obj=page_obj, teasers=teasers(page_obj.object_list, request))
    return render(request, template, context)


def year_archive(request, year):
    articles = ArticlePage.objects.readable().newest_first().filter(date__year=year)
    months = (
        articles.order_by()
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    month_links = [
        {"date": date(year, row["month"], 1), "count": row["count"]} for row in months
    ]
    return _listing(
        request, "news/archive.html", articles, heading=str(year), year=year, month_links=month_links,
        listing_tag=cache_tags.year(year),
    )


def month_archive(request, year, month):
    if not 1 <= month <= 12:
        raise Http404("No such month.")
    articles = ArticlePage.objects.readable().newest_first().filter(date__year=year, date__month=month)
    heading = f"{calendar.month_name[month]} {year}".upper()
    return _listing(
        request, "news/archive.html", articles, heading=heading, year=year, listing_tag=cache_tags.month(year, month)
    )


def tag_archive(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag.")
    articles = ArticlePage.objects.readable().newest_first().filter(tagged_items__tag=tag)
    return _listing(request, "news/archive.html", articles, heading=tag.name, tag=tag, listing_tag=cache_tags.tag(tag.slug))


def author_page(request, slug):
    """A writer's page: photo, bio and their articles, newest first, paginated. An author
    with no public article yet still has a page (the byline may link to it)."""
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    tags.declare(request, cache_tags.author(author.pk), max_age=cache_tags.LISTING_MAX_AGE)
    prefetch_renditions([author.photo])
    articles = ArticlePage.objects.readable().newest_first().filter(author=author)
    page_obj = paginate(articles, request)
    context = {"author": author, "page_obj": page_obj, "teasers": teasers(page_obj.object_list, request)}
    return render(request, "news/author.html", context)
