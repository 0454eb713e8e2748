"""Background tasks really run on both stacks: the database queue (embedded default) and
RQ on Redis (at scale). The rest of the suite runs tasks immediately."""

import os
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus, task

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def remember(key, value):
    cache.set(key, value)
    return value


def test_database_queue_runs_an_enqueued_task_in_the_worker():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        result = remember.enqueue("db-task", "done")
        assert cache.get("db-task") is None
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert cache.get("db-task") == "done"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (the PostgreSQL + Redis run)")
def test_redis_queue_runs_an_enqueued_task_in_the_worker():
    queue = f"masthead-test-{uuid.uuid4().hex[:8]}"
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}},
        RQ_QUEUES={"default": {"URL": os.environ["REDIS_URL"]}, queue: {"URL": os.environ["REDIS_URL"]}},
    ):
        result = remember.using(queue_name=queue).enqueue("rq-task", "done")
        # the same arguments as `masthead worker`, in this process (SimpleWorker: no fork)
        call_command("rqworker", queue, burst=True, job_class="django_tasks_rq.Job", worker_class="rq.worker.SimpleWorker")
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert cache.get("rq-task") == "done"
