"""Every environment variable masthead reads, declared once: name, default and help.

settings.py reads them through `env()`; `masthead config` prints them; a test checks that each
one is documented in docs/operations.md. Without any of them set, masthead runs embedded:
SQLite and a SQLite cache under ./var, a generated secret key, debug off.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


VARIABLES = [
    Variable("MASTHEAD_VAR_DIR", "var", "Directory for the SQLite database, secret key, media, cache and logs."),
    Variable("DATABASE_URL", "", "Database URL, e.g. postgres://user:pass@host:5432/db. Empty: SQLite at $MASTHEAD_VAR_DIR/masthead.sqlite3 (WAL mode)."),
    Variable("REDIS_URL", "", "Redis URL, e.g. redis://host:6379/0. Set: cache, rate limits and the task queue use Redis. Empty: the embedded cache (SQLite, shared by the worker processes) under $MASTHEAD_VAR_DIR/cache and the database task queue."),
    Variable("SECRET_KEY", "", "Django secret key. Empty: generated once and kept in $MASTHEAD_VAR_DIR/secret_key (every app server must then share that file)."),
    Variable("DEBUG", "false", "Django debug mode (true/false). Never on in production."),
    Variable("ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the site answers to."),
    Variable("CSRF_TRUSTED_ORIGINS", "", "Comma-separated extra origins (https://www.example.org) allowed to post forms, e.g. when a CDN serves another host name."),
    Variable("BASE_URL", "http://127.0.0.1:8000", "Public address of the site, used in emails and in admin links."),
    Variable("TRUSTED_PROXIES", "", "Comma-separated addresses or networks (CIDR) of the proxies in front of masthead (nginx, a load balancer, a CDN's ranges), e.g. 127.0.0.1,::1. Only from these is X-Forwarded-For believed to find the reader's address; empty: the socket's address is the reader's."),
    Variable("BEHIND_HTTPS_PROXY", "false", "true when nginx or a CDN terminates TLS and sets X-Forwarded-Proto: secure cookies, HSTS and https links follow."),
    Variable("TIME_ZONE", "UTC", "Time zone of the newsroom: article dates, archives and the month of the goal bar."),
    Variable("SITE_CURRENCY", "USD", "ISO 4217 code of the currency the goal bar counts."),
    Variable("SITE_LOCALE", "en", "CLDR locale the site reads typed amounts in (en: 1,250.50; de: 1.250,50; fr: 1 250,50) and whose currency symbols it shows. An amount that could mean two things (1,000 in en) is refused with a sentence saying how to write it."),
    Variable("MONEY_FORMAT", "amount_symbol", "How amounts are written: amount_symbol (5,000 $), symbol_amount ($5,000), amount_space_symbol (5 000 €), or locale (CLDR's currency format of SITE_LOCALE: 5.000 € in de)."),
    Variable("STRIPE_SECRET_KEY", "", "Stripe secret key (sk_live_… or sk_test_…; a restricted key needs write access to Checkout Sessions and Customer portal). With STRIPE_WEBHOOK_SECRET set too, the support page takes card gifts through Stripe Checkout; empty: the card option is hidden."),
    Variable("STRIPE_WEBHOOK_SECRET", "", "Signing secret (whsec_…) of the Stripe webhook endpoint $BASE_URL/fundraising/stripe/webhook/; see docs/operations.md for the events and API version to register."),
    Variable("STRIPE_API_BASE", "", "Another address for Stripe's API, e.g. a local stripe-mock for testing. Empty: https://api.stripe.com."),
    Variable("SERVE_MEDIA", "true", "true: the app serves uploaded images itself. Set false when nginx serves $MASTHEAD_VAR_DIR/media."),
    Variable("EMAIL_HOST", "", "SMTP server for outgoing mail. Empty: mail is printed to the console."),
    Variable("EMAIL_PORT", "587", "SMTP port."),
    Variable("EMAIL_HOST_USER", "", "SMTP user name."),
    Variable("EMAIL_HOST_PASSWORD", "", "SMTP password."),
    Variable("EMAIL_USE_TLS", "true", "Use STARTTLS with the SMTP server."),
    Variable("DEFAULT_FROM_EMAIL", "masthead@localhost", "Sender address of the mail masthead sends."),
    Variable("HOST", "127.0.0.1", "Address `masthead serve` and `masthead demo` listen on."),
    Variable("PORT", "8000", "Port `masthead serve` and `masthead demo` listen on."),
    Variable("WEB_CONCURRENCY", "", "Worker processes for `masthead serve`. Empty: one per CPU."),
    Variable("PAGE_CACHE", "true", "Answer anonymous readers' public pages from the shared page cache, before Django (masthead/pagecache/). false: every request is rendered."),
    Variable("PAGE_CACHE_MAX_AGE", "3600", "Seconds a cached page may be kept at most, purges aside: the bound on staleness if a purge is ever lost (a process dying with the cache unreachable)."),
    Variable("PAGE_CACHE_S_MAXAGE", "0", "Seconds a CDN or nginx in front may keep a page (Cache-Control: s-maxage). 0: none. Raise it only with WAGTAILFRONTENDCACHE purging the CDN, or to 1 for the nginx micro-cache (docs/operations.md)."),
    Variable("FEED_CONTENT", "excerpt", "What article feeds carry: excerpt (the standfirst, or the SEO description) or full (the whole body as HTML, too)."),
    Variable("WEBSUB_HUB_URL", "", "WebSub hub (e.g. https://pubsubhubbub.appspot.com/): feeds name it, and publishing an article pings it for each feed the article is in. Empty: no hub link, no ping."),
    Variable("IP_BAN_DAYS", "30", "Days an IP address banned from the moderation queue stays blocked (addresses are shared and reassigned); the moderator may choose another period per ban. An email ban lasts until removed unless the moderator sets a period. 0: IP bans never expire."),
    Variable("MASTHEAD_SERVER", "granian", "HTTP server behind `masthead serve`: granian or gunicorn."),
]

_BY_NAME = {variable.name: variable for variable in VARIABLES}

TRUE_WORDS = {"1", "true", "yes", "on"}


def env(name: str) -> str:
    """The value of a declared variable, or its default. Unknown names are a programming error."""
    return os.environ.get(name, _BY_NAME[name].default).strip()


def env_bool(name: str) -> bool:
    return env(name).lower() in TRUE_WORDS


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env(name).split(",") if item.strip()]
