"""The support page: where every "Support <site>" link leads.

Editors set the amounts offered, the smallest and largest card gift, whether monthly gifts
are offered, the offline ways to give, the thank-you text and the organisation details
printed on receipts. The page is the same for every reader (a cache may serve it): the
donation form carries no token and posts to views.donate.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from masthead.fundraising import cache_tags
from masthead.news.models import TopLevelPage
from masthead.pagecache import tags

RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


class GivingWayBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="e.g. Bank transfer, Bitcoin, Cheque")
    details = blocks.TextBlock(help_text="Account details, address or instructions, shown as written.")

    class Meta:
        icon = "form"
        template = "fundraising/blocks/giving_way.html"


def parse_presets(text: str, currency: str, locale=None) -> list[int]:
    """ "10, 25, 50" → [1000, 2500, 5000] in minor units; ValueError with a sentence otherwise.

    Amounts are read in the site's locale, so a comma may be part of one: amounts are
    separated by semicolons, new lines or a comma followed by a space ("2,50; 5" and
    "2,50, 5" are 2.50 and 5 in German, "1,000,000; 2500" in English), and a
    bare comma separates only where it cannot be the locale's decimal mark and cannot be a
    thousands mark ("10,25,50" in English; "1,000" is refused as unclear, as in the gift form)."""
    from masthead.fundraising.money import AmountError, decimal_mark, to_minor

    amounts = []
    for part in re.split(r"[;\n]|,\s+", text):
        if not (part := part.strip()):
            continue
        try:
            amounts.append(to_minor(part, currency, locale))
        except AmountError:
            pieces = [piece.strip() for piece in part.split(",")]
            if decimal_mark(locale) == "," or len(pieces) < 2 or any(len(p) == 3 and p.isdigit() for p in pieces[1:]):
                raise  # no list, or a thousands mark the parser already explained
            amounts += [to_minor(piece, currency, locale) for piece in pieces if piece]
    if any(amount <= 0 for amount in amounts):
        raise ValueError("Every preset amount must be above zero.")
    return sorted(set(amounts))


class SupportPage(TopLevelPage, Page):
    """This month's progress, the donation form, the offline ways to give and the supporters."""

    intro = RichTextField(blank=True, features=RICH_TEXT)
    preset_amounts = models.CharField(
        max_length=200, default="10, 25, 50, 100",
        help_text="Amounts offered as buttons, in the site currency, separated by commas and spaces or by semicolons (e.g. 10, 25, 50).",
    )
    # Card gifts outside [minimum, maximum] (major units of the site currency) are refused.
    minimum_amount = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal("2"))
    maximum_amount = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal("10000"))
    allow_monthly = models.BooleanField(default=True, help_text="Offer monthly gifts as well as one-time ones.")
    ways_to_give = StreamField([("way", GivingWayBlock())], blank=True)
    show_supporters = models.BooleanField(
        default=True, help_text="List the supporters who asked to be named (name and message only; never an amount or email)."
    )
    thank_you = RichTextField(
        blank=True, features=RICH_TEXT, help_text="Shown after a card payment. Empty: a short default thank-you."
    )
    receipt_details = models.TextField(
        blank=True,
        help_text="Printed on every receipt: the organisation's legal name, address and registration or tax number.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("preset_amounts"),
                FieldRowPanel([FieldPanel("minimum_amount"), FieldPanel("maximum_amount")]),
                FieldPanel("allow_monthly"),
            ],
            heading="Card gifts",
        ),
        FieldPanel("ways_to_give"),
        FieldPanel("show_supporters"),
        FieldPanel("thank_you"),
        FieldPanel("receipt_details"),
    ]
    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "fundraising/support_page.html"

    def clean(self):
        super().clean()
        from masthead.fundraising.money import to_minor

        errors = {}
        currency = settings.SITE_CURRENCY
        limits = {}
        for field in ("minimum_amount", "maximum_amount"):
            try:
                limits[field] = to_minor(getattr(self, field), currency)
            except ValueError as error:
                errors[field] = str(error)
        if errors:
            raise ValidationError(errors)
        low, high = limits["minimum_amount"], limits["maximum_amount"]
        if low <= 0:
            errors["minimum_amount"] = "The smallest gift must be above zero."
        elif high < low:
            errors["maximum_amount"] = "The largest gift must be at least the smallest."
        try:
            presets = parse_presets(self.preset_amounts, currency)
        except ValueError as error:
            errors["preset_amounts"] = str(error)
        else:
            if not presets:
                errors["preset_amounts"] = "Enter at least one amount, e.g. 10, 25, 50."
            elif not errors and any(p < low or p > high for p in presets):
                errors["preset_amounts"] = "Every preset amount must be between the smallest and the largest gift."
        if errors:
            raise ValidationError(errors)

    def card_limits(self) -> tuple[int, int]:
        """(smallest, largest) card gift in minor units of the site currency."""
        from masthead.fundraising.money import to_minor

        currency = settings.SITE_CURRENCY
        return to_minor(self.minimum_amount, currency), to_minor(self.maximum_amount, currency)

    def presets(self) -> list[int]:
        try:
            return parse_presets(self.preset_amounts, settings.SITE_CURRENCY)
        except ValueError:
            return []

    def get_context(self, request, *args, **kwargs):
        from masthead.fundraising.forms import DonationForm
        from masthead.fundraising.payments import backend
        from masthead.fundraising.progress import current_progress
        from masthead.fundraising.supporters import public_supporters

        tags.declare(request, cache_tags.GOAL, cache_tags.SUPPORTERS)
        context = super().get_context(request, *args, **kwargs)
        context["progress"] = current_progress()
        card = backend()
        context["card_enabled"] = card.enabled
        context["card_test_mode"] = card.enabled and card.test_mode
        context["donation_form"] = DonationForm(page=self)
        context["supporters"] = public_supporters() if self.show_supporters else []
        return context
