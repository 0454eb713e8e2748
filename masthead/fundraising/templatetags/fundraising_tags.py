from django import template

from masthead.fundraising.money import format_money
from masthead.fundraising.progress import current_progress
from masthead.fundraising.support import support_url

register = template.Library()


def _support_url(context):
    # From the context processor when the page has one (one cache read per render).
    return context["support_url"] if "support_url" in context else support_url()


@register.inclusion_tag("fundraising/goal_bar.html", takes_context=True)
def goal_bar(context):
    """This month's goal, ticks at 0 / half / goal, the amount raised, the percentage and the
    number of supporters (no query when cached)."""
    return {"progress": current_progress(), "support_url": _support_url(context)}


@register.inclusion_tag("fundraising/support_cta.html", takes_context=True)
def support_cta(context, position=""):
    """The "Support <site name>" call to action."""
    return {"site_name": context["chrome"]["site_name"], "support_url": _support_url(context), "position": position}


@register.filter
def money(minor, currency):
    """{{ amount_minor|money:"USD" }} → "5,000 $" in the site's MONEY_FORMAT."""
    return format_money(int(minor), currency)

