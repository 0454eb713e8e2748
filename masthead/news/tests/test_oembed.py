import pytest
from django.utils import timezone

from masthead.testing.builders import make_article, make_image

pytestmark = pytest.mark.django_db


def test_oembed_answers_a_rich_card_for_an_article_and_pages_announce_it(client, site):
    article = make_article(site["section"], "Ceasefire Holds", standfirst="A calm night.", lead_image=make_image(width=1600, height=900))
    url = "http://testserver" + article.url
    html = client.get(article.url).content.decode()
    assert f'<link rel="alternate" type="application/json+oembed" href="http://testserver/oembed/?url=http%3A%2F%2Ftestserver%2Fworld%2Fceasefire-holds%2F&amp;format=json"' in html
    response = client.get("/oembed/", {"url": url, "format": "json", "maxwidth": "400"})
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    data = response.json()
    assert data["version"] == "1.0" and data["type"] == "rich" and data["title"] == "Ceasefire Holds"
    assert data["provider_name"] == "The Test Dispatch" and data["width"] == 400
    assert f'src="http://testserver/embed/article/{article.pk}/"' in data["html"]
    assert data["thumbnail_url"].startswith("http://testserver/media/")
    card = client.get(f"/embed/article/{article.pk}/")
    assert card.status_code == 200 and "X-Frame-Options" not in card
    assert "Ceasefire Holds" in card.content.decode() and "A calm night." in card.content.decode()


@pytest.mark.parametrize("params, status", [
    ({"url": "https://elsewhere.example.org/world/reporters-cross-the-river/"}, 404),
    ({"url": "http://testserver/world/no-such-story/"}, 404),
    ({"url": "javascript:alert(1)"}, 404),
    ({"url": ""}, 404),
    ({"url": "http://testserver/world/reporters-cross-the-river/", "format": "xml"}, 501),
    ({"url": "http://testserver/world/reporters-cross-the-river/", "maxwidth": "wide"}, 400),
    ({"url": "http://testserver/world/reporters-cross-the-river/", "maxwidth": "50"}, 400),
])
def test_oembed_refuses_other_sites_unknown_urls_and_bad_parameters(client, site, params, status):
    assert client.get("/oembed/", params).status_code == status


def test_oembed_and_card_refuse_articles_a_reader_may_not_see(client, site):
    future = make_article(site["section"], "Embargoed", date=timezone.now() + timezone.timedelta(days=1))
    assert client.get("/oembed/", {"url": "http://testserver" + future.url}).status_code == 404
    assert client.get(f"/embed/article/{future.pk}/").status_code == 404
