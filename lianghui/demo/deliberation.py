"""The seed's two group deliberations and its oath ceremony, replayed through the actions.

``replay_deliberations()`` records the 徐家汇 and 天平 delegations' deliberation of the
government work report; ``replay_oath()`` the constitutional oath at the 第三次全体会议.
Both act as the secretariat, so every row comes with the audit events a live session leaves,
and both skip meetings not yet held (the meeting's day is not before ``today``) and meetings
already recorded (calling them twice changes nothing).

What the page says and what is invented:

- 徐家汇代表团: 曹立强 attended; 万小岚、王育松、雷煌、程金华、张桑 spoke on five topics — the
  page lists the speakers and the topics, not who said what. The pairing here is the listed
  order, speaker i on topic i: a guess, stored as ``Speech.synthetic=True``. Each summary only
  restates the page (the topic, "提出务实、有针对性的意见和建议"); the one opinion per speech
  is invented (``Opinion.synthetic``). 曹立强's remarks (the report's three qualities and the
  seven priorities) are on the page: not synthetic.
- 天平代表团: 钟晓咏 attended; the delegates spoke on education, health care, science and
  innovation and urban renewal. The page names no speaker: four invented members of the
  delegation (already ``Person.synthetic``) speak, one per topic (``Speech.synthetic``), each
  with an invented opinion. 钟晓咏's four priorities and the delegates' common view are on
  the page.
- Convener: the delegation's invented convener (the loader's). Recorder: the secretariat's
  invented staff member.
- Oath: the page says only that the ceremony was held at the 第三次全体会议, after 麦珏 was
  elected court president, 张岚、张剑、徐颖 standing-committee members, and 徐颖 approved as
  chair of the 城市建设环境保护委员会. The takers come from the published elections and the
  vote in the database when they are there, else from these facts (the basis says so). One
  collective batch, led by 麦珏 — the page does not name the 领誓人: a guess,
  ``OathBatch.leader_synthetic=True``.
"""

import random
from datetime import date, timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lianghui.deliberation import actions
from lianghui.deliberation.models import Deliberation, OathCeremony
from lianghui.demo import ACCOUNTS, clock, facts
from lianghui.demo.schedule import item_starts
from lianghui.elections.models import Election, ElectionState
from lianghui.people.access import person_of
from lianghui.people.models import Membership, Person, Role
from lianghui.sessions.models import Meeting, PresidingOfficer, PresidingRole
from lianghui.votes.models import Poll
from lianghui.votes.models import State as PollState

SEED = 20240110 + 4  # the loader's SEED + 4: votes use + 2, elections + 3
SPEECH_MINUTES = 12  # a group deliberation's speeches, one after another
OATH_MINUTES = 8  # the anthem, the oath read and each taker's name

SPOKE = "提出务实、有针对性的意见和建议"  # the page, of all five 徐家汇 speakers

# Invented, one per topic, in the topics' order.
XUJIAHUI_OPINIONS = (
    "建议依托STEM教科文中心建立科研院所与中小学的科普合作机制，吸引更多科研资源落地。",
    "建议加大对新型研发机构和早期孵化项目的支持力度，畅通科技成果转化链条。",
    "建议统筹安排徐家汇商圈改造期间的交通组织，减少施工对市民出行和商户经营的影响。",
    "建议盘活红色文化和历史风貌资源，推出更多面向市民的公共文化活动。",
    "建议加强12345市民服务热线与街道网格的协同，提高群众诉求办理效率。",
)
TIANPING_OPINIONS = (
    "建议加快优质教育资源向社区延伸，扩大托育和课后服务供给。",
    "建议推进社区卫生服务中心与区属医院的分级诊疗协作，方便老年人就近就医。",
    "建议完善科创街区的配套服务，吸引青年科技人才在徐汇就业安居。",
    "建议在零星旧改和片区更新中充分听取居民意见，做好过渡安置。",
)

# The page's account of what the leaders attending said, and of the delegates' common view.
CAO_TOPIC = "对政府工作报告的评价和做好今年工作的要求"
CAO_SUMMARY = (
    "2024年《政府工作报告》体现大局意识、突显实干担当、彰显为民底色。做好今年工作，重点把握"
    "七个方面：稳增长提振信心；抓科创探索突破；提品质加压奋进；惠民生办好实事；兴文化守正创新；"
    "促治理高效安全；强党建走深走实。"
)
XUJIAHUI_SUMMARY = (
    "会场气氛热烈活跃，代表发言积极踊跃。区委书记曹立强与代表们一起审议政府工作报告。代表们"
    "围绕主题，聚焦全区中心工作，结合徐汇发展实际作了发言，提出务实、有针对性的意见和建议。"
)
ZHONG_TOPIC = "2024年重点抓好四方面工作"
ZHONG_SUMMARY = (
    "2024年，徐汇区将把握大局大势、抢抓战略机遇、积极担当作为，重点抓好四方面：一是推动经济"
    "高质量发展；二是打造科创策源新高地；三是提升城区文化软实力；四是实现民生治理新改善。"
    "相关部门会深入研究、梳理吸纳，切实把大家的意见建议转化为谋划推动工作的思路与举措。"
)
TIANPING_SUMMARY = (
    "代表们与钟晓咏一起展开热烈讨论，就教育事业发展、医疗卫生、科技创新、城市更新等方面工作"
    "畅所欲言、建言献策。代表们一致认为，政府工作报告客观总结了2023年的工作成绩，提出的2024年"
    "目标任务契合区情，定位精准、路径清晰。"
)


