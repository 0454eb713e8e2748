"""The monthly report in a real Chromium at the widths staff use: every column in view."""

from datetime import date

import pytest
from django.utils import timezone

from masthead.testing.builders import aware, make_gift, make_goal, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1400, 1280])
def test_report_shows_its_last_column_whole(chromium, live_server, width):
    make_staff("treasurer")
    month = timezone.localdate().replace(day=1)
    make_goal(500000, month=date(2020, 1, 1))
    make_gift(1234567, occurred_at=aware(month.year, month.month, 1, 12), donor_email="a@example.org")
    make_gift(12000, "EUR", occurred_at=aware(month.year, month.month, 1, 13))
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "treasurer")
    page.fill("#id_password", "password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/fundraising-report/")
    table = page.locator(".fr-table")
    last = page.locator(".fr-table thead th").last
    assert last.inner_text().replace("\n", " ") == "Monthly donors"
    box, frame = last.bounding_box(), table.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5
    assert box["x"] + box["width"] <= width
    assert table.evaluate("element => element.scrollWidth <= element.clientWidth")  # nothing hidden to scroll to
    context.close()
