"""The workflow of each kind of filing, as data. Pure: no Django.

This is the default table. Migration 0002 loads a copy of it into State and Transition rows
(later changes come as their own data migrations: 0005 lets a co-handling unit send its
opinion after the lead replied, 0007 adds a unit's request for an extension), and the actions read those rows: a transition that is not stored is refused, and a step
names the roles that may take it (an action that names no role is denied). A test checks
that a fresh database holds exactly this table.

Roles an actor may hold on a filing (access.roles_of):
  lead         the lead filer (an organisation filer's officers)
  signer       any filer who has confirmed (the lead included)
  cosigner     a co-signer who has not yet confirmed
  secretariat  the secretariat (大会秘书处 / 常委会代表工作机构 / 政协提案委员会)
  presidium    the presidium, for motions (entered by the secretariat or its members)
  committee    the special committee a motion was referred to (or the secretariat)
  lead_unit    staff of a lead or split handling unit (主办、分办)
  co_unit      staff of a co-handling unit (会办)
"""

from lianghui.proposals.rules import Kind, Step

LEAD, SIGNER, COSIGNER = "lead", "signer", "cosigner"
SECRETARIAT, PRESIDIUM, COMMITTEE = "secretariat", "presidium", "committee"
LEAD_UNIT, CO_UNIT = "lead_unit", "co_unit"

INITIAL = "draft"

# Suggestions and proposals are reviewed under their own names, then handled alike (the
# steps of _handled below): these are the states of that handling, in order.
_HANDLING_STATES = [
    ("merged", "已并案", True),
    ("assigned", "办理中", False),
    ("replied", "已答复", False),
    ("rehandling", "再次办理", False),
    ("closed", "已办结", True),
    ("withdrawn", "已撤回", True),
]

# (code, label, terminal) per kind; the first is the initial state.
STATES = {
    Kind.MOTION: [
        ("draft", "草稿", False),
        ("submitted", "已提交", False),
        ("committee_review", "交专门委员会审议", False),
        ("committee_reported", "专门委员会已提出意见", False),
        ("on_agenda", "列入大会议程", False),
        ("voted", "已交付大会表决", True),
        ("study", "闭会后交专门委员会审议", False),
        ("studied", "审议结果已报告", True),
        ("as_suggestion", "作为建议处理", True),
        ("withdrawn", "已撤回", True),
    ],
    Kind.SUGGESTION: [
        ("draft", "草稿", False),
        ("submitted", "待受理", False),
        ("registered", "已受理", False),
        ("declined", "已退回", True),
        ("as_letter", "作代表来信处理", True),
        *_HANDLING_STATES,
    ],
    Kind.PROPOSAL: [
        ("draft", "草稿", False),
        ("submitted", "待审查", False),
        ("registered", "已立案", False),
        ("declined", "不予立案", True),
        ("as_opinion", "转社情民意信息", True),
        ("as_letter", "转来信处理", True),
        *_HANDLING_STATES,
    ],
    Kind.OPINION: [
        ("draft", "草稿", False),
        ("submitted", "待编辑", False),
        ("adopted", "已采用", False),
        ("not_adopted", "未采用", True),
        ("forwarded", "已报送", False),
        ("closed", "已办结", True),
        ("withdrawn", "已撤回", True),
    ],
}

ACTION_LABELS = {
    "edit_draft": "修改",
    "confirm": "确认联名",
    "submit": "提交",
    "withdraw": "撤回",
    "request_withdrawal": "申请撤回",
    "refer": "交专门委员会审议",
    "committee_opinion": "提出审议意见",
    "list": "列入大会议程",
    "study": "不列入议程，闭会后交专门委员会审议",
    "as_suggestion": "不列入议程，作为建议处理",
    "consent_withdrawal": "同意撤回",
    "refuse_withdrawal": "不同意撤回",
    "put_to_vote": "交付大会表决",
    "study_report": "报告审议结果",
    "register": "受理（立案）",
    "decline": "退回（不予立案）",
    "as_letter": "转来信处理",
    "as_opinion": "转社情民意信息",
    "merge": "并案",
    "flag_key": "设为重点督办",
    "assign": "交办",
    "reassign": "改办",
    "request_reassign": "申请退回改办",
    "refuse_reassign": "不同意改办",
    "extend": "延长答复期限",
    "request_extension": "申请延期",
    "refuse_extension": "不同意延期",
    "co_opinion": "提出会办意见",
    "reply_part": "答复（分办部分）",
    "reply": "答复",
    "rate": "评价",
    "rate_satisfied": "评价（办结）",
    "rate_unsatisfied": "评价（不满意，再次办理）",
    "conclude": "办结",
    "publish": "公开",
    "edit": "编辑",
    "adopt": "采用",
    "not_adopt": "不予采用",
    "forward": "报送",
    "feedback": "记录反馈或批示",
}


def _steps(kind, sources, action, target, roles):
    """One step per source; target None means "stays in the same state"."""
    return [
        Step(kind, s, action, target or s, frozenset(roles), ACTION_LABELS[action]) for s in sources
    ]


def _drafting(kind):
    return [
        *_steps(kind, ["draft"], "edit_draft", None, [LEAD, SECRETARIAT]),
        *_steps(kind, ["draft"], "confirm", None, [COSIGNER, SECRETARIAT]),
        *_steps(kind, ["draft"], "submit", "submitted", [LEAD, SECRETARIAT]),
        *_steps(kind, ["draft"], "withdraw", "withdrawn", [LEAD, SECRETARIAT]),
    ]


