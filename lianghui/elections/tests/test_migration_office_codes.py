"""The data migration names the offices stored before the catalogue from their titles."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("elections", "0003_nomination_withdrawal"), ("people", "0005_organisation_level")]
AFTER = [("elections", "0004_office_catalogue_code")]


@pytest.mark.django_db(transaction=True)
def test_stored_offices_get_their_catalogue_code_and_rule():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organisation = apps.get_model("people", "Organisation")
    Office = apps.get_model("elections", "Office")
    congress = Organisation.objects.create(kind="congress", name="旧区人民代表大会")
    cppcc = Organisation.objects.create(kind="cppcc", name="旧区政协")
    rows = {
        "区人大常委会主任": (congress, "head"),
        "区长": (congress, "deputy_head"),  # stored with the wrong kind
        "区人民检察院检察长": (congress, "head"),
        "区人大常委会委员": (congress, "standing_member"),
        "大会秘书长": (congress, "head"),  # not an office the catalogue knows
        "政协常务委员会委员": (cppcc, "standing_member"),
    }
    for title, (body, kind) in rows.items():
        Office.objects.create(body=body, title=title, kind=kind)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Office = apps.get_model("elections", "Office")
    got = {o.title: (o.code, o.kind, o.needs_approval) for o in Office.objects.all()}
    assert got == {
        "区人大常委会主任": ("sc_director", "head", False),
        "区长": ("gov_head", "head", False),
        "区人民检察院检察长": ("procurator", "head", True),
        "区人大常委会委员": ("sc_member", "standing_member", False),
        "大会秘书长": ("", "head", False),
        "政协常务委员会委员": ("", "standing_member", False),
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
