"""A local stand-in for Stripe's API, as far as masthead calls it: Checkout Sessions, the
customer portal, and the hosted pages they redirect to. It listens on 127.0.0.1 (a free
port), records every request, and can be told to fail. No network is involved.

    python -m masthead.fundraising.tests.fake_stripe 12111   # serve it for a demo by hand
"""

import itertools
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class FakeStripe:
    def __init__(self, port: int = 0):
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
                fake.requests.append({"method": "POST", "path": self.path, "params": params, "headers": dict(self.headers)})
                status, body = fake.answer(self.path, params)
                self._send(status, json.dumps(body))

            def do_GET(self):
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
            return 200, {
                "id": session, "object": "checkout.session", "mode": params.get("mode"),
                "amount_total": int(params.get("line_items[0][price_data][unit_amount]", 0)),
                "currency": params.get("line_items[0][price_data][currency]"), "payment_status": "unpaid", "status": "open",
                "metadata": {k[len("metadata["):-1]: v for k, v in params.items() if k.startswith("metadata[")},
                "success_url": params.get("success_url"), "cancel_url": params.get("cancel_url"),
                "url": f"{self.url}/c/pay/{session}",
            }
        if path == "/v1/billing_portal/sessions":
            return 200, {"id": f"bps_fake{n:04d}", "object": "billing_portal.session", "customer": params.get("customer"),
                         "return_url": params.get("return_url"), "url": f"{self.url}/p/session/{params.get('customer')}"}
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL (POST: {path})."}}

    def hosted_page(self, path: str) -> str:
        if path.startswith("/c/pay/"):
            session = self.sessions.get(path.rsplit("/", 1)[-1], {})
            amount = session.get("line_items[0][price_data][unit_amount]", "?")
            return (f"<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1>"
                    f"<p id=amount>{amount} {session.get('line_items[0][price_data][currency]', '')}</p>")
        return "<!doctype html><title>Fake Stripe</title><h1>Fake Stripe customer portal</h1>"

    def calls(self, path: str) -> list[dict]:
        return [request["params"] for request in self.requests if request["path"] == path]


if __name__ == "__main__":
    fake = FakeStripe(int(sys.argv[1]) if len(sys.argv) > 1 else 12111)
    print(f"Fake Stripe API on {fake.url} (Ctrl-C to stop)", flush=True)
    fake.server.serve_forever()
