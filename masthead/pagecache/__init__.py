"""The shared page cache: public pages answered before Django, purged exactly by cache tags.

- `tags.py`: what a view or template declares about the page it renders (its cache tags,
  how long it may live), and what feature apps register (query parameters that select a
  page, cookies that make a request private);
- `store.py`: entries, tag versions, purges and render locks, all through Django's cache API
  (the embedded cache shared by the workers, Redis at scale, so purges reach every app server);
- `fragments.py`: parts of every page that change on their own (the goal bar), spliced into
  the cached bytes when a page is served, so a donation purges no page;
- `wsgi.py`: the WSGI layer in front of Django that answers hits, stores misses and serves
  the same bytes and headers either way;
- `frontend.py`: the same exact purges sent to Wagtail's frontend-cache backends (CDNs).
See docs/architecture.md, "The page cache".
"""