def _motion():
    k = Kind.MOTION
    deciding = ["submitted", "committee_reported"]
    pending = ["submitted", "committee_review", "committee_reported", "on_agenda"]
    return [
        *_drafting(k),
        # LOL 22, DL 15: the presidium decides; it may first ask a special committee.
        *_steps(k, ["submitted"], "refer", "committee_review", [PRESIDIUM]),
        *_steps(k, ["committee_review"], "committee_opinion", "committee_reported", [COMMITTEE]),
        *_steps(k, deciding, "list", "on_agenda", [PRESIDIUM]),
        # 沪议事规则 33, 34: not listed → a committee studies it after the session, or it
        # is handled as a suggestion.
        *_steps(k, deciding, "study", "study", [PRESIDIUM]),
        *_steps(k, deciding, "as_suggestion", "as_suggestion", [PRESIDIUM]),
        *_steps(k, ["study"], "study_report", "studied", [COMMITTEE]),
        # LOL 22: withdrawal before the vote needs the presidium's consent.
        *_steps(k, pending, "request_withdrawal", None, [LEAD]),
        *_steps(k, pending, "consent_withdrawal", "withdrawn", [PRESIDIUM]),
        *_steps(k, pending, "refuse_withdrawal", None, [PRESIDIUM]),
        *_steps(k, ["on_agenda"], "put_to_vote", "voted", [PRESIDIUM]),
        *_steps(k, ["on_agenda", "voted", "studied"], "publish", None, [SECRETARIAT]),
    ]


def _handled(kind):
    """Suggestions and proposals: review, assignment, replies, ratings."""
    k = kind
    handling = ["assigned", "rehandling"]
    outcomes = ["register", "decline", "as_letter"]
    if kind == Kind.PROPOSAL:
        outcomes.append("as_opinion")
    review = []
    for action in outcomes:
        target = "registered" if action == "register" else action
        target = "declined" if action == "decline" else target
        review += _steps(k, ["submitted"], action, target, [SECRETARIAT])
    return [
        *_drafting(k),
        *review,
        *_steps(k, ["submitted", "registered"], "merge", "merged", [SECRETARIAT]),
        *_steps(k, ["registered", *handling, "replied"], "flag_key", None, [SECRETARIAT]),
        # 沪建议规定 10: a joint filing is withdrawn when all its filers ask (in writing to the
        # secretariat, which may record it).
        *_steps(k, ["submitted", "registered", "assigned"], "request_withdrawal", None, [SIGNER]),
        *_steps(
            k,
            ["submitted", "registered", "assigned"],
            "withdraw",
            "withdrawn",
            [SIGNER, SECRETARIAT],
        ),
        *_steps(k, ["registered"], "assign", "assigned", [SECRETARIAT]),
        *_steps(k, handling, "request_reassign", None, [LEAD_UNIT, CO_UNIT]),
        *_steps(k, handling, "reassign", None, [SECRETARIAT]),
        *_steps(k, handling, "refuse_reassign", None, [SECRETARIAT]),
        *_steps(k, handling, "extend", None, [SECRETARIAT]),
        # 沪建议规定 19: a unit that cannot answer in time reports in writing; the
        # secretariat extends the deadline (extend) or refuses. Added by migration 0007.
        *_steps(k, handling, "request_extension", None, [LEAD_UNIT]),
        *_steps(k, handling, "refuse_extension", None, [SECRETARIAT]),
        # 沪建议规定 17: a co-handling unit's opinion is taken while its assignment is open,
        # whatever the lead has done (a late one still counts for a new round of handling).
        *_steps(k, [*handling, "replied"], "co_opinion", None, [CO_UNIT]),
        *_steps(k, handling, "reply_part", None, [LEAD_UNIT]),
        *_steps(k, handling, "reply", "replied", [LEAD_UNIT]),
        *_steps(k, ["replied", "rehandling"], "rate", None, [LEAD]),
        *_steps(k, ["replied"], "rate_satisfied", "closed", [LEAD]),
        *_steps(k, ["replied", "rehandling"], "rate_unsatisfied", "rehandling", [LEAD]),
        *_steps(k, ["replied"], "conclude", "closed", [SECRETARIAT]),
        *_steps(k, ["replied", "rehandling", "closed"], "publish", None, [SECRETARIAT]),
    ]


def _opinion():
    k = Kind.OPINION
    return [
        *_drafting(k),
        *_steps(k, ["submitted", "adopted"], "edit", None, [SECRETARIAT]),
        *_steps(k, ["submitted"], "adopt", "adopted", [SECRETARIAT]),
        *_steps(k, ["submitted"], "not_adopt", "not_adopted", [SECRETARIAT]),
        *_steps(k, ["adopted", "forwarded"], "forward", "forwarded", [SECRETARIAT]),
        *_steps(k, ["forwarded"], "feedback", None, [SECRETARIAT]),
        *_steps(k, ["forwarded"], "conclude", "closed", [SECRETARIAT]),
    ]


STEPS: list[Step] = [
    *_motion(),
    *_handled(Kind.SUGGESTION),
    *_handled(Kind.PROPOSAL),
    *_opinion(),
]


def state_rows():
    """(kind, code, label, terminal, initial, order) for every state."""
    return [
        (kind.value, code, label, terminal, code == INITIAL, order)
        for kind, states in STATES.items()
        for order, (code, label, terminal) in enumerate(states)
    ]


def transition_rows():
    """(kind, source, action, target, roles, label) for every step, roles comma-separated."""
    return [
        (
            str(s.kind),
            s.source,
            s.action,
            s.target,
            ",".join(sorted(s.roles)),
            s.label,
        )
        for s in STEPS
    ]
