"""The constitutional oath through the actions (Constitution 27; SH = 上海市实施宪法宣誓制度办法).

Elections and polls are written inline in their published state: how they were counted is
the elections' and votes' tests' business; here only their published result matters.
"""

import pytest

from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.deliberation import actions
from lianghui.deliberation.models import OathTaker
from lianghui.deliberation.queries import ceremony_view, oath_candidates
from lianghui.deliberation.rules import OATH_TEXT_2018
from lianghui.elections.models import Election, Office
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Organisation, OrgKind, Person
from lianghui.sessions.models import Meeting, Session
from lianghui.votes.models import Poll

pytestmark = pytest.mark.django_db


def published_election(hall, title, kind, people, *, needs_approval=False, state="published"):
    office = Office.objects.create(
        body=hall.congress, title=title, kind=kind, needs_approval=needs_approval
    )
    return Election.objects.create(
        meeting=hall.plenary,
        office=office,
        seats=len(people),
        state=state,
        result={"elected": [p.pk for p in people]},
    )


def passed_poll(hall, question, meeting=None):
    return Poll.objects.create(
        meeting=meeting or hall.plenary,
        body=hall.congress,
        question=question,
        state="published",
        passed=True,
        yes=5,
        no=0,
        abstain=0,
    )


@pytest.fixture
def elected(hall):
    court = Person.objects.create(name="麦珏")
    procurator = Person.objects.create(name="朱庆华")
    zhang, li, wang = hall.delegates[:3]
    hall.court = published_election(hall, "区人民法院院长", "head", [court])
    hall.procuratorate = published_election(
        hall, "区人民检察院检察长", "head", [procurator], needs_approval=True
    )
    hall.standing = published_election(hall, "区人大常委会委员", "standing_member", [li, wang])
    hall.chair_poll = passed_poll(hall, "表决通过张三为城市建设环境保护委员会主任委员")
    hall.court_person, hall.procurator = court, procurator
    return hall


def test_a_collective_oath(elected):
    hall = elected
    ceremony = actions.create_ceremony(hall.plenary, hall.officer)
    assert ceremony.oath_text == OATH_TEXT_2018 and ceremony.organiser == "大会主席团"
    zhang, li, wang = hall.delegates[:3]
    court = actions.add_taker(ceremony, hall.court_person, hall.officer, election=hall.court)
    li_t = actions.add_taker(ceremony, li, hall.officer, election=hall.standing)
    wang_t = actions.add_taker(ceremony, wang, hall.officer, election=hall.standing)
    zhang_t = actions.add_taker(
        ceremony, zhang, hall.officer, poll=hall.chair_poll, office_title="主任委员"
    )
    # One person, two offices, one oath.
    again = actions.add_taker(
        ceremony, zhang, hall.officer, office_title="区人大常委会委员", basis="补选结果公告"
    )
    assert again == zhang_t
    assert [o.title for o in zhang_t.offices.all()] == ["主任委员", "区人大常委会委员"]

    batch = actions.form_batch(
        ceremony,
        hall.officer,
        form="collective",
        taker_ids=[court.pk, li_t.pk, wang_t.pk, zhang_t.pk],
        leader_id=hall.court_person.pk,
    )
    assert batch.number == 1 and batch.leader == hall.court_person
    batch = actions.record_oath_taken(batch, hall.officer)
    view = ceremony_view(ceremony)
    assert view.held and view.ceremony.held_at == batch.taken_at
    assert all(t.taken_at == batch.taken_at for t in view.takers)
    with pytest.raises(ActionError) as e:
        actions.record_oath_taken(batch, hall.officer)
    assert e.value.code == "already_taken"

    taken = Event.objects.get(kind="deliberation.oath_taken")
    assert taken.data["form"] == "collective" and taken.data["leader"] == "麦珏"
    assert taken.data["oath_text"] == OATH_TEXT_2018
    assert [(t["name"], t["offices"]) for t in taken.data["takers"]] == [
        ("麦珏", ["区人民法院院长"]),
        ("李四", ["区人大常委会委员"]),
        ("王五", ["区人大常委会委员"]),
        ("张三", ["主任委员", "区人大常委会委员"]),
    ]
    assert Event.objects.filter(kind="deliberation.oath_taker_added").count() == 5
    assert verify_chain().ok


