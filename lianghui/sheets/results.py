"""Result sheets: a vote's (表决结果) and an election's (选举结果).

A named vote's sheet carries its roll call — the same list the result page publishes
(votes.actions.roll_call). A secret vote's carries the counts only: nothing on it names a
voter, not even who pressed; the sheet is built from the poll's stored totals alone.
An election's sheet carries the figures its validity rests on (ballots issued and returned,
valid and void, the void reasons), each candidate's counts and the verdicts.
"""

from django.utils import timezone, translation

from lianghui.elections.models import Election
from lianghui.elections.printing import VERDICT_LABELS
from lianghui.sheets.rules import Sheet, Table, ballots_validity
from lianghui.votes import actions as votes
from lianghui.votes.models import Poll

FIGURE = ("项目", "数值")


def _time(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S") if at else ""


def poll_sheet(poll: Poll) -> Sheet:
    outcome = votes._result(poll, poll.counts)
    threshold = poll.threshold
    with translation.override("zh-hans"):
        base = poll.get_base_display()
        figures = [
            ("表决事项", poll.question),
            ("会议", poll.meeting.title),
            ("表决方式", f"{poll.get_mode_display()}（{'无记名' if poll.secret else '记名'}）"),
            ("全体组成人员", poll.members_total),
            ("出席", poll.present),
            ("有表决权", poll.entitled),
            ("赞成", poll.yes),
            ("反对", poll.no),
            ("弃权", poll.abstain),
            ("未按表决器" if poll.mode == "electronic" else "未表决", outcome.did_not_vote),
            (
                "通过所需赞成票",
                f"{outcome.needed}（{'超过' if threshold.strict else '达到'}{base}"
                f" {outcome.base_count} 的 {threshold.fraction_words}）",
            ),
            ("结果", "通过" if poll.passed else "未通过"),
            ("结束时间", _time(poll.closed_at)),
            ("公布时间", _time(poll.published_at)),
        ]
    tables = [Table("表决结果", FIGURE, figures, (18, 60))]
    notes = ()
    if poll.secret:
        notes = ("无记名表决：只列票数，不列任何人的表决意见。",)
    else:
        calls = [(n, name, choice) for n, (name, choice) in enumerate(votes.roll_call(poll), 1)]
        tables.append(Table("记名表决名单", ("序号", "姓名", "表决意见"), calls, (6, 12, 12)))
    return Sheet(
        title=f"{poll.meeting.session.title} 表决结果：{poll.question}",
        filename=f"vote-result-{poll.pk}",
        lines=(poll.sentence,),
        tables=tuple(tables),
        notes=notes,
    )


def election_sheet(election: Election) -> Sheet:
    r = election.result
    valid_figures = [
        ("应选名额", r["seats"]),
        ("全体代表", r["members_total"]),
        ("发出选票", r["issued"]),
        ("收回选票", r["returned"]),
        ("选举是否有效", "有效" if r["valid"] else "无效"),
    ]
    if r["valid"]:
        valid_figures += [
            ("有效票", r["valid_ballots"]),
            ("无效票", r["void_ballots"]),
            *((f"无效票：{reason}", n) for reason, n in r["void_reasons"].items()),
            ("当选所需赞成票", r["needed"]),
        ]
        if r["dropped_write_ins"]:
            valid_figures.append(("不计的另选", r["dropped_write_ins"]))
    names = {t["person"]: t["name"] for t in r["tallies"]}
    tallies = [
        (
            n,
            t["name"],
            "候选人" if t["on_slate"] else "另选他人",
            t["yes"],
            t["no"],
            t["abstain"],
            VERDICT_LABELS.get(t["verdict"], t["verdict"]),
        )  # fmt: skip
        for n, t in enumerate(r["tallies"], 1)
    ]
    elected = "、".join(names.get(p, str(p)) for p in r["elected"]) or "无人当选"
    notes = [f"当选：{elected}"]
    if r["revote"]:
        notes.append(
            f"票数相等、须再次投票决定 {r['revote_seats']} 名："
            + "、".join(names.get(p, str(p)) for p in r["revote"])
        )
    if r["unfilled"]:
        notes.append(f"不足的名额 {r['unfilled']} 名，另行选举。")
    with translation.override("zh-hans"):
        state = election.get_state_display()
    return Sheet(
        title=f"{election.meeting.session.title} {election} 选举结果",
        filename=f"election-result-{election.pk}",
        lines=(
            f"{election.meeting.title} · {state}",
            ballots_validity(r["issued"], r["returned"]),
            *r["sentences"],
        ),
        tables=(
            Table("投票情况", FIGURE, valid_figures, (24, 16)),
            Table(
                "候选人得票",
                ("序号", "姓名", "类别", "赞成", "反对", "弃权", "结果"),
                tallies if r["valid"] else [],
                (6, 12, 10, 8, 8, 8, 26),
            ),
        ),
        notes=tuple(notes),
    )
