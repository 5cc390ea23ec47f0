"""A transactional test's flush leaves the rows post_migrate makes (tests/flush_copy.py)."""

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from tests import flush_copy


def made_by_post_migrate(empty: dict) -> dict:
    """What post_migrate's receivers wrote into the tables as they were `empty`, by what the
    rows say (not by their ids)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from lianghui.proposals.models import State, Transition
    from tests.demo_copy import contents

    return {
        "tables": sorted(t for t, rows in contents().items() if rows != empty[t]),
        "content types": sorted(ContentType.objects.values_list("app_label", "model")),
        "permissions": sorted(
            Permission.objects.values_list("content_type__app_label", "codename", "name")
        ),
        "states": sorted(
            State.objects.values_list("kind", "code", "label", "terminal", "initial", "order")
        ),
        "transitions": sorted(
            Transition.objects.values_list(
                "kind", "source__code", "action", "target__code", "roles", "label"
            )
        ),
    }


def flush(**options):
    """As a transactional test's teardown flushes (its sequences are not restarted)."""
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, **options)


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_back_what_post_migrate_makes(monkeypatch):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from tests.demo_copy import contents

    monkeypatch.setattr(flush_copy, "_copies", {})
    flush()  # the copy is made
    flush(inhibit_post_migrate=True)
    empty = contents()
    emit_post_migrate_signal(0, False, "default")  # every receiver, as migrate sends it
    made = made_by_post_migrate(empty)
    assert made["content types"] and made["permissions"] and made["states"]
    for model in apps.get_models():  # the cache holds the content types just made
        ContentType.objects.get_for_model(model)

    flush()
    assert made_by_post_migrate(empty) == made
    # The content types put back have other ids: none is served from the cache.
    for model in apps.get_models():
        assert ContentType.objects.get_for_model(model) == ContentType.objects.get(
            app_label=model._meta.app_label, model=model._meta.model_name
        )


@pytest.mark.django_db(transaction=True)
def test_rows_added_after_a_flush_that_restarted_the_sequences_take_new_ids(monkeypatch):
    from django.contrib.contenttypes.models import ContentType

    monkeypatch.setattr(flush_copy, "_copies", {})
    # As manage.py flush: the sequences restarted, the copy made with the first ids, then
    # put back with them.
    for _ in range(2):
        call_command("flush", verbosity=0, interactive=False)
    assert ContentType.objects.create(app_label="lianghui_tests", model="added").pk
