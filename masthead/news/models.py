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

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Value, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.urls import reverse
from django.utils.text import slugify
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
from masthead.core.site import top_level_slug_problem
from masthead.news import cache_tags, hub
from masthead.news.blocks import ArticleBodyBlock
from masthead.news.forms import ArticlePageForm
from masthead.news.listing import paginate, teasers
from masthead.pagecache import tags
from masthead.news.normalise import NormalisedSearchField
from masthead.news.video import parse_video_url

# The size of the lead image on the article page, in its feeds and in its social cards.
LEAD_IMAGE_SPEC = "width-1200"


@register_snippet
class Author(models.Model):
    """A writer: the byline links to their page at /author/<slug>/ (bio, photo, articles)."""

    name = models.CharField(max_length=200)
    # The author page's address; made from the name when left empty, unique.
    slug = models.SlugField(
        max_length=200, unique=True, blank=True,
        help_text="The author page's address, /author/<slug>/. Left empty, it is made from the name.",
    )
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="A portrait, shown square on the author page.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("bio"), FieldPanel("photo")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_author_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("author", args=[self.slug])


def unique_author_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name)[:190] or "author"
    slug, n = base, 1
    while Author.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


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
    """The front page: the lead story large with its image, then every other published
    article, newest first, each with its thumbnail."""

    lead_story = models.ForeignKey(
        "news.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The story that leads the front page, large and with its image. Leave empty and "
        "the newest article leads. A chosen story that is unpublished or not yet public is skipped.",
    )

    content_panels = Page.content_panels + [FieldPanel("lead_story", heading="Lead story")]
    parent_page_types = ["wagtailcore.Page"]
    # Sections, and what feature apps add (the support page): see hub.allow_under_home.
    subpage_types = hub.HOME_CHILD_TYPES
    template = "news/home_page.html"

    def lead_article(self):
        """The editor's choice if a reader may see it, else the newest article (one query)."""
        readable = ArticlePage.objects.readable().newest_first().descendant_of(self)
        if self.lead_story_id:
            # The chosen story first, else the newest: one query either way.
            return readable.order_by(
                models.Case(models.When(pk=self.lead_story_id, then=0), default=1), "-date", "-pk"
            ).first()
        return readable.first()

    def articles(self):
        return ArticlePage.objects.readable().newest_first().descendant_of(self)

    def listing_tags(self):
        return [cache_tags.HOME]

    def route(self, request, path_components):
        """Page.route, one query fewer for an article's address (/<section>/<slug>/): only
        a section has children among the home page's children, so a longer path is read
        as a SectionPage at once instead of as a Page and then again as its type. A
        section or the support page itself (one component) goes through Wagtail's route."""
        if len(path_components) > 1:
            section = SectionPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if section is not None:
                section._cached_parent_obj = self  # as Page.route does: no query for the parent
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = Page.get_context(self, request, *args, **kwargs)
        lead = self.lead_article()
        articles = self.articles()
        if lead is not None:
            articles = articles.exclude(pk=lead.pk)
        page_obj = paginate(articles, request)
        shown = list(page_obj.object_list)
        on_first_page = lead is not None and page_obj.number == 1
        all_teasers = teasers(([lead] if on_first_page else []) + shown, request)
        context["page_obj"] = page_obj
        context["lead"] = all_teasers[0] if on_first_page else None
        context["teasers"] = all_teasers[1:] if on_first_page else all_teasers
        tags.declare(request, *self.listing_tags())
        return context


class TopLevelPage:
    """A page directly under the home page (a section, the support page): its slug is the
    first segment of its URL, so it must not be one the site answers itself (/media/,
    /feed/, /2021/…), or the page could never be reached."""

    def clean(self):
        super().clean()
        if self.slug and (problem := top_level_slug_problem(self.slug)):
            raise ValidationError({"slug": problem})


class SectionPage(TopLevelPage, ListingPage):
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

    def route(self, request, path_components):
        """Page.route in one query for an article: a section's children are articles
        (subpage_types), so the child is read as an ArticlePage at once instead of as a Page
        and then again as its specific type. Anything else falls back to Wagtail's route."""
        if path_components:
            article = ArticlePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if article is not None:
                article._cached_parent_obj = self  # as Page.route does: no query for the parent
                return article.route(request, path_components[1:])
        return super().route(request, path_components)


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
        """The order of every listing; the body is not loaded (teasers do not show it), the
        author and lead image come in the same query (teasers show them)."""
        return self.defer_streamfields().select_related("author", "lead_image").order_by("-date", "-pk")


