"""The stored workflow: read the State and Transition rows, check a step, list what is allowed.

The rows are loaded by migration 0002 (and later data migrations) from default_workflow.py.
A database that was flushed (``manage.py flush``, a transactional test) has none: the default
table is installed again after the flush, by the post_migrate handler below (Django sends
post_migrate after a flush too), never from a read.
"""

from django.db import transaction

from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.proposals import access, rules
from lianghui.proposals import default_workflow as wf
from lianghui.proposals.models import Filing, State, Transition


def install_default_workflow() -> None:
    """Create the default states and transitions that are missing (never changes a row)."""
    with transaction.atomic():
        states = {}
        for kind, code, label, terminal, initial, order in wf.state_rows():
            states[kind, code], _ = State.objects.get_or_create(
                kind=kind,
                code=code,
                defaults={"label": label, "terminal": terminal, "initial": initial, "order": order},
            )
        for kind, source, action, target, roles, label in wf.transition_rows():
            Transition.objects.get_or_create(
                kind=kind,
                source=states[kind, source],
                action=action,
                defaults={"target": states[kind, target], "roles": roles, "label": label},
            )


def install_after_flush(using="default", **kwargs) -> None:
    """post_migrate: the default table where there is no workflow at all (a flushed
    database). A stored workflow, however the secretariat configured it, is left as it is."""
    if not State.objects.using(using).exists():
        install_default_workflow()


def _rows(kind: str, **filters):
    rows = Transition.objects.filter(kind=kind, **filters).select_related("source", "target")
    return [t.step() for t in rows]


def initial_state(kind: str) -> str:
    return State.objects.get(kind=kind, initial=True).code


def state_label(kind: str, code: str) -> str:
    label = State.objects.filter(kind=kind, code=code).values_list("label", flat=True).first()
    return label or code


def state_labels() -> dict[tuple[str, str], str]:
    """Every state's label in one query, for lists: {(kind, code): label}."""
    return {(k, c): label for k, c, label in State.objects.values_list("kind", "code", "label")}


def is_terminal(kind: str, code: str) -> bool:
    return State.objects.filter(kind=kind, code=code, terminal=True).exists()


def roles_or_404(filing: Filing, actor, assignment=None) -> set[str]:
    """The actor's roles on the filing; to one who may not see it, the filing does not exist."""
    roles = access.roles_of(actor, filing, assignment)
    if not roles:
        raise NotFound("未找到该件，或您无权查看。")
    return roles


def check(filing: Filing, action: str, actor, assignment=None) -> str:
    """The state `action` moves the filing to, if the stored workflow allows it for this
    actor; otherwise a refusal (404 to those who may not see the filing at all)."""
    roles = roles_or_404(filing, actor, assignment)
    steps = _rows(filing.kind, source__code=filing.state, action=action)
    verdict = rules.check_transition(
        steps,
        filing.kind,
        filing.state,
        action,
        roles,
        state_label=state_label(filing.kind, filing.state),
        action_label=wf.ACTION_LABELS.get(action, action),
    )
    if verdict.ok:
        return verdict.target
    if verdict.code == "forbidden":
        raise PermissionDenied(verdict.reason)
    raise ActionError(verdict.code, verdict.reason, status=409)


def available(user, filing: Filing, assignment=None) -> list[rules.Step]:
    """What this user may do on the filing now: the pages show these as buttons."""
    roles = access.roles_of(user, filing, assignment)
    steps = _rows(filing.kind, source__code=filing.state)
    return rules.available(steps, filing.kind, filing.state, roles)
