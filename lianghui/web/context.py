from lianghui.people.access import is_secretariat, person_of


def roles(request):
    user = getattr(request, "user", None)
    return {"me": person_of(user), "is_secretariat": is_secretariat(user)}
