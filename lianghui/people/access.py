"""Who a signed-in user is in the domain: their person, and the secretariat role."""

from django.contrib.auth.models import Group

SECRETARIAT_GROUP = "secretariat"


def person_of(user):
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def is_secretariat(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_lianghui_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=SECRETARIAT_GROUP).exists()
        user._lianghui_secretariat = cached
    return cached


def secretariat_group() -> Group:
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    return group
