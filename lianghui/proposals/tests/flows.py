"""Short paths through the workflow, so that each test starts where it needs to be."""

from lianghui.proposals import actions
from lianghui.proposals.actions import FilingDraft, UnitOrder


def suggestion(d, cosigners=(1, 2), submit=True, **kw):
    """A suggestion by delegate 0 with co-signers (delegate indices), all confirmed."""
    draft = FilingDraft(
        kind="suggestion",
        body_id=d.congress.pk,
        session_id=d.session.pk,
        title=kw.pop("title", "关于优化公交线路的建议"),
        filer_type="delegates",
        cosigner_ids=tuple(d.delegates[i].pk for i in cosigners),
        text=kw.pop("text", "建议增开社区巴士。"),
        **kw,
    )
    filing = actions.file(draft, d.users[0])
    for i in cosigners:
        actions.confirm(filing, d.users[i])
    if submit:
        filing = actions.submit(filing, d.users[0])
    return filing


def motion(d, signers=10, submit=True):
    """A joint motion by delegates 0..signers-1, all confirmed."""
    draft = FilingDraft(
        kind="motion",
        body_id=d.congress.pk,
        session_id=d.session.pk,
        title="关于制定区生活垃圾分类管理办法的议案",
        filer_type="delegates",
        cosigner_ids=tuple(p.pk for p in d.delegates[1:signers]),
        grounds="垃圾分类缺乏统一规范。",
        solution="由区政府制定管理办法。",
    )
    filing = actions.file(draft, d.users[0])
    for user in d.users[1:signers]:
        actions.confirm(filing, user)
    return actions.submit(filing, d.users[0]) if submit else filing


def proposal(d, cosigners=(), submit=True, **kw):
    draft = FilingDraft(
        kind="proposal",
        body_id=d.cppcc.pk,
        title=kw.pop("title", "关于加强中小企业融资服务的提案"),
        filer_type="member",
        cosigner_ids=tuple(d.members[i].pk for i in cosigners),
        text=kw.pop("text", "建议设立融资服务平台。"),
        **kw,
    )
    filing = actions.file(draft, d.member_users[0])
    for i in cosigners:
        actions.confirm(filing, d.member_users[i])
    return actions.submit(filing, d.member_users[0]) if submit else filing


def registered(d, filing):
    return actions.review(filing, "register", d.officer)


def assigned(d, filing, *orders, difficult=False):
    """Registered and assigned; by default to unit 0 as lead."""
    registered(d, filing)
    orders = orders or (UnitOrder(d.units[0].pk, "lead"),)
    return actions.assign(filing, list(orders), d.officer, difficult=difficult)
