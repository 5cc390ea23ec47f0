"""Voters' phones and scrutineers' devices for a 表决, played in one process (tests, the demo,
the benchmarks). A secret electronic vote takes only encrypted ballots, so a simulated press
is a real ballot with its proofs, and its count needs k scrutineers' partial decryptions."""

from lianghui.scrutiny.testing import Scrutineers
from lianghui.votes import actions, encrypted
from lianghui.votes.models import Poll, State


def press(poll: Poll, person, choice: str, token: str, actor):
    """One delegate's press: an encrypted ballot when the vote is encrypted, else the choice."""
    poll = Poll.objects.get(pk=poll.pk)  # the election definition is frozen at opening
    ballot = encrypted.make_ballot(poll, person.pk, choice) if poll.encrypted else None
    return actions.cast(poll.pk, person, choice, token, actor, ballot=ballot)


def phone_body(client, poll_id: int, choice: str, token: str | None = None) -> dict:
    """What the ballot page posts for `choice` (a Django or httpx client signed in as the
    voter): it reads the vote's definition and its own voter index from
    /api/votes/{id}/encryption and encrypts the choice with its proofs."""
    import secrets

    from lianghui.ballots import ballot as B

    form = client.get(f"/api/votes/{poll_id}/encryption").json()
    ballot = B.encrypt_ballot(form["election"], form["voter"], [encrypted.MARKS[choice]])
    return {"ballot": ballot, "client_token": token or secrets.token_urlsafe(24)}


def decrypt(poll: Poll, scrutineers: Scrutineers, which=None) -> Poll:
    """The trustees' devices answer the closed vote's decryption request (the first k)."""
    request = actions.decryption_request(poll)
    scrutineers.answer(
        request, lambda user, m: actions.add_partial_decryption(poll.pk, user, m), which
    )
    return Poll.objects.get(pk=poll.pk)


def close_and_count(poll: Poll, actor, scrutineers: Scrutineers | None) -> Poll:
    """Close the vote and, if it is encrypted, have k trustees decrypt its totals."""
    poll = actions.close_poll(poll, actor)
    return decrypt(poll, scrutineers) if poll.state == State.TALLYING else poll
