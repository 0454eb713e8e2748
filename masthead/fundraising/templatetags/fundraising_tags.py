from django import template
from django.template.loader import render_to_string

from masthead.fundraising import cache_tags
from masthead.fundraising.money import format_money
from masthead.fundraising.progress import current_progress
from masthead.fundraising.support import support_url
from masthead.pagecache import fragments

register = template.Library()


def _support_url(context):
    # From the context processor when the page has one (one cache read per render).
    return context["support_url"] if "support_url" in context else support_url()


@register.simple_tag
def goal_bar():
    """This month's goal, ticks at 0 / half / goal, the amount raised, the percentage and the
    number of supporters (no query when cached): the page cache's fragment, which cached
    pages get spliced in when they are served (cache_tags.py)."""
    return fragments.placeholder(cache_tags.FRAGMENT)


def goal_bar_html() -> str:
    """The fragment's HTML (registered in apps.py)."""
    return render_to_string("fundraising/goal_bar.html", {"progress": current_progress(), "support_url": support_url()})


@register.inclusion_tag("fundraising/support_cta.html", takes_context=True)
def support_cta(context, position=""):
    """The "Support <site name>" call to action."""
    return {"site_name": context["chrome"]["site_name"], "support_url": _support_url(context), "position": position}


@register.filter
def money(minor, currency):
    """{{ amount_minor|money:"USD" }} → "5,000 $" in the site's MONEY_FORMAT."""
    return format_money(int(minor), currency)

