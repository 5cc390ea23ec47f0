"""What a voter's device asks before it encrypts a ballot, for a vote or an election alike: the
definition it encrypts under and the voter's pseudonymous index bound into the ballot."""

from collections.abc import Callable

from lianghui.errors import NotFound
from lianghui.people.access import person_of


def encryption(user, definition: dict | None, voter_index: Callable[[int], str], missing: str):
    """The definition and ``voter_index`` of the user's person (None for an account with no
    person); 404 with ``missing`` where the ballots are not encrypted."""
    if definition is None:
        raise NotFound(missing)
    person = person_of(user)
    return {"election": definition, "voter": voter_index(person.pk) if person else None}
