import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.news.models import Author
from masthead.testing.builders import make_article, make_image, make_section

pytestmark = pytest.mark.django_db

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"

# schema.org NewsArticle as Google reads it (developers.google.com/search/docs/appearance/
# structured-data/article): no property is strictly required; these are the recommended
# ones, plus what the issue asks for and what a publisher's logo needs.
NEWS_ARTICLE_FIELDS = {"headline", "datePublished", "dateModified", "author", "image", "publisher", "isAccessibleForFree", "mainEntityOfPage"}


def json_ld(html):
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.fixture
def story(site):
    author = Author.objects.create(name="Lina Haddad")
    return make_article(site["section"], 'Ceasefire "Holds" </script><b>', standfirst="A calm night in Idlib.",
                        author=author, lead_image=make_image(width=1600, height=900), tags=["Idlib"])


def test_article_has_canonical_description_and_valid_news_article_json_ld(client, story):
    html = client.get(story.url).content.decode()
    url = "http://testserver" + story.url
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="description" content="A calm night in Idlib.">' in html
    assert "</script><b>" not in html.split("<body")[0].split("application/ld+json")[1]
    (data,) = json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert NEWS_ARTICLE_FIELDS <= data.keys()
    assert data["headline"] == 'Ceasefire "Holds" </script><b>'
    assert data["mainEntityOfPage"]["@id"] == url
    assert timezone.datetime.fromisoformat(data["datePublished"]) == story.date
    assert timezone.datetime.fromisoformat(data["dateModified"]) >= story.date
    assert data["author"] == [{"@type": "Person", "name": "Lina Haddad", "url": "http://testserver/author/lina-haddad/"}]
    assert data["image"][0].startswith("http://testserver/media/images/")
    assert data["isAccessibleForFree"] is True
    publisher = data["publisher"]
    assert publisher["name"] == "The Test Dispatch" and publisher["logo"]["url"].endswith("/logo.png")
    assert publisher["logo"]["width"] == 512
    assert data["articleSection"] == "World"


def test_article_has_open_graph_and_twitter_card_with_the_lead_image(client, story):
    html = client.get(story.url).content.decode()
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Ceasefire &quot;Holds&quot; &lt;/script&gt;&lt;b&gt;"
    assert meta(html, "property", "og:url") == "http://testserver" + story.url
    assert meta(html, "property", "og:image").startswith("http://testserver/media/images/")
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:site_name") == "The Test Dispatch"
    assert meta(html, "property", "article:tag") == "Idlib"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == meta(html, "property", "og:image")


def test_the_editors_seo_description_wins_over_the_standfirst(client, story):
    story.search_description = "What the editor wrote for search engines."
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert '<meta name="description" content="What the editor wrote for search engines.">' in html
    assert html.count('<meta name="description"') == 1


def test_home_page_has_organization_and_website_json_ld(client, site):
    html = client.get("/").content.decode()
    blocks = {block["@type"]: block for block in json_ld(html)}
    organization = blocks["NewsMediaOrganization"]
    assert organization["name"] == "The Test Dispatch" and organization["url"] == "http://testserver/"
    assert organization["logo"]["url"] == "http://testserver/static/masthead/logo.png"
    assert blocks["WebSite"]["potentialAction"]["target"] == "http://testserver/search/?q={search_term_string}"
    assert '<link rel="canonical" href="http://testserver/">' in html


def test_share_links_are_plain_links_with_no_third_party_script(client, story):
    html = client.get(story.url).content.decode()
    share = html[html.index('<nav class="share-links"'):]
    share = share[: share.index("</nav>")]
    hrefs = re.findall(r'href="([^"]+)"', share)
    assert len(hrefs) == 6
    telegram = next(h for h in hrefs if h.startswith("https://t.me/share/url?"))
    assert parse_qs(urlsplit(telegram.replace("&amp;", "&")).query)["url"] == ["http://testserver" + story.url]
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]+src="([^"]+)"', html))


def test_sitemap_has_lastmod_and_only_pages_a_reader_may_see(client, site, story):
    make_article(site["section"], "Embargoed", date=timezone.now() + timezone.timedelta(days=1))
    members = make_section(site["home"], "Members")
    make_article(members, "Members Only")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.PASSWORD, password="x")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {u.find(f"{{{SITEMAP_NS}}}loc").text: u.find(f"{{{SITEMAP_NS}}}lastmod") for u in root.findall(f"{{{SITEMAP_NS}}}url")}
    assert "http://testserver" + story.url in urls and urls["http://testserver" + story.url] is not None
    assert not [loc for loc in urls if "embargoed" in loc or "members" in loc]


def test_sitemap_locations_are_the_canonical_links_on_base_url_not_the_wagtail_sites_host(client, site, story, settings):
    # An imported site keeps Wagtail's Site record as installed: localhost, port 80.
    assert site["home"].get_site().hostname == "localhost"
    settings.BASE_URL = "https://news.example.org"
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [u.find(f"{{{SITEMAP_NS}}}loc").text for u in root.findall(f"{{{SITEMAP_NS}}}url")]
    assert "https://news.example.org/" in locations
    assert all(loc.startswith("https://news.example.org/") for loc in locations)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', client.get(story.url).content.decode()).group(1)
    assert canonical in locations


def test_news_sitemap_lists_the_last_two_days_with_its_namespace(client, site, story):
    make_article(site["section"], "Old News", date=timezone.now() - timezone.timedelta(days=3))
    response = client.get("/news-sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    entries = {u.find(f"{{{SITEMAP_NS}}}loc").text: u for u in root.findall(f"{{{SITEMAP_NS}}}url")}
    assert set(entries) == {"http://testserver" + story.url, "http://testserver" + site["article"].url}
    news = entries["http://testserver" + story.url].find(f"{{{NEWS_NS}}}news")
    assert news.find(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}name").text == "The Test Dispatch"
    assert news.find(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}language").text == "en"
    assert news.find(f"{{{NEWS_NS}}}title").text == story.title
    assert timezone.datetime.fromisoformat(news.find(f"{{{NEWS_NS}}}publication_date").text) == story.date.replace(microsecond=0)


def test_robots_txt_names_both_sitemaps(client, site):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /search/" in text