def _actor(actor):
    if actor is not None:
        return actor
    return get_user_model().objects.get(username=ACCOUNTS.secretariat)


def _today(today) -> date:
    return today or timezone.localdate()


def _meetings(held) -> dict[str, tuple[facts.MeetingFact, Meeting]]:
    """MeetingFact key -> (fact, meeting), from the loader's list or looked up by title."""
    if held is not None:
        return {mf.key: (mf, m) for mf, m in held}
    out = {}
    for sf in facts.SESSIONS:
        meetings = {
            m.title: m
            for m in Meeting.objects.filter(session__title=sf.title).select_related(
                "session__term__body", "group"
            )
        }
        for mf in sf.meetings:
            if mf.title in meetings:
                out[mf.key] = (mf, meetings[mf.title])
    return out


def _named(name: str) -> Person:
    return Person.objects.filter(name=name, synthetic=False).order_by("id").first()


def _ensure_attending(record: Deliberation, name: str, title: str, actor) -> None:
    # The loader writes the attending leaders with the meeting; an older database may lack one.
    person = _named(name)
    if not PresidingOfficer.objects.filter(
        meeting=record.meeting, person=person, role=PresidingRole.ATTENDING
    ).exists():
        actions.add_attending(record, person, title, actor)


def _record(meeting: Meeting, actor) -> Deliberation:
    recorder = person_of(actor)
    return actions.open_record(meeting, actor, recorder=recorder)


def _group(meeting, actor, step, attending, speeches, closing, summary) -> Deliberation:
    """A group deliberation as the page reports it: the attending leader (name, title); the
    delegates' speeches (person, topic, text, opinion), synthetic, since the page does not
    say who said what; the leader's closing speech (topic, text); the summary."""
    name, title = attending
    record = _record(meeting, actor)
    _ensure_attending(record, name, title, actor)
    for person, topic, text, opinion in speeches:
        step()
        speech = actions.add_speech(record, person, topic, text, actor, synthetic=True)
        actions.add_opinion(speech, opinion, actor, synthetic=True)
    step()
    actions.add_speech(record, _named(name), *closing, actor)
    step()
    actions.set_summary(record, summary, actor)
    return actions.finalise(record, actor)


def _xujiahui(meeting: Meeting, actor, rng: random.Random, step) -> Deliberation:
    # Synthetic pairing: the page lists five speakers and five topics, not who said what;
    # speaker i is given topic i.
    speeches = [
        (_named(name), topic, f"围绕“{topic}”作了发言，{SPOKE}。", opinion)
        for name, topic, opinion in zip(
            facts.XUJIAHUI_SPEAKERS, facts.XUJIAHUI_TOPICS, XUJIAHUI_OPINIONS, strict=True
        )
    ]
    return _group(
        meeting,
        actor,
        step,
        ("曹立强", "区委书记"),
        speeches,
        (CAO_TOPIC, CAO_SUMMARY),
        XUJIAHUI_SUMMARY,
    )


def _tianping_speakers(meeting: Meeting, rng: random.Random, n: int) -> list[Person]:
    """Invented members of the delegation, not its conveners: the page names no speaker."""
    day = meeting.local_day
    members = Membership.objects.active_on(day).filter(organisation_id=meeting.group_id)
    conveners = members.filter(role__in=(Role.CONVENER, Role.DEPUTY_CONVENER)).values("person_id")
    people = list(
        Person.objects.filter(
            pk__in=members.filter(role=Role.GROUP_MEMBER).values("person_id"), synthetic=True
        )
        .exclude(pk__in=conveners)
        .order_by("pinyin", "id")
    )
    return rng.sample(people, n)


def _tianping(meeting: Meeting, actor, rng: random.Random, step) -> Deliberation:
    # Synthetic speakers: the page gives the topics only.
    speakers = _tianping_speakers(meeting, rng, len(facts.TIANPING_TOPICS))
    speeches = [
        (person, topic, f"就{topic}方面工作建言献策。", opinion)
        for person, topic, opinion in zip(
            speakers, facts.TIANPING_TOPICS, TIANPING_OPINIONS, strict=True
        )
    ]
    return _group(
        meeting,
        actor,
        step,
        ("钟晓咏", "区委副书记、区长"),
        speeches,
        (ZHONG_TOPIC, ZHONG_SUMMARY),
        TIANPING_SUMMARY,
    )


def _stepper(move_to, start):
    """Moves the clock to the next speech's moment, each call SPEECH_MINUTES later."""
    moments = (start + timedelta(minutes=SPEECH_MINUTES * n) for n in count(1))
    return lambda: move_to(next(moments))


