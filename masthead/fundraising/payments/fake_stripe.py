"""A local stand-in for Stripe's API, as far as masthead calls it: Checkout Sessions (create
and retrieve), the customer portal, and the hosted pages they redirect to. It listens on
127.0.0.1 (a free port), records every request, and can be told to fail. No network is
involved. The tests use it, and so does `masthead demo` without Stripe keys (TEST MODE):
its checkout page has a "Pay" button that marks the session paid, sends the site the
signed checkout.session.completed event Stripe would send, and returns the reader to the
thank-you page, so the whole gift can be tried with no account and no money.

    python -m masthead.fundraising.payments.fake_stripe 12111   # serve it by hand
"""

import html
import itertools
import json
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import stripe

WEBHOOK_PATH = "/fundraising/stripe/webhook/"


class FakeStripe:
    def __init__(self, port: int = 0, webhook_secret: str = ""):
        # With a secret, "Pay" on the checkout page sends the signed event to the site.
        self.webhook_secret = webhook_secret
        self.deliveries: list[tuple[int, str]] = []  # (status, body) of each webhook sent
        self.requests: list[dict] = []
        self.fail_with: tuple[int, str] | None = None  # (status, message) for the next API calls
        self.sessions: dict[str, dict] = {}  # Checkout Session id → the parameters it was created with
        self._ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json"):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                params = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                if self.path.startswith("/c/pay/") and self.path.endswith("/confirm"):
                    location = fake.pay(self.path.split("/")[3])
                    self.send_response(303)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                fake.requests.append({"method": "POST", "path": self.path, "params": params, "headers": dict(self.headers)})
                status, body = fake.answer(self.path, params)
                self._send(status, json.dumps(body))

            def do_GET(self):
                if self.path.startswith("/v1/"):
                    fake.requests.append({"method": "GET", "path": self.path, "params": {}, "headers": dict(self.headers)})
                    status, body = fake.retrieve(self.path.split("?")[0])
                    self._send(status, json.dumps(body))
                    return
                self._send(200, fake.hosted_page(self.path), "text/html; charset=utf-8")

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, params: dict) -> tuple[int, dict]:
        if self.fail_with:
            status, message = self.fail_with
            kind = "card_error" if status == 402 else "api_error" if status >= 500 else "invalid_request_error"
            return status, {"error": {"type": kind, "message": message}}
        n = next(self._ids)
        if path == "/v1/checkout/sessions":
            session = f"cs_test_fake{n:04d}"
            self.sessions[session] = params
            return 200, self.session_object(session)
        if path == "/v1/billing_portal/sessions":
            return 200, {"id": f"bps_fake{n:04d}", "object": "billing_portal.session", "customer": params.get("customer"),
                         "return_url": params.get("return_url"), "url": f"{self.url}/p/session/{params.get('customer')}"}
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL (POST: {path})."}}

    def session_object(self, session: str) -> dict:
        """The Checkout Session as Stripe's API shows it (the fields masthead reads)."""
        params = self.sessions[session]
        paid = params.get("_paid") == "yes"
        return {
            "id": session, "object": "checkout.session", "mode": params.get("mode"),
            "amount_total": int(params.get("line_items[0][price_data][unit_amount]", 0)),
            "currency": params.get("line_items[0][price_data][currency]"),
            "payment_status": "paid" if paid else "unpaid", "status": "complete" if paid else "open",
            "metadata": {k[len("metadata["):-1]: v for k, v in params.items() if k.startswith("metadata[")},
            "success_url": params.get("success_url"), "cancel_url": params.get("cancel_url"),
            "customer_details": {"email": "test.donor@example.org"} if paid else None,
            "url": f"{self.url}/c/pay/{session}",
        }

    def retrieve(self, path: str) -> tuple[int, dict]:
        prefix = "/v1/checkout/sessions/"
        if path.startswith(prefix) and path[len(prefix):] in self.sessions:
            return 200, self.session_object(path[len(prefix):])
        return 404, {"error": {"type": "invalid_request_error", "message": f"No such checkout.session: '{path.rsplit('/', 1)[-1]}'"}}

    def pay(self, session: str) -> str:
        """The reader pressed "Pay": the session is paid, the site gets the signed event, the
        reader goes to the success URL (Stripe fills in {CHECKOUT_SESSION_ID})."""
        if session not in self.sessions:
            return "/"
        self.sessions[session]["_paid"] = "yes"
        obj = self.session_object(session)
        n = next(self._ids)
        if obj["mode"] == "subscription":
            obj.update(subscription=f"sub_fake{n:04d}", invoice=f"in_fake{n:04d}", customer=f"cus_fake{n:04d}")
        else:
            obj.update(payment_intent=f"pi_fake{n:04d}")
        success_url = (obj["success_url"] or "/").replace("{CHECKOUT_SESSION_ID}", session)
        if self.webhook_secret:
            site = urlsplit(success_url)
            event = {"id": f"evt_fake{n:06d}", "object": "event", "api_version": stripe.api_version, "created": int(time.time()),
                     "livemode": False, "type": "checkout.session.completed", "data": {"object": obj}}
            body = json.dumps(event)
            request = urllib.request.Request(
                f"{site.scheme}://{site.netloc}{WEBHOOK_PATH}", data=body.encode(), method="POST",
                headers={"Content-Type": "application/json",
                         "Stripe-Signature": stripe.WebhookSignature.generate_signature_header(body, self.webhook_secret)},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    self.deliveries.append((response.status, response.read().decode()))
            except OSError as error:
                self.deliveries.append((getattr(error, "code", 0), str(error)))
        return success_url

    def hosted_page(self, path: str) -> str:
        if path.startswith("/c/pay/"):
            session_id = path.rsplit("/", 1)[-1]
            session = self.sessions.get(session_id, {})
            amount = session.get("line_items[0][price_data][unit_amount]", "?")
            currency = session.get("line_items[0][price_data][currency]", "")
            monthly = session.get("mode") == "subscription"
            name = html.escape(session.get("line_items[0][price_data][product_data][name]", ""))
            return (
                "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width,initial-scale=1'>"
                "<title>Fake Stripe Checkout</title>"
                "<body style='font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem'>"
                "<p id=test-mode style='background:#fff3cd;border:1px solid #d4a017;padding:.5rem .75rem;border-radius:.3rem'>"
                "<strong>TEST MODE</strong>: this is a local fake of Stripe Checkout. No card is asked for and no money moves.</p>"
                "<h1>Fake Stripe Checkout</h1>"
                f"<p>{name}</p><p id=amount>{amount} {currency}</p>"
                f"<p>{'Every month, until cancelled' if monthly else 'Once'}</p>"
                f"<form method=post action='/c/pay/{html.escape(session_id)}/confirm'>"
                "<button type=submit style='font:700 1rem system-ui;padding:.6rem 1.2rem;background:#635bff;color:#fff;border:0;border-radius:.3rem'>"
                "Pay (test mode)</button></form>"
                f"<p><a href='{html.escape(session.get('cancel_url', '/'))}'>Cancel and go back</a></p></body>"
            )
        return "<!doctype html><title>Fake Stripe</title><h1>Fake Stripe customer portal</h1><p><strong>TEST MODE</strong></p>"

    def calls(self, path: str) -> list[dict]:
        return [request["params"] for request in self.requests if request["path"] == path]


if __name__ == "__main__":
    fake = FakeStripe(int(sys.argv[1]) if len(sys.argv) > 1 else 12111, webhook_secret=sys.argv[2] if len(sys.argv) > 2 else "")
    print(f"Fake Stripe API on {fake.url} (Ctrl-C to stop)", flush=True)
    fake.server.serve_forever()
