"""core/bulk_insert.py: rows written many at a time (COPY on PostgreSQL, multi-row INSERT
elsewhere) read back as the ORM would have stored them, with keys in the order given."""

from datetime import datetime, timezone

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from masthead.core.bulk_insert import insert_rows, write_rows

pytestmark = pytest.mark.django_db


def test_insert_rows_sets_the_keys_in_the_order_given_and_later_saves_get_fresh_ones():
    groups = insert_rows(Group, [Group(name=f"group {n}") for n in range(5)])
    assert [g.pk for g in groups] == sorted(g.pk for g in groups)
    assert dict(Group.objects.filter(pk__in=[g.pk for g in groups]).values_list("pk", "name")) == {g.pk: g.name for g in groups}
    assert not groups[0]._state.adding
    later = Group.objects.create(name="made by the ORM")  # the sequence moved past the keys taken
    assert later.pk > groups[-1].pk


LOG_FIELDS = ["content_type", "label", "action", "data", "timestamp", "object_id", "content_changed", "deleted"]


def test_write_rows_stores_json_dates_and_nulls_as_the_orm_does():
    when = datetime(2021, 5, 1, 6, 30, tzinfo=timezone.utc)
    group_type = ContentType.objects.get_for_model(Group)
    rows = [
        (group_type.pk, "Editors", "wagtail.edit", {"wp_parent": 3, "meta": {"k": ["v", "ü"]}}, when, "7", True, False),
        (None, "", "wagtail.create", {}, when, "8", False, False),
    ]
    count = write_rows(ModelLogEntry, LOG_FIELDS, iter(rows))
    assert count == 2
    stored = {entry.object_id: entry for entry in ModelLogEntry.objects.filter(object_id__in=["7", "8"])}
    assert stored["7"].data == {"wp_parent": 3, "meta": {"k": ["v", "ü"]}}
    assert stored["7"].content_type_id == group_type.pk and stored["7"].timestamp == when and stored["7"].content_changed
    assert stored["8"].content_type_id is None and stored["8"].label == "" and stored["8"].data == {}


def test_write_rows_takes_more_rows_than_one_statement_holds():
    when = datetime(2021, 5, 1, tzinfo=timezone.utc)
    before = ModelLogEntry.objects.count()
    assert write_rows(ModelLogEntry, LOG_FIELDS, ((None, "", "wagtail.edit", {}, when, str(n), False, False) for n in range(2500))) == 2500
    assert ModelLogEntry.objects.count() == before + 2500


def test_only_values_a_field_stores_as_they_are_skip_its_preparation():
    from django.db import models

    from masthead.core.bulk_insert import _passed_as_is

    class Upper(models.CharField):  # a subclass may change what it stores: always prepared
        def get_prep_value(self, value):
            return super().get_prep_value(value).upper()

    assert _passed_as_is(models.CharField(max_length=5)) is str
    assert _passed_as_is(Upper(max_length=5)) is None
    assert _passed_as_is(models.DateTimeField()) is None
    assert _passed_as_is(models.JSONField()) is None
    assert _passed_as_is(Group._meta.get_field("name")) is str
    assert _passed_as_is(ModelLogEntry._meta.get_field("object_id")) is str
    assert _passed_as_is(Permission._meta.get_field("content_type")) is int  # a key to an auto id
