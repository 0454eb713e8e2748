"""RSS feeds of approved comments: the whole site's latest, and one article's. Items name
the commenter but never their email (no item_author_email); the text is escaped before it
becomes the item's HTML description, so a comment can never inject markup into a reader.
Only comments on articles every reader may see are listed (ArticlePage.objects.readable():
a feed reader has no session to pass a password with)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.html import linebreaks

from masthead.comments import cache_tags
from masthead.comments.models import Comment
from masthead.core.site import site_name
from masthead.news.models import ArticlePage
from masthead.pagecache import tags

ITEMS = 30


def _approved():
    return (
        Comment.objects.filter(status=Comment.Status.APPROVED, erased_at__isnull=True, article__in=ArticlePage.objects.readable())
        .select_related("article")
        .order_by("-created_at", "-pk")
    )


class LatestCommentsFeed(Feed):
    description = "The latest reader comments."

    def title(self):
        return f"Comments on {site_name()}"

    def link(self):
        return "/"

    def items(self):
        return _approved()[:ITEMS]

    def item_title(self, item):
        return f"{item.author_name} on “{item.article.title}”"

    def item_description(self, item):
        return linebreaks(item.body, autoescape=True)

    def item_link(self, item):
        return f"{item.article.url}#comment-{item.pk}"

    def item_guid(self, item):
        return f"comment-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.author_name

    def get_object(self, request, *args, **kwargs):
        tags.declare(request, cache_tags.ALL)  # the page cache: every thread's comments
        return None


class ArticleCommentsFeed(LatestCommentsFeed):
    def get_object(self, request, article_id):
        article = ArticlePage.objects.readable().filter(pk=article_id).first() if article_id < 2**63 else None
        if article is None:
            raise Http404("No such article.")
        tags.declare(request, cache_tags.thread(article.pk))
        return article

    def title(self, obj):
        return f"Comments on “{obj.title}”"

    def link(self, obj):
        return obj.url

    def description(self, obj):
        return f"Reader comments on “{obj.title}”."

    def items(self, obj):
        return _approved().filter(article=obj)[:ITEMS]
