"""Pages of the public site: the home page, sections and articles, edited in Wagtail.

The tree is Home → Section → Article, so an article's URL is /<section>/<slug>/ and its
section is its parent page. Drafts, scheduled publishing, revisions and previews are
Wagtail's own.

What a reader may see is defined once, here: `ArticlePage.objects.readable()` for lists
(live, dated now or earlier, outside any view restriction) and `article.readable_by(request)`
for one article (the same, except that a reader who passed the article's password or login
restriction may see it). Page serving, comment posting and reports, comment feeds, the
sitemap and every listing use them.
"""

from django.db import models
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from masthead.core.private import private
from masthead.news import cache_tags, hub
from masthead.news.blocks import ArticleBodyBlock
from masthead.news.listing import paginate, teasers
from masthead.pagecache import tags


@register_snippet
class Author(models.Model):
    name = models.CharField(max_length=200)
    bio = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("bio")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ListingPage(Page):
    """A page that lists articles: subclasses say which ones."""

    class Meta:
        abstract = True

    def articles(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj = paginate(self.articles(), request)
        context["page_obj"] = page_obj
        context["teasers"] = teasers(page_obj.object_list, request)
        tags.declare(request, *self.listing_tags())
        return context

    def listing_tags(self) -> list[str]:
        raise NotImplementedError


class HomePage(ListingPage):
    """The front page: every published article, newest first."""

    parent_page_types = ["wagtailcore.Page"]
    # Sections, and what feature apps add (the support page): see hub.allow_under_home.
    subpage_types = hub.HOME_CHILD_TYPES
    template = "news/home_page.html"

    def articles(self):
        return ArticlePage.objects.readable().newest_first().descendant_of(self)

    def listing_tags(self):
        return [cache_tags.HOME]


class SectionPage(ListingPage):
    """A section of the paper (Syria, Iraq, …); its articles are its children."""

    intro = models.TextField(blank=True, help_text="A sentence shown under the section name.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]
    template = "news/section_page.html"

    def articles(self):
        return ArticlePage.objects.readable().newest_first().child_of(self)

    def listing_tags(self):
        return [cache_tags.section(self.path)]


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticleQuerySet(PageQuerySet):
    def readable(self):
        """Articles any reader may see: live, dated now or earlier, and in no section or
        page behind a view restriction (password, login, groups). One SQL query, whatever
        the number of restrictions."""
        restricted = PageViewRestriction.objects.annotate(
            prefix=Substr(OuterRef("path"), 1, Length("page__path"))
        ).filter(prefix=F("page__path"))
        return self.live().filter(date__lte=timezone.now()).exclude(Exists(restricted))

    def newest_first(self):
        """The order of every listing; the body is not loaded (teasers do not show it)."""
        return self.defer_streamfields().order_by("-date", "-pk")


class ArticlePage(Page):
    date = models.DateTimeField(
        "publication date",
        default=timezone.now,
        db_index=True,
        help_text="Shown to readers and used for archives. A future date keeps the article out of listings until then.",
    )
    standfirst = models.TextField(blank=True, max_length=600, help_text="One or two sentences under the headline.")
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.CharField(max_length=500, blank=True)
    body = StreamField(ArticleBodyBlock())
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    comments_open = models.BooleanField(default=True, help_text="Readers may post new comments.")

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("author"), FieldPanel("tags")], heading="Byline"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_caption")], heading="Lead image"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_open")]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "news/article_page.html"

    objects = PageManager.from_queryset(ArticleQuerySet)()

    def view_restrictions(self) -> list:
        """The password, login or group restrictions on this article or its sections, in one
        query (Wagtail's own get_view_restrictions takes two)."""
        if self.alias_of_id:
            return list(self.get_view_restrictions())
        return list(
            PageViewRestriction.objects.annotate(prefix=Substr(Value(self.path), 1, Length("page__path")))
            .filter(prefix=F("page__path"))
        )

    def readable_by(self, request) -> bool:
        """May this reader see this article? Live, dated now or earlier, and every view
        restriction on it or its sections passed by this request (password, login)."""
        if not self.live or self.date > timezone.now():
            return False
        return all(restriction.accept_request(request) for restriction in self.view_restrictions())

    def get_context(self, request, *args, **kwargs):
        tags.declare(request, cache_tags.article(self.pk), *([cache_tags.author(self.author_id)] if self.author_id else []))
        return super().get_context(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        # Wagtail's before_serve_page hook has already asked for the password or login of
        # a restricted article; a date still in the future is not public yet.
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        if self.date > timezone.now():
            raise Http404("This article is not published yet.")
        response = super().serve(request, *args, **kwargs)
        if self.view_restrictions():
            private(response)  # what one reader unlocked is never kept by a shared cache
        return response

    def get_sitemap_urls(self, request=None):
        # Wagtail's sitemap lists live, unrestricted pages; a future date is not public yet.
        return super().get_sitemap_urls(request) if self.date <= timezone.now() else []

    @cached_property
    def section(self):
        return self.get_parent()
