"""Whether a vote passed, and the sentence that says why. Pure: no Django.

LOL 25 (地方组织法第二十五条): a congress adopts elections, resolutions and decisions by MORE
than half of ALL its delegates — not of those present or voting. The options are 赞成 /
反对 / 弃权 (DL 23). Other bases and fractions exist for other bodies and rules (a CPPCC
session's rules, a two-thirds rule), so base and fraction are settings of each vote.
"""

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Base(StrEnum):
    ALL = "all"  # all members of the body in office
    PRESENT = "present"  # members present (checked in) when the vote opened
    CAST = "cast"  # votes cast (yes + no + abstain)


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


CHOICE_LABELS = {Choice.YES: "赞成", Choice.NO: "反对", Choice.ABSTAIN: "弃权"}

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)


@dataclass(frozen=True)
class Threshold:
    base: Base = Base.ALL
    fraction: Fraction = HALF
    strict: bool = True  # True: more than (超过); False: that fraction or more (以上)

    def __post_init__(self):
        if not (0 < self.fraction <= 1):
            raise ValueError("the fraction must be above 0 and at most 1")

    def needed(self, base_count: int) -> int:
        """The fewest yes votes that pass, out of `base_count`."""
        if base_count < 0:
            raise ValueError("base must not be negative")
        exact = self.fraction * base_count
        if self.strict:
            return exact.numerator // exact.denominator + 1
        return -(-exact.numerator // exact.denominator)  # ceiling

    @property
    def fraction_words(self) -> str:
        if self.fraction == HALF:
            return "半数"
        if self.fraction == TWO_THIRDS:
            return "三分之二"
        return f"{self.fraction.denominator}分之{self.fraction.numerator}"


LAW_DEFAULT = Threshold(Base.ALL, HALF, strict=True)


def majority_of(members_total: int) -> int:
    """The fewest votes that are more than half of `members_total` (过半数)."""
    return members_total // 2 + 1


def meets_congress_floor(threshold: Threshold) -> bool:
    """LOL 25: a congress elects and resolves by more than half of ALL its delegates.

    A vote of the congress itself may ask for more (two thirds, for a constitution-like
    matter) but never less: the base must be all delegates, and the threshold must need at
    least a majority of them whatever their number — a fraction above one half, or exactly
    one half with "more than" (超过). "Half or more" (半数以上) of an even number is not a
    majority, and a base of those present or voting can fall below a majority of all.
    """
    if threshold.base != Base.ALL:
        return False
    return threshold.fraction > HALF or (threshold.fraction == HALF and threshold.strict)


def congress_floor_refusal(threshold: Threshold) -> str | None:
    """The Chinese refusal for a congress's own vote set below LOL 25, or None if lawful."""
    if meets_congress_floor(threshold):
        return None
    if threshold.base != Base.ALL:
        why = "不能以出席人数或参加表决的票数为基数"
    else:
        why = f"不能低于过半数（所设为{'超过' if threshold.strict else '达到'}{threshold.fraction_words}）"
    return (
        "依照地方组织法第二十五条，本级人民代表大会的选举和决议须经全体代表的过半数通过，"
        f"{why}；可以规定更高的比例，如全体代表的三分之二以上。"
    )


@dataclass(frozen=True)
class Counts:
    yes: int
    no: int
    abstain: int

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Outcome:
    passed: bool
    counts: Counts
    base_count: int
    needed: int
    did_not_vote: int
    sentence: str


def base_words(base: Base, member_word: str) -> str:
    return {
        Base.ALL: f"全体{member_word}",
        Base.PRESENT: f"出席会议的{member_word}",
        Base.CAST: "参加表决的",
    }[base]


def check_counts(counts: Counts, entitled: int) -> None:
    if min(counts.yes, counts.no, counts.abstain) < 0:
        raise ValueError("票数不能为负数。")
    if counts.cast > entitled:
        raise ValueError(f"投票总数 {counts.cast} 超过有表决权的 {entitled} 人。")


def decide(
    counts: Counts,
    *,
    members_total: int,
    present: int,
    entitled: int,
    threshold: Threshold = LAW_DEFAULT,
    member_word: str = "代表",
) -> Outcome:
    """Passed or not, with the sentence the presiding officer reads out.

    members_total: all members of the body in office; present: checked in when the vote
    opened; entitled: those who could vote (present members of the voting body).
    """
    check_counts(counts, entitled)
    if present > members_total or entitled > members_total:
        raise ValueError("出席或有表决权人数超过全体组成人员。")
    base_count = {Base.ALL: members_total, Base.PRESENT: present, Base.CAST: counts.cast}[
        threshold.base
    ]
    needed = threshold.needed(base_count)
    passed = base_count > 0 and counts.yes >= needed
    said = sentence(counts.yes, passed, base_count, threshold, member_word=member_word)
    return Outcome(passed, counts, base_count, needed, max(entitled - counts.cast, 0), said)


# The English of a member word, for the pages read in English (the record stays Chinese).
MEMBER_WORDS_EN = {
    "代表": "delegates",
    "委员": "members",
    "主席团成员": "members of the presidium",
    "主席会议成员": "members of the chairs' meeting",
}


def sentence(
    yes: int,
    passed: bool,
    base_count: int,
    threshold: Threshold,
    *,
    member_word: str = "代表",
    language: str = "zh",
) -> str:
    """The result sentence from the count: "zh" is the record read out and stored; "en" says
    the same for a page read in English."""
    if language == "en":
        return _sentence_en(yes, passed, base_count, threshold, member_word)
    relation = "超过" if threshold.strict else "达到"
    tail = "" if threshold.strict else "以上"
    if threshold.base == Base.CAST:
        subject = f"{base_words(threshold.base, member_word)} {base_count} 票的{threshold.fraction_words}{tail}"
    else:
        subject = f"{base_words(threshold.base, member_word)} {base_count} 人的{threshold.fraction_words}{tail}"
    verdict = "通过" if passed else "未通过"
    return f"赞成 {yes} 票，{'' if passed else '未'}{relation}{subject}，{verdict}。"


def _sentence_en(yes: int, passed: bool, base_count: int, threshold: Threshold, member_word):
    people = MEMBER_WORDS_EN.get(member_word, "members")
    base = {
        Base.ALL: f"all {base_count} {people}",
        Base.PRESENT: f"the {base_count} {people} present",
        Base.CAST: f"the {base_count} votes cast",
    }[threshold.base]
    if threshold.fraction == HALF:
        fraction = "half"
    elif threshold.fraction == TWO_THIRDS:
        fraction = "two thirds"
    else:
        fraction = f"{threshold.fraction.numerator}/{threshold.fraction.denominator}"
    if threshold.strict:
        relation = "more than" if passed else "not more than"
    else:
        relation = "at least" if passed else "less than"
    votes = "vote" if yes == 1 else "votes"
    verdict = "adopted" if passed else "not adopted"
    return f"{yes} {votes} in favour, {relation} {fraction} of {base}: {verdict}."


def summary(outcome: Outcome) -> str:
    c = outcome.counts
    return f"赞成 {c.yes} 票，反对 {c.no} 票，弃权 {c.abstain} 票，未按表决器 {outcome.did_not_vote} 人。"


# How the vote form names its presets. 过半数 is strictly more than half; 以上 includes the
# number itself (the usual reading of 以上 in Chinese statutes), so 三分之二以上 is two thirds
# or more.
FORM_PRESETS = {"1/2": (1, 2, True), "2/3": (2, 3, False)}


def threshold_from_form(fraction: str, custom: str = "", comparison: str = "") -> tuple | None:
    """(numerator, denominator, strict) from the vote form, or None if it cannot be read.

    fraction: a preset ("1/2", "2/3") or "custom", then `custom` holds "a/b" (half-width or
    full-width slash) and `comparison` is "more" (超过) or "at_least" (达到或以上).
    """
    if fraction in FORM_PRESETS:
        return FORM_PRESETS[fraction]
    if fraction != "custom" or comparison not in ("more", "at_least"):
        return None
    num, slash, den = custom.strip().replace("／", "/").partition("/")
    if not slash or not num.strip().isdigit() or not den.strip().isdigit():
        return None
    num, den = int(num), int(den)
    if not (0 < num <= den <= 100):
        return None
    return num, den, comparison == "more"
