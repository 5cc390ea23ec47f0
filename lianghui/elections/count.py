"""Paper or electronic ballots of an election, judged and counted. Pure: no Django.

A ballot: a mark per candidate (赞成 / 反对 / 弃权, or none), write-ins (另选他人, by person id)
and the scrutineers' void flag (LOL 28, EL 41). Validity (EL 44, applied to office-holder
elections through the election method): more ballots returned than issued voids the whole vote;
a ballot supporting more people than seats is void. Winners (LOL 29, EL 45): more than half of
ALL delegates; more winners than seats → the highest; a tie at the last seat → a re-vote among
the tied; too few → a further round (另行选举) for the seats left.

Readings where the law is silent (the common practice of election methods: a part of a ballot
that cannot stand is void, the rest counts):
- An unmarked candidate counts as 弃权 (既不赞成也不反对的视为弃权), so abstain = valid ballots
  − yes − no.
- A write-in that cannot stand — a candidate already on the slate (LOL 28: 另选 is for OTHER
  persons; a candidate is supported by 赞成), or a person not eligible — is dropped; the ballot
  stands. The same person written in twice counts once.
- With `write_in_only_beside_no` (a write-in only in the place of a candidate the voter
  opposed): a ballot with more write-ins than 反对 marks cannot show which write-ins were in a
  lawful place, so all its write-ins are dropped; its marks stand.
- Dropped write-ins are not "people chosen" (EL 44) when the ballot is checked against the seats.
- A mark for someone not on the slate, or a mark that is not one of the three, is a data-entry
  error: refused with ValueError, never counted as a void ballot.
"""

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Mark(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


MARK_LABELS = {Mark.YES: "赞成", Mark.NO: "反对", Mark.ABSTAIN: "弃权"}


@dataclass(frozen=True, slots=True)
class Ballot:
    marks: Mapping[Hashable, str | None] = field(default_factory=dict)  # absent/None: unmarked
    write_ins: Sequence[Hashable] = ()
    void: bool = False  # the scrutineers found it void (unreadable, marked to be known, …)


class BallotCheck(NamedTuple):
    valid: bool
    reason: str


# Void-ballot reasons (keys of CountResult.void_reasons) and dropped-write-in reasons.
VOID_BY_SCRUTINEERS = "监票人认定为废票"
OVERVOTE = "所选人数多于应选名额"
ON_SLATE = "为正式候选人"
NOT_ELIGIBLE = "不在可另选的人之列"
NOT_BESIDE_NO = "另选人数多于反对票数"

_YES, _NO, _ABSTAIN = Mark.YES, Mark.NO, Mark.ABSTAIN


def _judge(ballot, seats, candidates, eligible, beside_no):
    """(void reason or None, yes ids, no ids, counted write-ins, dropped [(person, why)])."""
    if ballot.void:
        return VOID_BY_SCRUTINEERS, (), (), (), ()
    marks = ballot.marks
    yes, no = [], []
    for cid, m in marks.items():
        if m == _YES:
            yes.append(cid)
        elif m == _NO:
            no.append(cid)
        elif m is not None and m != _ABSTAIN:
            raise ValueError(f"对 {cid} 的标记 {m!r} 无法识别，应在录入时拒绝。")
    if not candidates.issuperset(marks):
        stray = [c for c in marks if c not in candidates]
        raise ValueError(f"选票上标记了不在候选人名单上的 {stray}，应在录入时拒绝。")
    kept, dropped = [], []
    if ballot.write_ins:
        for p in dict.fromkeys(ballot.write_ins):  # the same person twice counts once
            if p in candidates:
                dropped.append((p, ON_SLATE))
            elif eligible is not None and p not in eligible:
                dropped.append((p, NOT_ELIGIBLE))
            else:
                kept.append(p)
        if beside_no and len(kept) > len(no):
            dropped += [(p, NOT_BESIDE_NO) for p in kept]
            kept = []
    if len(yes) + len(kept) > seats:
        return OVERVOTE, yes, no, kept, dropped
    return None, yes, no, kept, dropped


def ballot_valid(
    ballot: Ballot,
    seats: int,
    candidate_ids: Collection[Hashable],
    eligible_write_in_ids: Collection[Hashable] | None = None,
    write_in_only_beside_no: bool = False,
    *,
    names: Mapping[Hashable, str] | None = None,
) -> BallotCheck:
    """Valid or void, with the reason (EL 44). Raises ValueError for what entry must refuse.

    eligible_write_in_ids: who may be written in (None: anyone not on the slate, LOL 28).
    """
    names = names or {}
    why, yes, _no, kept, dropped = _judge(
        ballot,
        seats,
        frozenset(candidate_ids),
        eligible_write_in_ids,
        write_in_only_beside_no,
    )
    notes = "".join(f"另选 {names.get(p, p)} {r}，不计。" for p, r in dropped)
    if why == VOID_BY_SCRUTINEERS:
        return BallotCheck(False, "监票人认定为废票。")
    chosen = len(yes) + len(kept)
    if why == OVERVOTE:
        return BallotCheck(
            False, f"{notes}所选 {chosen} 人，多于应选名额 {seats} 名，作废（EL 44）。"
        )
    return BallotCheck(True, f"{notes}所选 {chosen} 人，不多于应选名额 {seats} 名，有效（EL 44）。")


def tally_ballots(ballots, seats, order, eligible, beside_no):
    """Votes per person over the valid ballots: (yes, no, write-in yes, void reasons, dropped)."""
    candidates = frozenset(order)
    if len(candidates) != len(order):
        raise ValueError("候选人名单中有重复的人。")
    yes = dict.fromkeys(order, 0)
    no = dict.fromkeys(order, 0)
    written: dict[Hashable, int] = {}
    void: Counter[str] = Counter()
    dropped_total = 0
    for b in ballots:
        why, y, n, kept, dropped = _judge(b, seats, candidates, eligible, beside_no)
        dropped_total += len(dropped)
        if why is not None:
            void[why] += 1
            continue
        for c in y:
            yes[c] += 1
        for c in n:
            no[c] += 1
        for p in kept:
            written[p] = written.get(p, 0) + 1
    return yes, no, written, void, dropped_total


class Verdict(StrEnum):
    ELECTED = "elected"  # 当选
    REVOTE = "revote"  # tied at the last seat: voted again among the tied (LOL 29, EL 45)
    OUTRANKED = "outranked"  # more than half, but more passed than seats and fewer votes (LOL 29)
    FAILED = "failed"  # not more than half of all delegates (LOL 25, 29)


@dataclass(frozen=True)
class Tally:
    person: Hashable
    name: str
    on_slate: bool  # False: a write-in (另选他人)
    yes: int  # for a write-in: the ballots that wrote them in
    no: int  # 0 for a write-in
    abstain: int  # valid ballots with neither 赞成 nor 反对 (unmarked included); 0 for a write-in
    verdict: Verdict
    sentence: str


@dataclass(frozen=True)
class CountResult:
    """valid False: more ballots returned than issued — the vote is held again (EL 44)."""

    valid: bool
    seats: int
    members_total: int
    issued: int
    returned: int
    valid_ballots: int
    void_ballots: int
    needed: int  # the fewest yes votes that elect: members_total // 2 + 1 (LOL 29); 1 in a re-vote
    tallies: tuple[Tally, ...]  # the slate in its order, then write-ins by votes
    elected: tuple[Hashable, ...]  # in order of votes
    revote: tuple[Hashable, ...]  # tied at the last seat, to be voted on again (LOL 29)
    revote_seats: int  # seats the re-vote fills
    unfilled: int  # seats left for a further round (另行选举, LOL 29)
    void_reasons: Mapping[str, int]
    dropped_write_ins: int  # write-ins not counted (on the slate, not eligible, not beside 反对)
    sentences: tuple[str, ...]
    revote_round: bool = False  # this count is itself the re-vote among the tied

    @property
    def text(self) -> str:
        return "\n".join(self.sentences)

    def tally(self, person: Hashable) -> Tally:
        for t in self.tallies:
            if t.person == person:
                return t
        raise KeyError(person)


def _verdict_sentence(got: str, verdict: Verdict, members_total: int, revote: bool) -> str:
    if revote:
        tail = {
            Verdict.ELECTED: "得票多，当选。",
            Verdict.REVOTE: "票数仍然相等，不能确定当选人。",
            Verdict.OUTRANKED: "得票少，未当选。",
            Verdict.FAILED: "未当选。",
        }[verdict]
        return f"{got}，{tail}"
    half = f"全体代表 {members_total} 人的半数"
    tail = {
        Verdict.ELECTED: f"超过{half}，当选。",
        Verdict.REVOTE: f"超过{half}，与他人票数相等，不能确定当选人。",
        Verdict.OUTRANKED: f"超过{half}，但过半数的人多于应选名额，得票较少，未当选。",
        Verdict.FAILED: f"未超过{half}，未当选。",
    }[verdict]
    return f"{got}，{tail}"


def _winners(people, seats, needed):
    """people: [(person, yes, on_slate)] in display order → (elected, tied), each in vote order.

    LOL 29: more passing than seats → the highest win; a tie across the last seat → the tied
    are voted on again for the seats the clear winners leave.
    """
    ranked = sorted((p for p in people if p[1] >= needed), key=lambda p: -p[1])  # stable
    if len(ranked) <= seats or ranked[seats][1] != ranked[seats - 1][1]:
        return ranked[:seats], [], ranked
    last = ranked[seats - 1][1]
    return [p for p in ranked if p[1] > last], [p for p in ranked if p[1] == last], ranked


def _check_numbers(seats: int, members_total: int, issued: int, returned: int) -> None:
    """What every count starts from: at least one seat and one delegate, and no more ballots
    issued than there are delegates. Raises ValueError."""
    if seats < 1 or members_total < 1:
        raise ValueError("应选名额和全体代表人数至少为 1。")
    if not 0 <= issued <= members_total or returned < 0:
        raise ValueError(
            f"发出选票 {issued} 张、收回 {returned} 张，与全体代表 {members_total} 人不符。"
        )


def _head(members_total: int, issued: int, returned: int, revote: bool) -> str:
    """The opening of the result's first sentence: who should be there, ballots out and back."""
    prefix = "就票数相等的人再次投票，" if revote else ""
    return f"{prefix}应到 {members_total} 人，发出选票 {issued} 张，收回 {returned} 张，"


def votes_needed(members_total: int, revote: bool) -> int:
    """The fewest 赞成 that elect: more than half of all delegates (LOL 29); in the re-vote
    among the tied, the most votes win, so one is enough."""
    return 1 if revote else members_total // 2 + 1


def void_vote(
    *, seats: int, members_total: int, issued: int, returned: int, revote: bool = False
) -> CountResult:
    """More ballots returned than issued: the whole vote is void and held again (EL 44)."""
    text = f"{_head(members_total, issued, returned, revote)}收回的选票多于发出的选票，选举无效，应重新投票。"
    return CountResult(
        valid=False,
        seats=seats,
        members_total=members_total,
        issued=issued,
        returned=returned,
        valid_ballots=0,
        void_ballots=0,
        needed=votes_needed(members_total, revote),
        tallies=(),
        elected=(),
        revote=(),
        revote_seats=0,
        unfilled=0,
        void_reasons={},
        dropped_write_ins=0,
        sentences=(text,),
        revote_round=revote,
    )


def _void_if_more_returned(
    seats: int, members_total: int, issued: int, returned: int, revote: bool
) -> CountResult | None:
    """The void vote when more ballots came back than were issued (EL 44), else None: whether
    from ballots or from totals, such a vote is never counted."""
    if returned > issued:
        return void_vote(
            seats=seats,
            members_total=members_total,
            issued=issued,
            returned=returned,
            revote=revote,
        )
    return None


def _eligible(eligible_write_ins: Collection[Hashable] | None, revote: bool):
    """Who may be written in: nobody in a re-vote; None means anyone not on the slate."""
    if revote:
        return frozenset()
    if eligible_write_ins is None or isinstance(eligible_write_ins, set | frozenset):
        return eligible_write_ins
    return frozenset(eligible_write_ins)


def count(
    ballots: Iterable[Ballot],
    *,
    seats: int,
    candidate_order: Sequence[Hashable],
    members_total: int,
    issued: int,
    returned: int,
    eligible_write_ins: Collection[Hashable] | None = None,
    write_in_only_beside_no: bool = False,
    names: Mapping[Hashable, str] | None = None,
    revote: bool = False,
) -> CountResult:
    """Count an election's returned ballots (EL 44, LOL 29) into a result with its sentences.

    ballots: every returned ballot (any objects with .marks, .write_ins, .void); their number
    must equal `returned`. members_total: all delegates in office — the base of "more than
    half" (LOL 25, 29; EL 45 for city-congress deputies). revote: this is the re-vote among
    those tied at the last seat (LOL 29) — the most votes win (at least one), no write-ins.
    Raises ValueError for inconsistent input and for ballots entry must refuse.
    """
    order = tuple(candidate_order)
    _check_numbers(seats, members_total, issued, returned)
    if void := _void_if_more_returned(seats, members_total, issued, returned, revote):
        return void
    ballots = ballots if isinstance(ballots, list | tuple) else list(ballots)
    if len(ballots) != returned:
        raise ValueError(f"录入选票 {len(ballots)} 张，与收回的 {returned} 张不符。")
    eligible = _eligible(eligible_write_ins, revote)
    tallied = tally_ballots(ballots, seats, order, eligible, write_in_only_beside_no)
    return _decide(tallied, seats, order, members_total, issued, returned, names or {}, revote)


def count_totals(
    yes: Mapping[Hashable, int],
    no: Mapping[Hashable, int],
    *,
    seats: int,
    candidate_order: Sequence[Hashable],
    members_total: int,
    issued: int,
    returned: int,
    names: Mapping[Hashable, str] | None = None,
    revote: bool = False,
) -> CountResult:
    """The same count from totals: 赞成 and 反对 per candidate over `returned` ballots that are
    all valid, with no write-ins — an encrypted electronic election, whose ballots' proofs
    already showed each one valid (one mark per candidate, no more 赞成 than seats, EL 44) and
    whose totals are all that is ever decrypted. The rules after the tally (more than half of
    all delegates, ties, unfilled seats, LOL 29, EL 45) are `count`'s own.
    """
    order = tuple(candidate_order)
    names = names or {}
    _check_numbers(seats, members_total, issued, returned)
    if len(frozenset(order)) != len(order) or set(yes) != set(order) or set(no) != set(order):
        raise ValueError("合计票数与候选人名单不符。")
    for c in order:
        if not (yes[c] >= 0 and no[c] >= 0 and yes[c] + no[c] <= returned):
            raise ValueError(f"{names.get(c, c)} 的合计票数超出收回的选票数。")
    if sum(yes.values()) > seats * returned:
        raise ValueError("赞成票合计多于应选名额乘以选票数，不可能来自有效选票。")
    if void := _void_if_more_returned(seats, members_total, issued, returned, revote):
        return void
    tallied = (dict(yes), dict(no), {}, Counter(), 0)
    return _decide(tallied, seats, order, members_total, issued, returned, names, revote)


@dataclass(frozen=True)
class Ranking:
    """Who passed and how each person fares (LOL 29): `people` in display order — the slate,
    then write-ins by votes — each (person, votes, on_slate)."""

    people: list
    verdicts: dict
    elected: list  # (person, votes, on_slate) in vote order
    tied: list  # tied at the last seat, to be voted on again
    revote_seats: int
    unfilled: int

    def verdict(self, person) -> Verdict:
        return self.verdicts.get(person, Verdict.FAILED)


def rank(yes, written, order, seats: int, needed: int, name) -> Ranking:
    """The slate's 赞成 and the write-ins' votes into verdicts, winners, the tied and the seats
    left (LOL 29): everyone below `needed` fails; of those above, the highest win."""
    people = [(c, yes[c], True) for c in order]
    people += sorted(((p, v, False) for p, v in written.items()), key=lambda x: (-x[1], name(x[0])))
    elected, tied, passing = _winners(people, seats, needed)
    verdicts = {p[0]: Verdict.OUTRANKED for p in passing}
    verdicts.update({p[0]: Verdict.REVOTE for p in tied})
    verdicts.update({p[0]: Verdict.ELECTED for p in elected})
    revote_seats = seats - len(elected) if tied else 0
    unfilled = seats - len(elected) - revote_seats
    return Ranking(people, verdicts, elected, tied, revote_seats, unfilled)


def _tallies(ranking: Ranking, no, valid_n: int, members_total: int, revote: bool, name):
    """Each person's tally and sentence; the sentences said aloud (every candidate, and the
    write-ins who did not simply fail), and how many write-ins failed."""
    tallies, lines, failed_write_ins = [], [], 0
    for person, votes, on_slate in ranking.people:
        v = ranking.verdict(person)
        got = (
            f"{name(person)} 得赞成票 {votes} 票"
            if on_slate
            else f"另选人 {name(person)} 得 {votes} 票"
        )
        sentence = _verdict_sentence(got, v, members_total, revote)
        n_no = no[person] if on_slate else 0
        abstain = valid_n - votes - n_no if on_slate else 0
        tallies.append(Tally(person, name(person), on_slate, votes, n_no, abstain, v, sentence))
        if on_slate or v != Verdict.FAILED:
            lines.append(sentence)
        else:
            failed_write_ins += 1
    return tallies, lines, failed_write_ins


def _closing(ranking: Ranking, seats: int, members_total: int, failed_write_ins: int, name):
    """The sentences after the tallies: failed write-ins, who is elected, the re-vote, the
    further round (另行选举) for the seats left."""
    text = []
    if failed_write_ins:
        text.append(f"另选他人 {failed_write_ins} 人，均未超过全体代表 {members_total} 人的半数。")
    won = "、".join(name(p[0]) for p in ranking.elected)
    text.append(f"应选 {seats} 名，当选 {len(ranking.elected)} 名{'：' + won if won else ''}。")
    if ranking.tied:
        who = "、".join(name(p[0]) for p in ranking.tied)
        text.append(
            f"{who} 票数相等，不能确定当选人，应当就票数相等的人再次投票，"
            f"选出 {ranking.revote_seats} 名。"
        )
    if ranking.unfilled:
        text.append(
            f"不足的 {ranking.unfilled} 名另行选举，可以在本次会议上进行，也可以在下一次会议上进行。"
        )
    return text


def _decide(tallied, seats, order, members_total, issued, returned, names, revote) -> CountResult:
    """Winners, verdicts and the sentences from the votes per person (LOL 29, EL 44, 45)."""
    yes, no, written, void, dropped = tallied
    needed = votes_needed(members_total, revote)
    void_n = sum(void.values())
    valid_n = returned - void_n

    def name(p):
        return str(names.get(p, p))

    ranking = rank(yes, written, order, seats, needed, name)
    tallies, lines, failed_write_ins = _tallies(ranking, no, valid_n, members_total, revote, name)
    head = _head(members_total, issued, returned, revote)
    text = [f"{head}有效票 {valid_n} 张，无效票 {void_n} 张，选举有效。"]
    if dropped:
        text.append(f"不符合规定的另选 {dropped} 人次，不计。")
    text += lines
    text += _closing(ranking, seats, members_total, failed_write_ins, name)
    return CountResult(
        valid=True,
        seats=seats,
        members_total=members_total,
        issued=issued,
        returned=returned,
        valid_ballots=valid_n,
        void_ballots=void_n,
        needed=needed,
        tallies=tuple(tallies),
        elected=tuple(p[0] for p in ranking.elected),
        revote=tuple(p[0] for p in ranking.tied),
        revote_seats=ranking.revote_seats,
        unfilled=ranking.unfilled,
        void_reasons=dict(void),
        dropped_write_ins=dropped,
        sentences=tuple(text),
        revote_round=revote,
    )


# --- the same sentences in English, for pages read in English ---------------------------------

_VERDICT_EN = {
    Verdict.ELECTED: "more than half of all {n} delegates: elected.",
    Verdict.REVOTE: "more than half of all {n} delegates, tied with another: no one can be "
    "declared elected.",
    Verdict.OUTRANKED: "more than half of all {n} delegates, but more passed than there are "
    "seats and fewer votes: not elected.",
    Verdict.FAILED: "not more than half of all {n} delegates: not elected.",
}
_REVOTE_VERDICT_EN = {
    Verdict.ELECTED: "the most votes: elected.",
    Verdict.REVOTE: "still tied: no one can be declared elected.",
    Verdict.OUTRANKED: "fewer votes: not elected.",
    Verdict.FAILED: "not elected.",
}


def _votes_en(n: int) -> str:
    return f"{n} vote" if n == 1 else f"{n} votes"


def sentences_en(result: Mapping) -> tuple[str, ...]:
    """The count's sentences in English, from a stored result (`count`'s fields as a mapping).

    The Chinese sentences are the record, stored and printed as they are; these say the same
    for a page read in English. Names stay as stored.
    """
    n = result["members_total"]
    revote = result.get("revote_round", False)
    prefix = "Re-vote among those tied: " if revote else ""
    head = (
        f"{prefix}{n} delegates in office, {result['issued']} ballots issued, "
        f"{result['returned']} returned"
    )
    if not result["valid"]:
        return (
            f"{head}: more ballots returned than issued; the election is void and the vote "
            "is held again.",
        )
    text = [
        f"{head}, {result['valid_ballots']} valid, {result['void_ballots']} void: the "
        "election is valid."
    ]
    if result["dropped_write_ins"]:
        text.append(
            f"{result['dropped_write_ins']} write-ins not allowed by the rules, not counted."
        )
    names, failed_write_ins = {}, 0
    for t in result["tallies"]:
        names[t["person"]] = t["name"]
        verdict = Verdict(t["verdict"])
        if not t["on_slate"] and verdict == Verdict.FAILED:
            failed_write_ins += 1
            continue
        got = f"{t['name']}: {_votes_en(t['yes'])}" + ("" if t["on_slate"] else " (written in)")
        tail = (_REVOTE_VERDICT_EN if revote else _VERDICT_EN)[verdict].format(n=n)
        text.append(f"{got}, {tail}")
    if failed_write_ins:
        text.append(
            f"{failed_write_ins} other people written in, none with more than half of all "
            f"{n} delegates."
        )
    won = ", ".join(str(names.get(p, p)) for p in result["elected"])
    text.append(
        f"{result['seats']} to elect, {len(result['elected'])} elected{': ' + won if won else ''}."
    )
    if result["revote"]:
        who = ", ".join(str(names.get(p, p)) for p in result["revote"])
        text.append(
            f"{who} tied: no one can be declared elected; the tied are voted on again for "
            f"{result['revote_seats']} seat{'s' if result['revote_seats'] != 1 else ''}."
        )
    if result["unfilled"]:
        text.append(
            f"Seats left: {result['unfilled']}, filled by a further election, at this meeting "
            "or a later one."
        )
    return tuple(text)
