"""An opinion raised in group deliberation (分组审议) becomes a delegate's suggestion.

The deliberation app hands an opinion on through the router registered in
ProposalsConfig.ready() (deliberation.actions.register_router); it runs inside
route_opinion's transaction, so the suggestion and the routed opinion commit or roll back
together.

- Who: the secretariat only, keying the suggestion in on the speaker's behalf. The speaker is
  the lead filer and must be a delegate of the congress (actions.file refuses an attending
  leader or anyone else); what they said at the meeting stands for their signature, which
  actions.file stores as a signature on paper (Filer.on_paper) because the secretariat, not
  the delegate, keyed it in. A suggestion has no co-signers here, so there is no
  confirm(person_id=…) to record.
- What: a suggestion (建议) of the meeting's congress, in that session; its title from the
  speech's topic, its text the opinion.
- Then: submitted (it gets its number) and registered (受理) at once: the secretariat is the
  one handing it on, so there is nothing left for it to review. Assignment to handling units
  follows as for any suggestion.
"""

from django.db import transaction

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.proposals import actions
from lianghui.proposals.actions import FilingDraft
from lianghui.proposals.models import DecisionKind, FilerType, Kind


def title_from_topic(topic: str) -> str:
    """教育事业发展 → 关于教育事业发展的建议; a topic already worded as a title is kept."""
    topic = (topic or "").strip()
    if topic.startswith("关于") or topic.endswith("建议"):
        return topic
    return f"关于{topic}的建议"


def file_from_opinion(opinion, actor) -> int:
    """File, submit and register a suggestion from a deliberation opinion; its id."""
    if not is_secretariat(actor):
        raise PermissionDenied("将审议意见转为代表建议，须由秘书处代为提出。")
    speech = opinion.speech
    meeting = speech.deliberation.meeting
    session = meeting.session
    draft = FilingDraft(
        kind=Kind.SUGGESTION,
        body_id=session.term.body_id,
        session_id=session.pk,
        title=title_from_topic(speech.topic),
        filer_type=FilerType.DELEGATES,
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
            },
        )
    return filing.pk