class ArticlePage(Page):
    # One scheduling clock: Wagtail's go-live date (Publishing panel) decides when an article
    # goes public; this is only the date readers see. Empty, it becomes the moment of first
    # publication (set in save() when Wagtail publishes, scheduled or not) and stays so on
    # later edits; an editor changes it only to correct it. The editor's form refuses a
    # future date (forms.py); one set by code still keeps the article out until then.
    date = models.DateTimeField(
        "displayed date",
        null=True,
        blank=True,
        db_index=True,
        help_text="The date readers see and the archives use. Leave empty: it becomes the moment the "
        "article first goes live. To schedule an article, use \u201cSet schedule\u201d in the "
        "Status side panel (its go-live date/time), not this date. Change it only to correct it.",
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
    # Every searchable text goes to the index through normalise() (news/normalise.py), the
    # same function the query goes through (news/search.py): Arabic marks and letter forms,
    # Latin accents, Cyrillic ё. Changing these fields needs `masthead update_index`.
    search_fields = [
        NormalisedSearchField("title", boost=2),
        *(f for f in Page.search_fields if not (isinstance(f, index.SearchField) and f.field_name == "title")),
        NormalisedSearchField("standfirst"),
        NormalisedSearchField("body"),
        NormalisedSearchField("search_tags"),
        NormalisedSearchField("search_section"),
        NormalisedSearchField("search_author"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "news/article_page.html"

    objects = PageManager.from_queryset(ArticleQuerySet)()
    base_form_class = ArticlePageForm

    def save(self, *args, **kwargs):
        self.settle_date()
        return super().save(*args, **kwargs)

    def settle_date(self):
        """On first publication, an empty date becomes the scheduled time if it was scheduled
        (the worker runs a little later), else the moment it went live. save() calls it, and
        so does news.actions.import_articles, which inserts pages without save()."""
        if self.date is None and self.live and self.first_published_at:
            go_live = self.go_live_at
            self.date = go_live if go_live and go_live <= self.first_published_at else self.first_published_at

    def get_view_restrictions(self):
        """The password, login or group restrictions on this article or its sections, in one
        query (Wagtail's own takes two: the ancestors, then their restrictions). The same
        queryset is kept on the instance: Wagtail's on_serve_page hook evaluates it, and
        serving and the page's meta (isAccessibleForFree) read its results again for free."""
        if self.alias_of_id:
            return super().get_view_restrictions()
        if self._view_restrictions is None:
            self._view_restrictions = PageViewRestriction.objects.annotate(
                prefix=Substr(Value(self.path), 1, Length("page__path"))
            ).filter(prefix=F("page__path"))
        return self._view_restrictions

    def view_restrictions(self) -> list:
        return list(self.get_view_restrictions())

    _view_restrictions = None

    def get_context(self, request, *args, **kwargs):
        tags.declare(request, cache_tags.article(self.pk), *([cache_tags.author(self.author_id)] if self.author_id else []))
        context = super().get_context(request, *args, **kwargs)
        # Read once, shown by the byline and the head's meta (Open Graph, JSON-LD) and used by
        # related reading.
        context["tags"] = list(self.tags.all())
        if self.lead_image_id:
            # Every rendition of the lead image in one query: the page's srcset and its meta
            # then find theirs here, where Wagtail would read them from the cache and write
            # them back to it (four writes per render).
            prefetch_related_objects([self.lead_image], "renditions")
        context["lead_rendition"] = self.lead_rendition()
        return context

    def readable_by(self, request) -> bool:
        """May this reader see this article? Live, dated now or earlier, and every view
        restriction on it or its sections passed by this request (password, login)."""
        if not self.live or self.date is None or self.date > timezone.now():
            return False
        return all(restriction.accept_request(request) for restriction in self.view_restrictions())

    def serve(self, request, *args, **kwargs):
        # Wagtail's before_serve_page hook has already asked for the password or login of
        # a restricted article; a date still in the future is not public yet.
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        if self.date is None or self.date > timezone.now():
            raise Http404("This article is not published yet.")
        response = super().serve(request, *args, **kwargs)
        if self.view_restrictions():
            private(response)  # what one reader unlocked is never kept by a shared cache
        return response

    def get_sitemap_urls(self, request=None):
        # Wagtail's sitemap lists live, unrestricted pages; a future date is not public yet.
        if not self.date or self.date > timezone.now():
            return []
        return [{"location": self.get_full_url(request), "lastmod": self.modified}]

    @cached_property
    def section(self):
        return self.get_parent()

    # What the search index holds besides the article's own fields (see search_fields).
    def search_tags(self) -> str:
        return " ".join(tag.name for tag in self.tags.all())

    def search_section(self) -> str:
        return self.section.title if self.section else ""

    def search_author(self) -> str:
        return self.author.name if self.author_id else ""

    # What feeds, search engines, social sites and embeds say of the article (feeds.py, seo.py).
    @property
    def summary(self) -> str:
        """The editor's search description if set, else the standfirst."""
        return self.search_description or self.standfirst

    @property
    def modified(self):
        """When readers last saw a change: the last publish, or the article's date if later."""
        last = self.last_published_at
        return max(last, self.date) if last else self.date

    def lead_rendition(self, spec: str = LEAD_IMAGE_SPEC):
        """The lead image at `spec`, or None (one rendition for the page, its meta and feeds)."""
        # get_renditions, not get_rendition: that one writes the cache even for a rendition
        # it has just found there (or prefetched).
        return self.lead_image.get_renditions(spec)[spec] if self.lead_image_id else None

    def lead_video(self):
        """The first video of the body as a news.video.Video, or None."""
        for block in self.body:
            if block.block_type == "video":
                try:
                    return parse_video_url(block.value["url"])
                except ValueError:
                    continue
        return None
