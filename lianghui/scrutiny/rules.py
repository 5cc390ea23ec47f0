"""Rules of the key ceremony. No Django imports.

The tally key is shared by n trustees (by default the meeting's scrutineers, 监票人), any k
of whom decrypt the totals. Two readings of the law and of the issue behind this:
- Secret ballots (EL 40, LOL 29: 无记名投票) must stay secret from whoever runs the system,
  so no single device may decrypt: k ≥ 2, hence n ≥ 2.
- The default k is a majority of the trustees (more than half), so that a minority can
  neither decrypt alone nor block the count by staying away.
"""

from dataclasses import dataclass
from enum import StrEnum

MAX_TRUSTEES = 15


class Phase(StrEnum):
    KEYS = "keys"  # each trustee's device posts its encryption key
    SHARES = "shares"  # each posts its commitments and encrypted shares
    CONFIRM = "confirm"  # each checks the shares it received and proves its key share
    READY = "ready"  # the joint public key is published
    FAILED = "failed"  # a share did not check, or the chair stopped the ceremony


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def default_threshold(n: int) -> int:
    return n // 2 + 1


def check_parameters(n: int, k: int) -> Problem | None:
    if n < 2:
        return Problem("too_few_trustees", "监票人至少两名：任何一台设备都不能单独解密。")
    if n > MAX_TRUSTEES:
        return Problem("too_many_trustees", f"监票人最多 {MAX_TRUSTEES} 名。")
    if not 2 <= k <= n:
        return Problem("bad_threshold", f"解密所需人数应在 2 到 {n} 之间。")
    return None


def next_phase(phase: Phase, done: int, n: int) -> Phase:
    """The phase after `done` of the `n` trustees have finished the current step."""
    if done < n:
        return phase
    return {Phase.KEYS: Phase.SHARES, Phase.SHARES: Phase.CONFIRM, Phase.CONFIRM: Phase.READY}.get(
        phase, phase
    )
