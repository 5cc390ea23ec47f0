"""The offices a local people's congress elects, by the congress's level. Pure: no Django.

LOL 11 (五)(六) and LOL 26 list what a congress at or above county level elects: its standing
committee's officers, the government's head and deputies, the supervisory commission's
director, the court's president and the procurator-general; EL 30–33 the deputies to the
congress one level up. What differs by level:

- LOL 47: a county's or district's standing committee has 主任、副主任和委员 only; 秘书长 exists
  from a city with districts (设区的市, 自治州) up. The officers are elected "在代表中": from
  among the congress's own delegates (LOL 47 first and second paragraphs).
- LOL 26 second paragraph: a joint nomination needs 10 delegates at county level, 20 in a
  city with districts, 30 in a province; deputies to the congress above: 10 at every level
  (EL 30), and they need not be delegates of this congress (EL 33).

Each office carries its contest rule (slate.OfficeKind): LOL 27 puts 常委会秘书长 with the
heads (one more candidate, or one alone), 常委会副主任 with the government's deputies (one to
three more), 常委会委员 apart (a tenth to a fifth more); EL 31 the deputies (a fifth to a half).
Township congresses (主席、副主席, five delegates nominating) are out of this system's scope.
"""

from dataclasses import dataclass
from enum import StrEnum

from .slate import OfficeKind


class Level(StrEnum):
    COUNTY = "county"  # 县、自治县、不设区的市、市辖区
    CITY = "city"  # 设区的市、自治州
    PROVINCE = "province"  # 省、自治区、直辖市


LEVEL_LABELS = {
    Level.COUNTY: "县级（县、不设区的市、市辖区）",
    Level.CITY: "设区的市级（设区的市、自治州）",
    Level.PROVINCE: "省级（省、自治区、直辖市）",
}

ALL_LEVELS = frozenset(Level)


@dataclass(frozen=True)
class Entry:
    code: str
    name: str  # the generic name (the body's own title, e.g. 区人民法院院长, is data)
    slate: OfficeKind  # the contest rule (LOL 27; EL 31)
    delegate_only: bool  # its holder is elected from among the congress's delegates
    levels: frozenset[Level]
    needs_approval: bool = False  # effective after the level above approves (LOL 11 (六))
    article: str = "LOL 26"


SC_DIRECTOR = "sc_director"
SC_DEPUTY_DIRECTOR = "sc_deputy_director"
SC_SECRETARY_GENERAL = "sc_secretary_general"
SC_MEMBER = "sc_member"
GOV_HEAD = "gov_head"
GOV_DEPUTY = "gov_deputy"
SUPERVISORY_DIRECTOR = "supervisory_director"
COURT_PRESIDENT = "court_president"
PROCURATOR = "procurator"
UPPER_DEPUTY = "upper_deputy"

_HEAD, _DEPUTY = OfficeKind.HEAD, OfficeKind.DEPUTY_HEAD
_ABOVE_COUNTY = frozenset({Level.CITY, Level.PROVINCE})

CATALOGUE: dict[str, Entry] = {
    e.code: e
    for e in (
        Entry(SC_DIRECTOR, "人大常委会主任", _HEAD, True, ALL_LEVELS, article="LOL 47"),
        Entry(SC_DEPUTY_DIRECTOR, "人大常委会副主任", _DEPUTY, True, ALL_LEVELS, article="LOL 47"),
        Entry(
            SC_SECRETARY_GENERAL, "人大常委会秘书长", _HEAD, True, _ABOVE_COUNTY, article="LOL 47"
        ),
        Entry(
            SC_MEMBER,
            "人大常委会委员",
            OfficeKind.STANDING_MEMBER,
            True,
            ALL_LEVELS,
            article="LOL 47",
        ),
        Entry(GOV_HEAD, "人民政府正职（省长、市长、区长、县长）", _HEAD, False, ALL_LEVELS),
        Entry(
            GOV_DEPUTY, "人民政府副职（副省长、副市长、副区长、副县长）", _DEPUTY, False, ALL_LEVELS
        ),
        Entry(SUPERVISORY_DIRECTOR, "监察委员会主任", _HEAD, False, ALL_LEVELS),
        Entry(COURT_PRESIDENT, "人民法院院长", _HEAD, False, ALL_LEVELS),
        Entry(PROCURATOR, "人民检察院检察长", _HEAD, False, ALL_LEVELS, needs_approval=True),
        Entry(
            UPPER_DEPUTY,
            "上一级人民代表大会代表",
            OfficeKind.CITY_DEPUTY,
            False,
            ALL_LEVELS,
            article="EL 33",
        ),
    )
}