def replay_deliberations(
    held: list[tuple[facts.MeetingFact, Meeting]] | None = None,
    *,
    today: date | None = None,
    actor=None,
    seed: int = SEED,
) -> list[Deliberation]:
    """Record the 徐家汇 and 天平 group deliberations, if held before ``today``.

    ``held``: (fact, meeting) pairs as the loader has them (else looked up by title);
    ``actor``: the secretariat's user (else the demo's ``mishu``).
    """
    actor, today = _actor(actor), _today(today)
    meetings = _meetings(held)
    rng = random.Random(seed)
    done = []
    with transaction.atomic():
        for key, record in (("group_xujiahui", _xujiahui), ("group_tianping", _tianping)):
            if key not in meetings:
                continue
            mf, meeting = meetings[key]
            if mf.day >= today or Deliberation.objects.filter(meeting=meeting).exists():
                continue
            # At the meeting's time: opened at its start, a speech every SPEECH_MINUTES.
            with clock.replay(mf.starts_at) as move_to:
                done.append(record(meeting, actor, rng, _stepper(move_to, mf.starts_at)))
    return done


# --- the oath -------------------------------------------------------------------------------

COURT = "区人民法院院长"
STANDING = "区人大常委会委员"
URBAN_CHAIR = "城市建设环境保护委员会主任委员"
REPORTED = "据会议报道：{}"
LEADER = "麦珏"  # synthetic choice: the page does not name the 领誓人


def _elections_of(meeting: Meeting) -> list[Election]:
    return list(
        Election.objects.filter(
            meeting__session_id=meeting.session_id, state=ElectionState.PUBLISHED
        ).select_related("office", "meeting")
    )


def _election_for(person: Person, elections: list[Election], word: str) -> Election | None:
    """The published election that elected this person; one whose office title has ``word``
    first (offices may be titled 区人大常委会委员 or 徐汇区人大常务委员会委员)."""
    won = [e for e in elections if person.pk in (e.result or {}).get("elected", [])]
    won.sort(key=lambda e: word not in e.office.title)
    return won[0] if won else None


def _urban_chair_poll(meeting: Meeting) -> Poll | None:
    return (
        Poll.objects.filter(
            meeting__session_id=meeting.session_id,
            state=PollState.PUBLISHED,
            passed=True,
            question__contains="徐颖",
        )
        .filter(question__contains="主任委员")
        .order_by("id")
        .first()
    )


def replay_oath(
    held: list[tuple[facts.MeetingFact, Meeting]] | None = None,
    *,
    today: date | None = None,
    actor=None,
) -> OathCeremony | None:
    """The oath at the 第三次全体会议, if held before ``today``: 麦珏 (区人民法院院长), 张岚、
    张剑、徐颖 (区人大常委会委员), 徐颖 also as 主任委员 — one collective batch."""
    actor, today = _actor(actor), _today(today)
    meetings = _meetings(held)
    if "plenary3" not in meetings:
        return None
    mf, meeting = meetings["plenary3"]
    if mf.day >= today or OathCeremony.objects.filter(meeting=meeting).exists():
        return None
    elections = _elections_of(meeting)
    # At its place in the meeting's order of business (lianghui.demo.schedule).
    at = item_starts(mf, "宪法宣誓")
    with transaction.atomic(), clock.replay(at) as move_to:
        ceremony = actions.create_ceremony(meeting, actor)
        takers = []
        for name, word, title, sentence in (
            ("麦珏", "法院院长", COURT, "选举麦珏为区人民法院院长"),
            *(
                (n, "常委会委员", STANDING, "选举张岚、张剑、徐颖为区人大常委会委员")
                for n in facts.STANDING_ELECTED
            ),
        ):
            person = _named(name)
            election = _election_for(person, elections, word)
            if election is not None:
                taker = actions.add_taker(ceremony, person, actor, election=election)
            else:
                taker = actions.add_taker(
                    ceremony,
                    person,
                    actor,
                    office_title=title,
                    source="elected",
                    basis=REPORTED.format(sentence),
                )
            if taker not in takers:
                takers.append(taker)
        xu = _named("徐颖")
        poll = _urban_chair_poll(meeting)
        if poll is not None:
            actions.add_taker(ceremony, xu, actor, poll=poll, office_title=URBAN_CHAIR)
        else:
            actions.add_taker(
                ceremony,
                xu,
                actor,
                office_title=URBAN_CHAIR,
                source="confirmed",
                basis=REPORTED.format("表决通过徐颖为区人大城市建设环境保护委员会主任委员"),
            )
        batch = actions.form_batch(
            ceremony,
            actor,
            form="collective",
            taker_ids=[t.pk for t in takers],
            leader_id=_named(LEADER).pk,
            leader_synthetic=True,
        )
        move_to(at + timedelta(minutes=OATH_MINUTES))
        actions.record_oath_taken(batch, actor)
    return OathCeremony.objects.get(pk=ceremony.pk)
