"""An opinion raised in group deliberation (分组审议、小组讨论) becomes a filing: a delegate's
suggestion (建议) at a people's congress, a member's proposal (提案) at a CPPCC committee.

The deliberation app hands an opinion on through the router registered in
ProposalsConfig.ready() (deliberation.actions.register_router); it runs inside
route_opinion's transaction, so the filing and the routed opinion commit or roll back
together.

- Who: the secretariat only, keying the filing in on the speaker's behalf. The speaker is
  the lead filer and must be a delegate of the congress, or a member of the CPPCC committee,
  that met (actions.file refuses an attending leader or anyone else); what they said at the
  meeting stands for their signature, which actions.file stores as a signature on paper
  (Filer.on_paper) because the secretariat, not the speaker, keyed it in. There are no
  co-signers here, so there is no confirm(person_id=…) to record.
- What: by the kind of body whose session the meeting belongs to (FROM_BODY): a suggestion
  of the congress, filed by the delegate; a proposal of the CPPCC committee, filed by the
  member (filer type 委员). Its title from the speech's topic, its text the opinion.
- Then: submitted (it gets its number) and registered (受理、立案) at once: the secretariat is
  the one handing it on, so there is nothing left for it to review. Assignment to handling
  units follows as for any suggestion or proposal.
"""

from django.db import transaction

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.proposals import actions, rules
from lianghui.proposals.actions import FilingDraft
from lianghui.proposals.actions._base import invalid
from lianghui.proposals.models import DecisionKind, FilerType, Kind

# The kind of body that met → what an opinion becomes there, and who files it.
FROM_BODY = {
    "congress": (Kind.SUGGESTION, FilerType.DELEGATES),
    "cppcc": (Kind.PROPOSAL, FilerType.MEMBER),
}


def title_from_topic(topic: str, kind: str = Kind.SUGGESTION) -> str:
    """教育事业发展 → 关于教育事业发展的建议 (的提案 for a proposal); a topic already worded as
    a title is kept (a CPPCC proposal is often titled 关于……的建议)."""
    word = rules.KIND_WORDS[rules.Kind(kind)]
    topic = (topic or "").strip()
    if topic.startswith("关于") or topic.endswith(word):
        return topic
    return f"关于{topic}的{word}"


def file_from_opinion(opinion, actor) -> int:
    """File, submit and register a suggestion or proposal from a deliberation opinion; its id."""
    if not is_secretariat(actor):
        raise PermissionDenied("将审议意见转为代表建议或委员提案，须由秘书处代为提出。")
    speech = opinion.speech
    meeting = speech.deliberation.meeting
    session = meeting.session
    body = session.term.body
    if body.kind not in FROM_BODY:
        raise invalid("wrong_body", "只有人民代表大会或政协委员会的分组会议意见可以转交办理。")
    kind, filer_type = FROM_BODY[body.kind]
    draft = FilingDraft(
        kind=kind,
        body_id=body.pk,
        session_id=session.pk,
        title=title_from_topic(speech.topic, kind),
        filer_type=filer_type,
        lead_id=speech.speaker_id,
        text=opinion.text,
    )
    with transaction.atomic():
        filing = actions.file(draft, actor)
        filing = actions.submit(filing, actor)
        filing = actions.review(filing, DecisionKind.REGISTER, actor)
        record(
            "proposals.from_deliberation",
            filing,
            actor=actor,
            data={
                "opinion": opinion.pk,
                "speech": speech.pk,
                "meeting": meeting.pk,
                "speaker": speech.speaker_id,
                "kind": kind,
            },
        )
    return filing.pk