# Words of an office's title → its code, most specific first (监察委员会主任 before 常委会主任,
# 副区长 before 区长). Used to read the titles stored before the catalogue existed.
_TITLE_WORDS = (
    ("常委会秘书长", SC_SECRETARY_GENERAL),
    ("常务委员会秘书长", SC_SECRETARY_GENERAL),
    ("监察委员会主任", SUPERVISORY_DIRECTOR),
    ("常委会副主任", SC_DEPUTY_DIRECTOR),
    ("常务委员会副主任", SC_DEPUTY_DIRECTOR),
    ("常委会主任", SC_DIRECTOR),
    ("常务委员会主任", SC_DIRECTOR),
    ("常委会委员", SC_MEMBER),
    ("常务委员会委员", SC_MEMBER),
    ("法院院长", COURT_PRESIDENT),
    ("检察长", PROCURATOR),
    ("人民代表大会代表", UPPER_DEPUTY),
    ("人大代表", UPPER_DEPUTY),
    ("副省长", GOV_DEPUTY),
    ("副市长", GOV_DEPUTY),
    ("副区长", GOV_DEPUTY),
    ("副县长", GOV_DEPUTY),
    ("副州长", GOV_DEPUTY),
    ("自治区副主席", GOV_DEPUTY),
    ("省长", GOV_HEAD),
    ("市长", GOV_HEAD),
    ("区长", GOV_HEAD),
    ("县长", GOV_HEAD),
    ("州长", GOV_HEAD),
    ("自治区主席", GOV_HEAD),
)


def code_for_title(title: str) -> str | None:
    """The catalogue code an office's title names, or None if it names none of them."""
    for words, code in _TITLE_WORDS:
        if words in title:
            return code
    return None


def entry(code: str) -> Entry | None:
    return CATALOGUE.get(code)


def offices_at(level: Level | str) -> list[Entry]:
    """The offices a congress at `level` elects, in the catalogue's order."""
    level = Level(level)
    return [e for e in CATALOGUE.values() if level in e.levels]


def office_refusal(code: str, level: Level | str) -> str | None:
    """Why a congress at `level` cannot hold an election for `code`, or None if it can."""
    level = Level(level)
    e = CATALOGUE.get(code)
    if e is None:
        return "该职务不在本级人民代表大会选举的职务之列（地方组织法第二十六条）。"
    if level not in e.levels:
        if code == SC_SECRETARY_GENERAL:
            return (
                "依照地方组织法第四十七条第二款，县、自治县、不设区的市、市辖区的人民代表大会"
                "常务委员会由主任、副主任和委员组成，不设秘书长。"
            )
        return (
            f"{LEVEL_LABELS[level]}人民代表大会不选举{e.name}（地方组织法第二十六条、第四十七条）。"
        )
    return None


def delegate_refusal(code: str, name: str) -> str | None:
    """LOL 47: the standing committee's officers are elected from among the delegates."""
    e = CATALOGUE.get(code)
    if e is None or not e.delegate_only:
        return None
    return (
        f"依照地方组织法第四十七条，常务委员会组成人员由本级人民代表大会在代表中选举，"
        f"{name} 不是本级人民代表大会代表。"
    )


def joint_nomination_minimum(level: Level | str, code: str) -> int:
    """LOL 26 second paragraph: 10 delegates at county level, 20 in a city with districts,
    30 in a province; deputies to the congress above: ten or more at any level (EL 30)."""
    if code == UPPER_DEPUTY:
        return 10
    return {Level.COUNTY: 10, Level.CITY: 20, Level.PROVINCE: 30}[Level(level)]
