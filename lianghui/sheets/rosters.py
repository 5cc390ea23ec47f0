"""A session's roster (代表名单 / 委员名单): the body's delegates or members in office on the
opening day, delegation by delegation (or sector by sector) in the groups' order, within a
group the head or convener first, then the deputies, then everyone by surname strokes
(姓氏笔画, the default) or pinyin — the sort keys of the people list and the seat plans."""

from django.utils import translation

from lianghui.people.models import VOTING_ROLES, Membership, OrgKind
from lianghui.sessions.models import Session
from lianghui.sessions.roster import GROUP_KINDS, LEADER_RANKS
from lianghui.sheets.rules import Sheet, Table

ORDERS = {"strokes": "姓氏笔画", "pinyin": "拼音"}


def roster_sheet(session: Session, order: str = "strokes") -> Sheet:
    body = session.term.body
    day = session.start_date
    cppcc = body.kind == OrgKind.CPPCC
    group_word, member_word = ("界别", "委员") if cppcc else ("代表团", "代表")
    members = (
        Membership.objects.active_on(day)
        .filter(organisation=body, role__in=VOTING_ROLES)
        .select_related("person")
    )
    people = {m.person_id: m.person for m in members}
    placed: dict[int, tuple] = {}  # person -> (group order, group name, rank, role label)
    with translation.override("zh-hans"):
        for m in (
            Membership.objects.active_on(day)
            .filter(
                organisation__parent=body,
                organisation__kind__in=GROUP_KINDS,
                person_id__in=list(people),
            )
            .select_related("organisation")
        ):
            o = m.organisation
            rank = LEADER_RANKS.get(m.role, 9)
            place = (
                o.order,
                o.short_name or o.name,
                rank,
                m.get_role_display() if rank < 9 else "",
            )
            if m.person_id not in placed or place < placed[m.person_id]:
                placed[m.person_id] = place
        key = "pinyin" if order == "pinyin" else "strokes"
        nowhere = (10**9, "", 9, "")
        ordered = sorted(
            people.values(),
            key=lambda p: (*placed.get(p.pk, nowhere)[:3], getattr(p, key), p.name, p.pk),
        )
        rows = []
        for n, p in enumerate(ordered, 1):
            _, group, _, role = placed.get(p.pk, nowhere)
            rows.append((n, group, p.name, p.get_gender_display(), p.ethnicity, role, p.work))
    return Sheet(
        title=f"{session.title} {member_word}名单",
        filename=f"roster-{session.pk}",
        lines=(
            f"{body.name}{member_word} {len(rows)} 名（{day:%Y-%m-%d} 在任），"
            f"按{group_word}排列，{group_word}内按{ORDERS.get(order, ORDERS['strokes'])}排序。",
        ),
        tables=(
            Table(
                f"{member_word}名单",
                ("序号", group_word, "姓名", "性别", "民族", "职务", "工作单位及职务"),
                rows,
                (6, 16, 12, 6, 8, 10, 40),
            ),
        ),
    )
