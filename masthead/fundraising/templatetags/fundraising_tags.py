from django import template

from masthead.fundraising.money import format_money
from masthead.fundraising.progress import current_progress
from masthead.fundraising.support import support_url

register = template.Library()


@register.inclusion_tag("fundraising/goal_bar.html")
def goal_bar():
    """This month's goal, ticks at 0 / half / goal, the amount raised, the percentage and the
    number of supporters (no query when cached)."""
    return {"progress": current_progress(), "support_url": support_url()}


@register.inclusion_tag("fundraising/support_cta.html", takes_context=True)
def support_cta(context, position=""):
    """The "Support <site name>" call to action."""
    return {"site_name": context["chrome"]["site_name"], "support_url": support_url(), "position": position}


@register.simple_tag
def support_link():
    return support_url()


@register.filter
def money(minor, currency):
    """{{ amount_minor|money:"USD" }} → "5,000 $" in the site's MONEY_FORMAT."""
    return format_money(int(minor), currency)

