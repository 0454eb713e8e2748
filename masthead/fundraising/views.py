"""The reader's side of fundraising: the donation form's target, the thank-you page, the
progress as JSON, the embeddable bar, and the signed "manage my monthly gift" link.

A view is parse → access check → action → response. Public pages are the same bytes for
every reader: no token, no cookie, no per-reader content. A refused donation re-renders the
support page with the reader's choices and a message, marked private.
"""

import base64
import hashlib
import re
from functools import lru_cache

from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from masthead.fundraising import donor_links, payments
from masthead.fundraising.forms import DonationForm
from masthead.fundraising.models import SupportPage
from masthead.fundraising.money import format_money
from masthead.fundraising.progress import current_progress
from masthead.fundraising.support import support_url
from masthead.core import csp
from masthead.core.client import client_address
from masthead.core.private import page_for_one_reader, private
from masthead.core.ratelimit import hit, minutes
from masthead.core.same_origin import same_origin_post
from masthead.core.site import site_name

CROSS_SITE_MESSAGE = (
    "Your gift was not started: the form was sent from another site, or your browser did not "
    "say where it came from. Your choices are kept below; send the form again from this page."
)
NO_CARD_MESSAGE = "Card gifts are not available at the moment. Please use one of the other ways to give below."
TOO_MANY_MESSAGE = (
    "You have started {limit} gifts in the last {window} minutes, the most we accept from one "
    "address. Nothing was charged. Please wait {wait} and try again; your choices are kept below."
)
# Each accepted form calls Stripe (a Checkout Session): per reader address, per window.
CHECKOUTS_PER_WINDOW, CHECKOUT_WINDOW_MINUTES = 10, 10
UNAVAILABLE_MESSAGE = (
    "We could not reach our card processor, and nothing was charged. Please try again in a "
    "minute, or use one of the other ways to give below."
)


def live_support_page() -> SupportPage:
    page = SupportPage.objects.live().order_by("path").first()
    if page is None:
        raise Http404("This site has no support page.")
    return page


def _refuse(request, page, form, status, message=None):
    return page_for_one_reader(request, page, status, donation_form=form, donation_message=message)


@same_origin_post
def donate(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = live_support_page()
    form = DonationForm(request.POST, page=page)
    backend = payments.backend()
    if request.cross_site_reason:
        form.is_valid()  # fill cleaned_data so the form re-renders with the reader's choices
        return _refuse(request, page, form, 403, CROSS_SITE_MESSAGE)
    if not backend.enabled:
        form.is_valid()
        return _refuse(request, page, form, 400, NO_CARD_MESSAGE)
    if not form.is_valid():
        return _refuse(request, page, form, 400)
    allowance = hit("donate", client_address(request) or "", CHECKOUTS_PER_WINDOW, CHECKOUT_WINDOW_MINUTES * 60)
    if allowance.exceeded:
        message = TOO_MANY_MESSAGE.format(limit=CHECKOUTS_PER_WINDOW, window=CHECKOUT_WINDOW_MINUTES, wait=minutes(allowance.retry_after))
        response = _refuse(request, page, form, 429, message)
        response["Retry-After"] = str(allowance.retry_after)
        return response
    donation = form.donation()
    try:
        url = backend.start_checkout(
            donation,
            success_url=request.build_absolute_uri(reverse("fundraising:thanks")),
            cancel_url=request.build_absolute_uri(page.url),
            description=f"{'Monthly gift' if donation.frequency == 'monthly' else 'Gift'} to {site_name(request)}",
        )
    except payments.PaymentUnavailable:
        return _refuse(request, page, form, 502, UNAVAILABLE_MESSAGE)
    return HttpResponseRedirect(url, status=303)


@require_GET
def thanks(request):
    """Where Stripe sends the donor after paying, with ?session_id=cs_…: the page names the
    gift (amount, once or monthly) as the Checkout session says, and is then for this
    reader only. Without a session it is the same for everyone. What is recorded comes from
    the signed webhook alone, never from this page."""
    context = {"page": live_support_page(), "progress": current_progress(), "gift": None}
    session_ref = request.GET.get("session_id", "")
    if session_ref:
        gift = payments.backend().checkout_gift(session_ref)
        if gift is not None:
            context["gift"] = gift
            context["gift_text"] = format_money(gift.amount_minor, gift.currency)
            return private(TemplateResponse(request, "fundraising/thanks.html", context))
    return TemplateResponse(request, "fundraising/thanks.html", context)


@require_GET
def progress_json(request):
    """This month's figures for apps and for refreshing a bar; any site may read them."""
    url = support_url()
    data = current_progress().as_json()
    data["support_url"] = request.build_absolute_uri(url) if url else ""
    response = JsonResponse(data)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@xframe_options_exempt
def embed(request):
    """The goal bar as a small page for an iframe on other sites (docs/operations.md)."""
    url = support_url()
    context = {
        "progress": current_progress(),
        "support_url": request.build_absolute_uri(url) if url else "",
        "site_name": site_name(request),
    }
    response = TemplateResponse(request, "fundraising/embed.html", context)
    response["Content-Security-Policy"] = embed_policy()
    return response


@lru_cache(maxsize=1)
def embed_policy() -> str:
    """Any site may frame the embed; its inline `<style>` (one request per frame) is
    allowed by its hash, read from the template, so editing the CSS cannot break it."""
    source = get_template("fundraising/embed.html").template.source
    css = re.search(r"<style>(.*?)</style>", source, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return csp.policy(ancestors="*", style_hashes=[digest])


@same_origin_post
def manage(request, token):
    """GET: a page with one button; POST: off to Stripe's customer portal. A button rather
    than a redirect on GET, so that mail scanners opening the link do nothing."""
    customer = donor_links.customer_from(token)
    if customer is None:
        return private(TemplateResponse(request, "fundraising/manage.html", {"invalid": True}, status=404))
    context = {"site_name": site_name(request)}
    if request.method == "POST":
        if request.cross_site_reason:
            context["message"] = "This request came from another site. Use the button below."
            return private(TemplateResponse(request, "fundraising/manage.html", context, status=403))
        page_url = support_url() or "/"
        try:
            url = payments.backend().manage_url(customer, return_url=request.build_absolute_uri(page_url))
        except payments.PaymentUnavailable:
            context["message"] = "We could not reach our card processor. Please try again in a minute."
            return private(TemplateResponse(request, "fundraising/manage.html", context, status=502))
        return HttpResponseRedirect(url, status=303)
    return private(TemplateResponse(request, "fundraising/manage.html", context))