def test_the_procurator_is_refused_with_the_rule(elected):
    hall = elected
    ceremony = actions.create_ceremony(hall.plenary, hall.officer)
    with pytest.raises(ActionError) as e:
        actions.add_taker(ceremony, hall.procurator, hall.officer, election=hall.procuratorate)
    assert e.value.code == "after_approval" and e.value.status == 422
    assert e.value.message.startswith("朱庆华：")
    assert "第四条第四款" in e.value.message and "常务委员会" in e.value.message
    # The same without an election record: the title alone says 检察长.
    with pytest.raises(ActionError) as e:
        actions.add_taker(
            ceremony,
            hall.procurator,
            hall.officer,
            office_title="区人民检察院检察长",
            basis="大会选举结果",
        )
    assert e.value.code == "after_approval"
    assert not OathTaker.objects.filter(ceremony=ceremony).exists()
    # The page of candidates says who swears later, and why.
    verdicts = {c.person.name: c.verdict for c in oath_candidates(hall.plenary)}
    assert verdicts["麦珏"] and verdicts["李四"] and verdicts["王五"]
    assert verdicts["朱庆华"].code == "after_approval"


def test_only_those_produced_and_announced_here(elected):
    hall = elected
    ceremony = actions.create_ceremony(hall.plenary, hall.officer)
    zhang, li = hall.delegates[:2]
    with pytest.raises(ActionError) as e:  # not elected in that election
        actions.add_taker(ceremony, zhang, hall.officer, election=hall.court)
    assert e.value.code == "not_elected"
    counted = published_election(hall, "副区长", "deputy_head", [zhang], state="counted")
    with pytest.raises(ActionError) as e:  # elected, not yet announced
        actions.add_taker(ceremony, zhang, hall.officer, election=counted)
    assert e.value.code == "not_announced"
    # Produced at another session (the same body's next session).
    later = Session.objects.create(
        term=hall.term,
        number=6,
        title="第六次会议",
        start_date=hall.session.end_date.replace(year=2025),
        end_date=hall.session.end_date.replace(year=2025),
    )
    elsewhere = Meeting.objects.create(
        session=later, kind="plenary", title="全体会议", starts_at=hall.plenary.starts_at
    )
    poll = passed_poll(hall, "表决通过李四为委员", meeting=elsewhere)
    with pytest.raises(ActionError) as e:
        actions.add_taker(ceremony, li, hall.officer, poll=poll, office_title="委员")
    assert e.value.code == "other_session"
    with pytest.raises(ActionError) as e:  # neither a record nor a stated basis
        actions.add_taker(ceremony, li, hall.officer, office_title="委员")
    assert e.value.code == "basis_required"


def test_batches_and_who_organises(elected):
    hall = elected
    with pytest.raises(PermissionDenied):
        actions.create_ceremony(hall.plenary, hall.delegate_user)
    with pytest.raises(ActionError) as e:
        actions.create_ceremony(hall.group, hall.officer)
    assert e.value.code == "group_meeting"
    ceremony = actions.create_ceremony(hall.plenary, hall.officer)
    with pytest.raises(ActionError):
        actions.create_ceremony(hall.plenary, hall.officer)
    li, wang = hall.delegates[1:3]
    li_t = actions.add_taker(ceremony, li, hall.officer, election=hall.standing)
    wang_t = actions.add_taker(ceremony, wang, hall.officer, election=hall.standing)
    with pytest.raises(PermissionDenied):
        actions.add_taker(ceremony, hall.court_person, hall.delegate_user, election=hall.court)
    with pytest.raises(ActionError) as e:
        actions.form_batch(
            ceremony, hall.officer, form="collective", taker_ids=[li_t.pk, wang_t.pk]
        )
    assert e.value.code == "leader_required"
    # Individually, one after the other (SH 8: in batches).
    first = actions.form_batch(ceremony, hall.officer, form="individual", taker_ids=[li_t.pk])
    second = actions.form_batch(ceremony, hall.officer, form="individual", taker_ids=[wang_t.pk])
    assert (first.number, second.number, first.leader, second.leader) == (1, 2, None, None)
    with pytest.raises(ActionError) as e:
        actions.form_batch(ceremony, hall.officer, form="individual", taker_ids=[li_t.pk])
    assert e.value.code == "already_batched"
    with pytest.raises(PermissionDenied):
        actions.record_oath_taken(first, hall.delegate_user)
    actions.record_oath_taken(first, hall.officer)
    assert not ceremony_view(ceremony).held
    actions.record_oath_taken(second, hall.officer)
    assert ceremony_view(ceremony).held
    assert Event.objects.filter(kind="deliberation.oath_taken").count() == 2


def test_no_oath_at_a_cppcc_session(hall):
    cppcc = Organisation.objects.create(kind=OrgKind.CPPCC, name="测试区政协")
    hall.term.body = cppcc
    hall.term.save(update_fields=["body"])
    with pytest.raises(ActionError) as e:
        actions.create_ceremony(hall.plenary, hall.officer)
    assert e.value.code == "not_congress"
