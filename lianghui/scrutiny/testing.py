"""The scrutineers' devices played in one process: for tests, the demo and the benchmarks.

A real ceremony runs on n devices (static/lianghui/trustee.js); here each device is a
`lianghui.ballots.threshold.Trustee` object, and every message between them goes through
the same actions a device's posts reach (lianghui.scrutiny.actions), so the server checks
exactly what it checks in a hall. The devices' secrets stay in the returned `Scrutineers`
object and are never written anywhere.

Votes and elections both use it: `key_ceremony(meeting, persons, actor)` makes a meeting's
tally key ready; `Scrutineers.answer(request, post)` lets k devices answer a decryption
request through the caller's own action (a vote's or an election's).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from lianghui.ballots import group as G
from lianghui.ballots import threshold as T
from lianghui.scrutiny import actions
from lianghui.scrutiny.models import DecryptionRequest, TallyKey


@dataclass
class Scrutineers:
    key: TallyKey
    devices: list[T.Trustee]  # devices[j - 1] is trustee j's
    users: list  # the signed-in account behind each device

    def partial(self, j: int, request: DecryptionRequest) -> dict:
        """Trustee j's device's answer to a decryption request (factors with proofs)."""
        alphas = [bytes.fromhex(c["alpha"]) for c in request.ciphertexts]
        return self.devices[j - 1].partial_decryption(request.fingerprint, alphas)

    def answer(
        self,
        request: DecryptionRequest,
        post: Callable[[object, dict], object],
        which: Iterable[int] | None = None,
    ):
        """Post the partial decryptions of trustees `which` (default: the first k) with
        `post(user, message)`; returns what the last post returned."""
        result = None
        for j in which if which is not None else range(1, self.key.threshold + 1):
            result = post(self.users[j - 1], self.partial(j, request))
        return result


def user_for(person, password: str | None = None):
    """The person's account, made if they have none (with this password, or none usable): a
    trustee posts as a signed-in person."""
    if person.user_id is None:
        user = get_user_model().objects.create_user(f"scrutineer-{person.pk}", password=password)
        person.user = user
        person.save(update_fields=["user"])
    return person.user


def key_ceremony(
    meeting, persons, actor, threshold: int | None = None, password: str | None = None
) -> Scrutineers:
    """Run a whole key ceremony for the meeting with these persons as trustees 1..n (an
    account made for whoever has none, with `password` so that tests can sign in)."""
    users = [user_for(p, password) for p in persons]
    with transaction.atomic():
        key = actions.start(meeting, [p.pk for p in persons], threshold, actor)
        devices = [T.Trustee.new(key.ceremony, j, key.threshold) for j in range(1, len(users) + 1)]
        for d, u in zip(devices, users, strict=True):
            actions.post_encryption_key(key.pk, u, d.public_encryption_key())
        eks = {d.index: G.base_mul(d.decryption_key) for d in devices}
        contributions = []
        for d, u in zip(devices, users, strict=True):
            message = d.public_contribution(eks)
            contributions.append(message)
            actions.post_contribution(key.pk, u, message)
        for d, u in zip(devices, users, strict=True):
            actions.post_key_share(key.pk, u, d.receive_shares(contributions))
    key.refresh_from_db()
    if key.phase != "ready":
        raise RuntimeError(f"the key ceremony did not finish: {key.failure}")
    return Scrutineers(key, devices, users)
