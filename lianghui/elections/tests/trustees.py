"""The scrutineers' devices for electronic election tests: a key ceremony run through the API
(lianghui.scrutiny.tests.test_ceremony) and their partial decryptions of an election's totals.
Each Trustee object stands for one device; only public messages pass between them."""

from lianghui.elections import actions
from lianghui.elections.models import Election
from lianghui.scrutiny.tests.test_ceremony import run_ceremony


def key_ceremony(hall, people=None):
    """A published 2-of-3 tally key for hall.plenary; (devices, their signed-in clients)."""
    _state, devices, clients = run_ceremony(hall, list(people or hall.delegates[:3]))
    return devices, clients


def decrypt(election_id: int, devices, clients, which=(1, 2)):
    """The chosen trustees' devices answer the election's decryption request over HTTP."""
    request = actions.decryption_request(Election.objects.get(pk=election_id))
    alphas = [bytes.fromhex(c["alpha"]) for c in request.ciphertexts]
    r = None
    for j in which:
        message = devices[j - 1].partial_decryption(request.fingerprint, alphas)
        r = clients[j - 1].post(
            f"/api/elections/{election_id}/partial-decryptions",
            message,
            content_type="application/json",
        )
        assert r.status_code == 200, r.content.decode()
    return r.json()
