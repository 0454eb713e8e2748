"""Pages of the public site: the home page, sections and articles, edited in Wagtail.

The tree is Home → Section → Article, so an article's URL is /<section>/<slug>/ and its
section is its parent page. Drafts, scheduled publishing, revisions and previews are
Wagtail's own. An article is public when it is live and its `date` has come: the `date`
is what readers see, and listings never show an article dated in the future.
"""

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from masthead.news.blocks import ArticleBodyBlock
from masthead.news.listing import paginate, published_articles, teasers


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
        return context


class HomePage(ListingPage):
    """The front page: every published article, newest first."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "fundraising.SupportPage"]
    template = "news/home_page.html"

    def articles(self):
        return published_articles().descendant_of(self)


class SectionPage(ListingPage):
    """A section of the paper (Syria, Iraq, …); its articles are its children."""

    intro = models.TextField(blank=True, help_text="A sentence shown under the section name.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]
    template = "news/section_page.html"

    def articles(self):
        return published_articles().child_of(self)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


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

    def serve(self, request, *args, **kwargs):
        # Scheduled with a future date but already live (e.g. imported): not public yet.
        if self.date > timezone.now() and not getattr(request, "is_preview", False):
            raise Http404("This article is not published yet.")
        return super().serve(request, *args, **kwargs)

    @cached_property
    def section(self):
        return self.get_parent()
