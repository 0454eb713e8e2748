"""What every app uses and no app owns: the web plumbing of public forms and responses.

- same_origin.py  CSRF protection for public forms without a per-reader token
- private.py      responses meant for one reader (never stored by a cache)
- client.py       the reader's address, from the socket or from trusted proxies only
- site.py         the site's name and absolute URLs (mail, feeds, receipts)
- backends.py     one loader for pluggable backends (payments, classifier, checks, jobs)
- clock.py        the worker's clock: periodic jobs run by `masthead worker`

`core` imports no other masthead app; every app may import it.
"""
