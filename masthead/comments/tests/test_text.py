from django.utils.html import urlize
from hypothesis import given, settings
from hypothesis import strategies as st

from masthead.comments.text import linked_html

PIECES = ["see", "http://example.org/a?b=1&c=2", "www.example.com", "example.net/path", "mail@example.org",
          "e.g.", "3.5", "(www.example.org).", "<b>", "&amp;", "'quoted'", "Homs.", "WWW.EXAMPLE.COM", "a:b", "\n\n", " ", "\t"]


def test_linked_html_is_urlize_for_text_without_links():
    text = 'Comment 1: the figures in the third paragraph match <what> we heard from "Homs".\n\nA second one.'
    assert linked_html(text) == urlize(text, autoescape=True)
    assert linked_html(text) == 'Comment 1: the figures in the third paragraph match &lt;what&gt; we heard from &quot;Homs&quot;.\n\nA second one.'


def test_linked_html_links_what_urlize_links():
    text = "Read www.example.com and write to desk@example.org"
    assert linked_html(text) == urlize(text, autoescape=True)
    assert '<a href="http://www.example.com">' in linked_html(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=12))
def test_linked_html_is_always_urlize(pieces):
    text = " ".join(pieces)
    assert linked_html(text) == urlize(text, autoescape=True)
