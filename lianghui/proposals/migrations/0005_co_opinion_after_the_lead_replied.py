"""A co-handling unit's opinion is taken while its assignment is open, also once the lead has
replied (沪建议规定 17): the step co_opinion from the state "replied".

A frozen copy of the rows added to lianghui.proposals.default_workflow; a data migration never
imports app code. Rows already there (a table edited by hand) are left as they are.
"""

from django.db import migrations

# (kind, source, action, target, roles, label)
TRANSITIONS = [
    ("suggestion", "replied", "co_opinion", "replied", "co_unit", "提出会办意见"),
    ("proposal", "replied", "co_opinion", "replied", "co_unit", "提出会办意见"),
]


def add(apps, schema_editor):
    State = apps.get_model("proposals", "State")
    Transition = apps.get_model("proposals", "Transition")
    for kind, source, action, target, roles, label in TRANSITIONS:
        source_row = State.objects.filter(kind=kind, code=source).first()
        target_row = State.objects.filter(kind=kind, code=target).first()
        if source_row is None or target_row is None:
            # No table loaded: stored_workflow.install_default_workflow() installs it whole.
            continue
        Transition.objects.get_or_create(
            kind=kind,
            source=source_row,
            action=action,
            defaults={"target": target_row, "roles": roles, "label": label},
        )


def remove(apps, schema_editor):
    Transition = apps.get_model("proposals", "Transition")
    for kind, source, action, _target, _roles, _label in TRANSITIONS:
        Transition.objects.filter(kind=kind, source__code=source, action=action).delete()


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_search_words_fts")]
    operations = [migrations.RunPython(add, remove)]
