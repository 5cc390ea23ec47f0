"""The workflow is data: the stored table decides, and a fresh database holds
default_workflow.py."""

import pytest
from django.core.management.sql import emit_post_migrate_signal

from lianghui.errors import ActionError, PermissionDenied
from lianghui.proposals import actions, default_workflow, rules, stored_workflow
from lianghui.proposals.models import State, Transition
from lianghui.proposals.tests.conftest import at
from lianghui.proposals.tests.flows import assigned, suggestion


def test_the_default_table_is_sound():
    states = [(k.value, code) for k, rows in default_workflow.STATES.items() for code, *_ in rows]
    initial = {k.value: default_workflow.INITIAL for k in default_workflow.STATES}
    assert rules.check_table(states, initial, default_workflow.STEPS) == []
    used = {s.action for s in default_workflow.STEPS}
    assert used == set(default_workflow.ACTION_LABELS)
    # Every terminal state is a dead end; every other state has a way on.
    for kind, rows in default_workflow.STATES.items():
        for code, _, terminal in rows:
            onward = [
                s
                for s in default_workflow.STEPS
                if s.kind == kind and s.source == code and s.target != code
            ]
            assert bool(onward) != terminal, (kind, code)


@pytest.mark.django_db
def test_a_fresh_database_holds_exactly_the_default_table():
    stored_states = set(
        State.objects.values_list("kind", "code", "label", "terminal", "initial", "order")
    )
    assert stored_states == set(default_workflow.state_rows())
    stored = {
        (t.kind, t.source.code, t.action, t.target.code, t.roles, t.label)
        for t in Transition.objects.select_related("source", "target")
    }
    assert stored == set(default_workflow.transition_rows())
    stored_workflow.install_default_workflow()  # idempotent
    assert Transition.objects.count() == len(default_workflow.STEPS)


@pytest.mark.django_db
def test_a_step_removed_from_the_table_is_refused(desk):
    d = desk
    Transition.objects.filter(kind="suggestion", action="merge").delete()
    a, b = suggestion(d), suggestion(d)
    with pytest.raises(ActionError) as e:
        actions.merge(a, b, d.officer)
    assert e.value.code == "bad_state" and "并案" in e.value.message


@pytest.mark.django_db
def test_roles_come_from_the_table(desk):
    d = desk
    with at("2024-01-15"):
        (a,) = assigned(d, suggestion(d))
        with pytest.raises(PermissionDenied):
            actions.extend(a, a.due.replace(month=5), "需协调", d.clerks[0])
        Transition.objects.filter(kind="suggestion", action="extend").update(
            roles="secretariat,lead_unit"
        )
        a = actions.extend(a, a.due.replace(month=5), "需协调", d.clerks[0])
    assert a.extended_due.month == 5


@pytest.mark.django_db
def test_a_flushed_table_is_installed_again_by_the_flush_not_by_a_read(desk):
    d = desk
    Transition.objects.all().delete()
    State.objects.all().delete()
    with pytest.raises(State.DoesNotExist):
        suggestion(d)  # a read never installs the table
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as flush does
    assert State.objects.count() == len(default_workflow.state_rows())
    filing = suggestion(d)
    assert filing.state == "submitted"
