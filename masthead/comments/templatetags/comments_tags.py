from django import template
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from masthead.comments import cache_tags
from masthead.comments.display import comment_context
from masthead.comments.text import linked_html
from masthead.pagecache import tags

register = template.Library()
SHOWN_DATE = "F j, Y \\a\\t g:i a"  # a comment's date as the page shows it: June 5, 2021 at 3:04 p.m.


def shown_date(moment) -> str:
    """`moment|date:SHOWN_DATE`, the same text (month name and a.m./p.m. from Django's
    translations) without parsing the format for each comment: the date filter was half of
    the thread's render with 40 comments."""
    hour = moment.hour % 12 or 12
    noon = gettext("p.m.") if moment.hour >= 12 else gettext("a.m.")
    return f"{MONTHS[moment.month]} {moment.day}, {moment.year} at {hour}:{moment.minute:02d} {noon}"


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context):
    """The numbered thread and the "Leave a Reply" form under an article. A view that
    re-shows a refused post puts the bound form in the context as `comment_form`."""
    article, request = context["page"], context["request"]
    tags.declare(request, cache_tags.thread(article.pk))
    data = comment_context(article, request, form=context.get("comment_form"))
    data.update(
        article=article,
        request=request,
        comment_form_message=context.get("comment_form_message"),
        feed_url=reverse("comments:article_feed", args=[article.pk]) if article.pk else "",
    )
    return data


@register.simple_tag
def comment_feed_link(article):
    """<link rel="alternate"> for an article's comment feed, for the page's <head>."""
    from django.utils.html import format_html

    if not article.pk:  # the editor's preview of a page not saved yet
        return ""
    return format_html('<link rel="alternate" type="application/rss+xml" title="Comments on {}" href="{}">', article.title, reverse("comments:article_feed", args=[article.pk]))


@register.filter(is_safe=True)
def comment_html(body):
    """A comment's text as the page shows it: `body|urlize|linebreaks`, the same HTML, with
    urlize skipped when the text holds nothing it would link (comments/text.py)."""
    return linebreaks_filter(linked_html(body), autoescape=True)


@register.simple_tag
def comment_tree(nodes, comments_open):
    """The numbered thread (`<li>` per comment, replies in nested `<ol class="children">`)
    as the page shows it. Written in Python rather than as a recursive `{% include %}`: that
    template cost a third of an article's uncached render with 40 comments (bench/render.sh).
    Every value from the comment goes through `escape`, as autoescaping did; the author's
    name stays in `<bdi>` and the text in `dir="auto"` so right-to-left text cannot reorder
    the line around it. The report link's URL is reversed once and filled in per comment."""
    report_url = reverse("comments:report", args=[0]).rsplit("/0/", 1)
    parts = []
    for node in nodes:
        _node_html(node, comments_open, report_url, parts)
    return mark_safe("".join(parts))


def _node_html(node, comments_open, report_url, out):
    c = node.comment
    awaiting = node.awaiting_moderation
    out.append(f'<li id="comment-{c.pk}" ' if c else "<li ")
    out.append(f'class="comment depth-{node.depth}{" awaiting" if awaiting else ""}">\n  ')
    if c:
        name = escape(c.author_name)
        number = f'<span class="comment-number">{node.number}.</span> ' if node.number else ""
        author = f'<a href="{escape(c.author_url)}" rel="external nofollow ugc noopener">{name}</a>' if c.author_url else name
        created = template_localtime(c.created_at)
        out.append(
            '<article class="comment-body">\n    <header class="comment-meta">\n      '
            f'{number}<cite class="comment-author"><bdi>{author}</bdi></cite> <span class="says">says:</span>\n      '
            f'<a class="comment-date" href="#comment-{c.pk}"><time datetime="{created.isoformat()}">{escape(shown_date(created))}</time></a>\n'
            "    </header>\n    "
        )
        if awaiting:
            out.append('<p class="awaiting-notice" role="status">Your comment is awaiting moderation.</p>')
        body = '<p class="comment-erased">[deleted]</p>' if c.erased_at else comment_html(c.body)
        out.append(f'\n    <div class="comment-content" dir="auto">{body}</div>\n    ')
        if not awaiting and not c.erased_at:
            reply = ""
            if comments_open and node.can_reply:
                reply = (
                    f'<a class="comment-reply-link" rel="nofollow" href="?replytocom={c.pk}#respond" data-comment-id="{c.pk}" '
                    f'data-author="{name}" aria-label="Reply to {name}">Reply</a> '
                )
            out.append(f'<p class="comment-actions">{reply}<a class="comment-report-link" rel="nofollow" href="{report_url[0]}/{c.pk}/{report_url[1]}">Report</a></p>')
        out.append("\n  </article>")
    else:
        out.append('<p class="comment-removed">This comment was removed.</p>')
    out.append("\n  ")
    if node.replies:
        out.append('<ol class="children">')
        for reply in node.replies:
            _node_html(reply, comments_open, report_url, out)
        out.append("</ol>")
    out.append("\n</li>\n")
