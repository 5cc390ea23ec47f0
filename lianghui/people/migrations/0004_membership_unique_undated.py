"""One undated membership per person, organisation and role.

The unique constraint on (person, organisation, role, start) never caught two undated rows:
NULLs are distinct in a unique index. Duplicates already stored are merged first (the oldest
row kept; its title or end filled from a copy where it had none).
"""

from django.db import migrations, models
from django.db.models import Count, Min


def merge_duplicates(apps, schema_editor):
    Membership = apps.get_model("people", "Membership")
    groups = (
        Membership.objects.filter(start__isnull=True)
        .values("person_id", "organisation_id", "role")
        .annotate(n=Count("id"), keep=Min("id"))
        .filter(n__gt=1)
    )
    for group in groups:
        rows = list(
            Membership.objects.filter(
                start__isnull=True,
                person_id=group["person_id"],
                organisation_id=group["organisation_id"],
                role=group["role"],
            ).order_by("id")
        )
        keep, copies = rows[0], rows[1:]
        for copy in copies:
            for field in ("title", "end"):
                if hasattr(keep, field) and not getattr(keep, field) and getattr(copy, field):
                    setattr(keep, field, getattr(copy, field))
        keep.save()
        Membership.objects.filter(pk__in=[c.pk for c in copies]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_kinship"),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("start__isnull", True)),
                fields=("person", "organisation", "role"),
                name="membership_unique_role_undated",
            ),
        ),
    ]
