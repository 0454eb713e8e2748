"""The Stripe webhook: verify → dedupe → record → handle.

Verification is the official library's (`stripe.Webhook.construct_event`, via the payment
backend), plus the API version check; anything unverified gets 400 and leaves no trace.
The rest is actions.do_receive_stripe_event: a verified event is stored and handled once,
and answered 200 even when its handler failed, because it is kept and retried here.
"""

import logging

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from masthead.fundraising import payments
from masthead.fundraising.actions import do_receive_stripe_event

logger = logging.getLogger("masthead.fundraising")


@csrf_exempt  # Stripe signs the body instead; there is no browser and no cookie here
def stripe_webhook(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        event = payments.backend().verify_webhook(request.body, request.headers.get("Stripe-Signature"))
    except payments.InvalidWebhook as error:
        logger.warning("Refused a Stripe webhook delivery: %s", error)
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    row, first_time = do_receive_stripe_event(event)
    text = f"{row.get_status_display()}: {row.note}" if first_time else f"Already received ({row.get_status_display().lower()})."
    return HttpResponse(text, content_type="text/plain")
