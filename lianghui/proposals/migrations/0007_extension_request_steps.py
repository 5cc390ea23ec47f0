"""A handling unit may ask for a later reply deadline, and the secretariat may refuse
(沪建议规定 19; granting is the existing step "extend"): the steps request_extension and
refuse_extension while a suggestion or proposal is being handled.

A frozen copy of the rows added to lianghui.proposals.default_workflow; a data migration never
imports app code. Rows already there (a table edited by hand) are left as they are.
"""

from django.db import migrations

# (kind, source, action, target, roles, label)
TRANSITIONS = [
    ("suggestion", "assigned", "request_extension", "assigned", "lead_unit", "申请延期"),
    ("suggestion", "assigned", "refuse_extension", "assigned", "secretariat", "不同意延期"),
    ("suggestion", "rehandling", "request_extension", "rehandling", "lead_unit", "申请延期"),
    ("suggestion", "rehandling", "refuse_extension", "rehandling", "secretariat", "不同意延期"),
    ("proposal", "assigned", "request_extension", "assigned", "lead_unit", "申请延期"),
    ("proposal", "assigned", "refuse_extension", "assigned", "secretariat", "不同意延期"),
    ("proposal", "rehandling", "request_extension", "rehandling", "lead_unit", "申请延期"),
    ("proposal", "rehandling", "refuse_extension", "rehandling", "secretariat", "不同意延期"),
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
    dependencies = [("proposals", "0006_extension_request")]
    operations = [migrations.RunPython(add, remove)]
