"""A key ceremony run in one process, for tests only: each Trustee object stands for one
trustee's device, and nothing but their public messages passes between them."""

from lianghui.ballots import ballot as B
from lianghui.ballots import threshold as T


def ceremony(n: int, k: int, name: str = "test-ceremony"):
    trustees = [T.Trustee.new(name, j, k) for j in range(1, n + 1)]
    eks = {t.index: T.check_encryption_key(name, t.public_encryption_key()) for t in trustees}
    contributions = [t.public_contribution(eks) for t in trustees]
    commitments = T.check_contributions(name, k, contributions)
    all_coefexps = [commitments[j] for j in sorted(commitments)]
    for t in trustees:
        published = t.receive_shares(contributions)
        T.check_key_share_proof(name, T.verification_key(all_coefexps, t.index), published)
    y = T.joint_public_key(all_coefexps)
    vks = [T.verification_key(all_coefexps, j) for j in range(1, n + 1)]
    return trustees, contributions, y, vks


VOTE_QUESTION = {"answers": ["赞成", "反对", "弃权"], "min": 1, "max": 1}


def vote_election(n: int = 3, k: int = 2, uuid: str = "vote-1"):
    trustees, contributions, y, vks = ceremony(n, k, uuid)
    election = B.make_election(uuid, "表决", [VOTE_QUESTION], y, k, vks)
    return election, trustees, contributions
