import pytest

from masthead.testing.builders import make_gift, make_goal

pytestmark = pytest.mark.django_db


def test_progress_json_gives_this_months_figures_and_nothing_about_donors(client, frozen, support_page):
    make_goal(500000)
    make_gift(34000, donor_name="Private Person", donor_email="private@example.org", message="hello", show_publicly=True)
    response = client.get("/fundraising/progress.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "month": "2026-05",
        "month_label": "MAY 2026",
        "currency": "USD",
        "goal_minor": 500000,
        "raised_minor": 34000,
        "goal": "5,000 $",
        "raised": "340 $",
        "percent": 6,
        "supporters": 1,
        "other_currencies": [],
        "support_url": "http://testserver/support/",
    }
    assert b"private" not in response.content.lower()


def test_progress_json_costs_no_query_when_cached(client, frozen, support_page, django_assert_num_queries):
    client.get("/fundraising/progress.json")
    with django_assert_num_queries(0):
        client.get("/fundraising/progress.json")


def test_progress_json_moves_with_the_next_gift(client, frozen):
    make_goal(500000)
    assert client.get("/fundraising/progress.json").json()["raised_minor"] == 0
    make_gift(2500)
    assert client.get("/fundraising/progress.json").json()["raised_minor"] == 2500


def test_embed_is_a_small_page_other_sites_may_frame(client, frozen, support_page):
    make_goal(500000)
    make_gift(34000)
    response = client.get("/fundraising/embed/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert '<a class="embed" href="http://testserver/support/" target="_blank" rel="noopener" title="Support The Test Dispatch">' in html
    assert 'role="progressbar"' in html and 'aria-valuenow="340"' in html
    assert "<strong>340 $</strong> raised of 5,000 $ · 6% · 1 supporter" in html
    assert '<span class="give">Donate</span>' in html
    assert 'rel="stylesheet"' not in html  # self-contained: one request per frame


def test_embed_is_the_same_for_every_reader(client, frozen, support_page):
    from django.test import Client

    first, second = client.get("/fundraising/embed/"), Client().get("/fundraising/embed/")
    assert first.content == second.content and not first.cookies


def test_public_pages_other_than_the_embed_still_refuse_framing(client, support_page):
    assert client.get(support_page.url)["X-Frame-Options"] == "DENY"
