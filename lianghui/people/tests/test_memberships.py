"""Memberships: one undated membership per person, organisation and role."""

import pytest
from django.db import IntegrityError, transaction

from lianghui.people.models import Membership


@pytest.mark.django_db
def test_an_undated_membership_cannot_be_stored_twice(hall):
    some = Membership.objects.first()
    undated = {"person": some.person, "organisation": some.organisation, "role": some.role}
    Membership.objects.create(**undated)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(**undated)
    # Dated memberships of the same role may repeat (another term of office).
    Membership.objects.create(**undated, start="2020-01-01")
    assert Membership.objects.filter(**undated, start__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_undated_duplicates_stored_before_it(hall):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("people", "0003_kinship")], [("people", "0004_membership_unique_undated")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("people", "Membership")
    some = old.objects.first()
    undated = {"person_id": some.person_id, "organisation_id": some.organisation_id}
    old.objects.create(**undated, role=some.role)
    old.objects.create(**undated, role=some.role, end="2030-01-01")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    kept = Membership.objects.filter(**undated, role=some.role, start__isnull=True)
    assert kept.count() == 1 and str(kept.get().end) == "2030-01-01"
    # Back to the latest schema: later migrations (people 0005 adds a column) must be there
    # for the tests that run after this one in the same database.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
