from lianghui.cache import redis_down
from lianghui.people.access import is_secretariat, person_of


def roles(request):
    user = getattr(request, "user", None)
    secretariat = is_secretariat(user)
    return {
        "me": person_of(user),
        "is_secretariat": secretariat,
        # The secretariat is told when Redis is down (lianghui/cache.py): the hall still
        # works, but screens update by polling and each worker keeps its own cache.
        "redis_down": secretariat and redis_down(),
    }
