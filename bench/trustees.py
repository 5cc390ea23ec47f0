"""The presses and the scrutineers' devices for ``bench votes``.

Every secret electronic vote is encrypted, so a secret poll's press is a real ballot with its proofs
(``lianghui.votes.encrypted.make_ballot``, the same construction as the phone's
ballot-crypto.js), made in this process before the clock starts, one per delegate; the
server checks every proof before it stores a press.

The meeting's tally key is made once at setup by three delegates' devices played here
(``lianghui.scrutiny.testing``). While a poll closes, k of those devices are "online in
the hall": each polls GET /api/scrutiny/tally-keys/{id}/pending every 0.25 s, as the
trustee's page (trustee.js) does, and posts its partial decryption with proofs to the
request's answer URL, signed in as that trustee.
"""

import asyncio
import contextlib
import json
import secrets
import time

INTERVAL_S = 0.25  # trustee.js polls its pending requests four times a second


def ceremony(meeting, staff):
    """The bench meeting's tally key, made by three of its delegates' devices."""
    from lianghui.attendance.models import CheckIn
    from lianghui.people.models import Person
    from lianghui.scrutiny.testing import key_ceremony

    ids = sorted(CheckIn.objects.filter(meeting=meeting).values_list("person_id", flat=True))[:3]
    return key_ceremony(meeting, list(Person.objects.filter(pk__in=ids).order_by("pk")), staff)


def make_presses(poll, scrutineers, person_of_user: dict, user_ids: list) -> tuple[dict, dict]:
    """One press per delegate (user id -> its JSON body, and the choice it holds, kept
    apart), made as the phones make them (ballot.js ``pressPayload``). A secret poll's press
    is {"ballot", "client_token"}, the choice encrypted with its proofs: the election
    definition is the one the poll freezes when it opens (deterministic), so the ballots can
    be made before a vote that the benchmark opens over HTTP. A named (记名) poll's press is
    the plain {"choice", "client_token"}."""
    import random

    from lianghui.ballots import ballot as B
    from lianghui.votes import encrypted

    if poll.secret:
        election = poll.election or encrypted.election_for(poll, scrutineers.key)
    presses, choices = {}, {}
    started = time.process_time()
    for uid in user_ids:
        choice = random.choice(("yes", "no", "abstain"))
        token = secrets.token_urlsafe(24)  # 24 random bytes, base64url: as ballot.js
        if poll.secret:
            voter = encrypted.voter_index(poll.pk, person_of_user[uid])
            marks = [encrypted.MARKS[choice]]
            presses[uid] = {"ballot": B.encrypt_ballot(election, voter, marks)}
        else:
            presses[uid] = {"choice": choice}
        presses[uid]["client_token"] = token
        choices[uid] = choice
    cpu = time.process_time() - started
    return presses, {
        "choices": choices,
        "ballots": len(presses),
        "client_cpu_ms_per_ballot": round(1000 * cpu / max(len(presses), 1), 2),
        "bytes_per_press": round(
            sum(len(json.dumps(p)) for p in presses.values()) / max(len(presses), 1)
        ),
    }


async def devices_online(port: int, scrutineers, cookies_of_user: dict, stop: asyncio.Event):
    """k trustees' devices answering decryption requests until `stop` is set."""
    from bench.votes import Pool, _headers

    key = scrutineers.key
    which = range(1, key.threshold + 1)
    pool = Pool(port, len(which))
    answered: list = []

    async def device(j: int):
        trustee = scrutineers.devices[j - 1]
        headers = _headers(cookies_of_user[scrutineers.users[j - 1].pk])
        done: set = set()
        while not stop.is_set():
            status, text = await pool.request(
                "GET", f"/api/scrutiny/tally-keys/{key.pk}/pending", headers
            )
            if status == 200:
                for request in json.loads(text):
                    if request["id"] in done or j in request["answered"]:
                        continue
                    alphas = [bytes.fromhex(a) for a in request["alphas"]]
                    message = trustee.partial_decryption(request["fingerprint"], alphas)
                    status, text = await pool.request(
                        "POST",
                        request["answer_url"],
                        {**headers, "Content-Type": "application/json"},
                        json.dumps(message).encode(),
                    )
                    done.add(request["id"])
                    answered.append((j, request["id"], status))
            with contextlib.suppress(TimeoutError):  # the next look, a second later
                await asyncio.wait_for(stop.wait(), timeout=INTERVAL_S)

    try:
        await asyncio.gather(*(device(j) for j in which))
    finally:
        pool.close()
    return answered
