"""The front page in a real Chromium, at desktop width and on a 390 px phone: the lead story
large with its image first, header and goal bar compact on the phone, nothing shifting as
images load (width/height set), thumbnails lazy."""

import pytest

from masthead.testing.builders import aware, make_article, make_author, make_goal, make_image, make_site, make_section, make_support_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def front_page(transactional_db):
    home = make_site("The Browser Dispatch")
    make_support_page(home)
    make_goal(500000)
    sections = [make_section(home, title) for title in ("Syria", "Iraq", "Lebanon", "Yemen", "Ukraine", "Analysis")]
    writer = make_author("Lina Haddad")
    for i in range(8):
        make_article(sections[i % 6], f"Earlier Story {i}", date=aware(2021, 5, 1 + i), author=writer,
                     standfirst="A sentence under the headline.", lead_image=make_image(f"P{i}", seed=i, width=960, height=540) if i % 2 else None)
    make_article(sections[0], "The Lead Story Of The Day", date=aware(2021, 6, 11), author=writer,
                 standfirst="Government and allied units pressed on with sweeps of the desert.",
                 lead_image=make_image("Lead", seed=0, width=1280, height=720))
    return home


def layout(page):
    return page.evaluate("""() => {
        const box = (sel) => { const e = document.querySelector(sel); const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, width: r.width, height: r.height}; };
        return {
            header: box('.site-header'), bar: box('.goal-bar'), leadImage: box('.lead-story img'),
            leadTitle: box('.lead-title'), viewport: innerWidth, scrollWidth: document.documentElement.scrollWidth,
            images: [...document.querySelectorAll('main img')].map(i => ({w: i.getAttribute('width'), h: i.getAttribute('height'), lazy: i.loading, srcset: !!i.srcset, inLead: !!i.closest('.lead-story')})),
        };
    }""")


def test_front_page_on_the_desktop_leads_large_with_its_image(browser_page, live_server, front_page):
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator(".lead-title").inner_text() == "The Lead Story Of The Day"
    box = layout(page)
    assert box["leadImage"]["width"] >= 700  # the full column
    assert box["leadImage"]["top"] < 250 and box["leadTitle"]["bottom"] < 900  # above the fold
    assert all(img["w"] and img["h"] and img["srcset"] for img in box["images"])
    assert [img["lazy"] for img in box["images"] if not img["inLead"]] == ["lazy"] * 4
    assert page.locator(".teaser .byline a").first.get_attribute("href") == "/author/lina-haddad/"


def test_front_page_on_a_390px_phone_shows_the_lead_headline_on_the_first_screen(chromium, live_server, front_page):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        box = layout(page)
        # Header and goal bar took about 300 px of a phone screen; now the two together are
        # under 120 px, and the lead image and headline follow on the first screen.
        assert box["bar"]["bottom"] <= 120, box
        assert box["leadTitle"]["bottom"] < 844
        assert box["leadImage"]["width"] == 390  # edge to edge
        assert box["scrollWidth"] == 390  # nothing overflows sideways (the menu scrolls inside itself)
        assert page.locator(".goal-give").is_visible() and page.locator(".goal-ticks").is_hidden()
        assert page.locator(".goal-month").is_visible()
        # The phone picks a rendition for its width from the srcset, not the largest.
        current = page.evaluate("() => document.querySelector('.lead-story img').currentSrc")
        assert "fill-960x540" in current or "fill-640x360" in current
    finally:
        context.close()
