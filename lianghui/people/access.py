"""Who a signed-in user is in the domain: their person, and the secretariat role.

The secretariat is either of every body (the "secretariat" group, and superusers: the demo's
会务组) or of one body (a SecretariatSeat: a congress's or a CPPCC committee's own staff).
Deny by default: ``is_secretariat(user)`` without a body is true for the secretariat of every
body only; a gate lets a one-body secretariat in only where it names the body in question,
``is_secretariat(user, body_id)``. Elsewhere that member is an ordinary signed-in user.
"""

from django.contrib.auth.models import Group

from lianghui.people.models import SecretariatSeat

SECRETARIAT_GROUP = "secretariat"


def person_of(user):
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def is_secretariat(user, body=None) -> bool:
    """The secretariat of every body; or, given a body (an Organisation or its id), also a
    secretariat member of that body."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_lianghui_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=SECRETARIAT_GROUP).exists()
        user._lianghui_secretariat = cached
    if cached or body is None:
        return cached
    return getattr(body, "pk", body) in secretariat_body_ids(user)


def secretariat_body_ids(user) -> frozenset[int]:
    """The bodies this user is a one-body secretariat member of (not the group's "all")."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_lianghui_secretariat_bodies", None)
    if cached is None:
        cached = frozenset(
            SecretariatSeat.objects.filter(user=user).values_list("body_id", flat=True)
        )
        user._lianghui_secretariat_bodies = cached
    return cached


def secretariat_group() -> Group:
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    return group
