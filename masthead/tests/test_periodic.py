from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from masthead.core import clock
from masthead.testing.builders import make_article

pytestmark = pytest.mark.django_db

CALLS = []


def record_call():
    CALLS.append(1)


def test_scheduled_article_goes_live_when_the_worker_clock_passes_its_time(client, site):
    article = make_article(site["section"], "Scheduled story", date=timezone.now())
    article.unpublish()
    go_live = timezone.now() + timedelta(minutes=5)
    article.go_live_at = go_live
    article.save_revision(approved_go_live_at=go_live)
    assert client.get(article.url).status_code == 404

    from freezegun import freeze_time

    with freeze_time(go_live + timedelta(seconds=1)):
        assert "masthead.news.scheduling.publish_scheduled_pages" in clock.run_due(10_000, {})
    article.refresh_from_db()
    assert article.live


@override_settings(MASTHEAD_PERIODIC_JOBS=[(60, "masthead.tests.test_periodic.record_call")])
def test_a_job_runs_once_per_interval_across_workers():
    CALLS.clear()
    first_worker, second_worker = {}, {}
    clock.run_due(1000, first_worker)
    clock.run_due(1000, second_worker)  # same interval, other process: lock held
    clock.run_due(1030, first_worker)  # interval not over
    assert len(CALLS) == 1
    from django.core.cache import cache

    cache.clear()  # the lock expires with the interval
    clock.run_due(1061, second_worker)
    assert len(CALLS) == 2
