"""Offices by the congress's level (LOL 26, 47), the standing committee's officers from the
delegates (LOL 47), and the preliminary list with a surplus of 0 (LOL 27, 30)."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from conftest import PASSWORD
from lianghui.audit.models import Event
from lianghui.elections import actions, catalogue
from lianghui.elections.catalogue import Level
from lianghui.elections.models import Election, Nomination, Office
from lianghui.errors import ActionError
from lianghui.people.models import Membership, Person, Role

LOL_47 = "依照地方组织法第四十七条，常务委员会组成人员由本级人民代表大会在代表中选举"

# --- the catalogue ---------------------------------------------------------------------------


def test_no_secretary_general_at_county_level_lol_47():
    refusal = catalogue.office_refusal(catalogue.SC_SECRETARY_GENERAL, Level.COUNTY)
    assert refusal.startswith("依照地方组织法第四十七条第二款") and "不设秘书长" in refusal
    assert catalogue.office_refusal(catalogue.SC_SECRETARY_GENERAL, Level.CITY) is None
    assert catalogue.office_refusal(catalogue.SC_SECRETARY_GENERAL, Level.PROVINCE) is None
    county = {e.code for e in catalogue.offices_at(Level.COUNTY)}
    assert county == set(catalogue.CATALOGUE) - {catalogue.SC_SECRETARY_GENERAL}


def test_an_office_outside_the_catalogue_is_refused():
    assert "第二十六条" in catalogue.office_refusal("", Level.COUNTY)


@given(st.sampled_from(list(catalogue.CATALOGUE.values())), st.sampled_from(list(Level)))
def test_only_the_standing_committee_officers_must_be_delegates_lol_47_el_33(entry, level):
    assert entry.delegate_only == entry.code.startswith("sc_")
    refusal = catalogue.delegate_refusal(entry.code, "某人")
    assert (refusal is not None) == entry.delegate_only
    if refusal:
        assert refusal.startswith(LOL_47)
    assert (catalogue.office_refusal(entry.code, level) is None) == (level in entry.levels)


@pytest.mark.parametrize(
    ("title", "code", "kind"),
    [
        ("区人大常委会主任", "sc_director", "head"),
        ("区人大常委会副主任", "sc_deputy_director", "deputy_head"),
        ("市人大常委会秘书长", "sc_secretary_general", "head"),
        ("区人大常委会委员", "sc_member", "standing_member"),
        ("区长", "gov_head", "head"),
        ("副区长", "gov_deputy", "deputy_head"),
        ("区监察委员会主任", "supervisory_director", "head"),
        ("区人民法院院长", "court_president", "head"),
        ("区人民检察院检察长", "procurator", "head"),
        ("上海市人民代表大会代表", "upper_deputy", "city_deputy"),
        ("大会秘书长", None, None),  # the session's, elected at the preparatory meeting
    ],
)
def test_titles_name_offices_and_their_contest_rule_lol_27(title, code, kind):
    assert catalogue.code_for_title(title) == code
    if code:
        assert catalogue.entry(code).slate == kind


@pytest.mark.parametrize(
    ("level", "code", "minimum"),
    [
        (Level.COUNTY, catalogue.GOV_HEAD, 10),
        (Level.CITY, catalogue.GOV_HEAD, 20),
        (Level.PROVINCE, catalogue.SC_MEMBER, 30),
        (Level.PROVINCE, catalogue.UPPER_DEPUTY, 10),  # EL 30
    ],
)
def test_joint_nomination_minimum_by_level_lol_26(level, code, minimum):
    assert catalogue.joint_nomination_minimum(level, code) == minimum


# --- the model and its stored data -----------------------------------------------------------


@pytest.mark.django_db
def test_an_office_is_named_from_its_title_and_takes_its_rule(hall):
    director = Office.objects.create(body=hall.congress, title="区人大常委会主任", kind="head")
    mayor = Office.objects.create(body=hall.congress, title="区长", kind="deputy_head")
    procurator = Office.objects.create(body=hall.congress, title="区人民检察院检察长", kind="head")
    assert (director.code, director.delegate_only) == ("sc_director", True)
    assert (mayor.code, mayor.kind, mayor.delegate_only) == ("gov_head", "head", False)
    assert procurator.needs_approval  # LOL 11 (六)


# --- the actions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_district_congress_cannot_elect_a_secretary_general_lol_47(hall):
    office = Office.objects.create(body=hall.congress, title="区人大常委会秘书长", kind="head")
    events = Event.objects.count()
    with pytest.raises(ActionError) as e:
        actions.create_election(hall.plenary, office, 1, hall.officer)
    assert e.value.code == "office_not_elected_here" and e.value.status == 422
    assert "第四十七条" in e.value.message
    assert not Election.objects.exists() and Event.objects.count() == events
    hall.congress.level = Level.CITY
    hall.congress.save(update_fields=["level"])
    assert actions.create_election(hall.plenary, office, 1, hall.officer).office == office


@pytest.mark.django_db
def test_the_director_must_be_a_delegate_the_district_head_need_not_lol_47(decide, hall):
    director = Office.objects.create(body=hall.congress, title="区人大常委会主任", kind="head")
    mayor = Office.objects.create(body=hall.congress, title="区长", kind="head")
    outsider = Person.objects.create(name="王外")
    election = actions.create_election(hall.plenary, director, 1, hall.officer)
    nominating = decide.nomination(election, [outsider])
    events = Event.objects.count()
    with pytest.raises(ActionError) as e:
        actions.nominate(election, outsider, hall.officer, by_presidium=True, decision=nominating)
    assert e.value.code == "not_delegate" and e.value.status == 422
    assert e.value.message.startswith(LOL_47) and "王外" in e.value.message
    assert not Nomination.objects.exists() and Event.objects.count() == events
    actions.nominate(
        election,
        hall.delegates[0],
        hall.officer,
        by_presidium=True,
        decision=decide.nomination(election, [hall.delegates[0]]),
    )
    head = actions.create_election(hall.plenary, mayor, 1, hall.officer)
    actions.nominate(
        head,
        outsider,
        hall.officer,
        by_presidium=True,
        decision=decide.nomination(head, [outsider]),
    )  # not a delegate: lawful


@pytest.mark.django_db
def test_a_nominee_who_left_the_congress_cannot_be_fixed_as_a_candidate_lol_47(decide, hall):
    office = Office.objects.create(body=hall.congress, title="区人大常委会副主任", kind="x")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    zhang = hall.delegates[0]
    actions.nominate(
        election,
        zhang,
        hall.officer,
        by_presidium=True,
        decision=decide.nomination(election, [zhang]),
    )
    Membership.objects.filter(person=zhang, organisation=hall.congress).update(end=hall.term.start)
    with pytest.raises(ActionError) as e:
        actions.fix_candidates(
            election, [zhang.pk], decide.candidates(election, [zhang.pk]), hall.officer
        )
    assert e.value.code == "not_delegate" and not election.candidates.exists()


@pytest.mark.django_db
def test_only_delegates_may_be_written_in_for_the_director_lol_47(decide, hall):
    office = Office.objects.create(body=hall.congress, title="区人大常委会主任", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    actions.nominate(
        election,
        hall.delegates[0],
        hall.officer,
        by_presidium=True,
        decision=decide.nomination(election, [hall.delegates[0]]),
    )
    actions.fix_candidates(
        election,
        [hall.delegates[0].pk],
        decide.candidates(election, [hall.delegates[0]]),
        hall.officer,
    )
    outsider = Person.objects.create(name="王外")
    with pytest.raises(ActionError) as e:
        actions.check_entry(election, {"marks": {}, "write_ins": [outsider.pk]})
    assert e.value.code == "write_in_not_eligible"
    ok = actions.check_entry(election, {"marks": {}, "write_ins": [hall.delegates[1].pk]})
    assert ok["write_ins"] == [hall.delegates[1].pk]


@pytest.mark.django_db
def test_the_api_refuses_a_non_delegate_for_the_director_and_stores_nothing(hall):
    chair = Client()
    assert chair.login(username=hall.officer.username, password=PASSWORD)
    r = chair.post(
        "/api/elections/",
        {
            "meeting_id": hall.plenary.pk,
            "seats": 1,
            "office": {"title": "区人大常委会秘书长", "kind": "head"},
        },
        content_type="application/json",
    )
    assert r.status_code == 422 and "第四十七条" in r.json()["message"]
    assert not Office.objects.exists() and not Election.objects.exists()
    r = chair.post(
        "/api/elections/",
        {
            "meeting_id": hall.plenary.pk,
            "seats": 1,
            "office": {"title": "区人大常委会主任", "kind": "head"},
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    outsider = Person.objects.create(name="王外")
    r = chair.post(
        f"/api/elections/{r.json()['id']}/nominations",
        {"person_id": outsider.pk, "by_presidium": True},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "not_delegate"
    assert r.json()["message"].startswith(LOL_47)
    assert not Nomination.objects.exists()


# --- the preliminary list with a surplus of 0 ------------------------------------------------


@given(
    st.sampled_from(["head", "deputy_head", "standing_member", "city_deputy"]), st.integers(1, 40)
)
def test_preliminary_list_is_the_seats_plus_the_method_surplus_lol_27(kind, seats):
    from lianghui.elections.rules import preliminary_list_size, surplus_range

    low, high = surplus_range(kind, seats)
    assert preliminary_list_size(kind, seats, 0) == seats
    assert preliminary_list_size(kind, seats, contested=False) == seats
    assert preliminary_list_size(kind, seats, None) == seats + high
    assert preliminary_list_size(kind, seats, low) == seats + low


# --- naming a new office from the catalogue: API and page ------------------------------------


def test_every_catalogue_office_has_a_translatable_label():
    from lianghui.elections.models import CODE_LABELS

    assert set(CODE_LABELS) == set(catalogue.CATALOGUE)


def _new_office(chair, hall, office):
    return chair.post(
        "/api/elections/",
        {"meeting_id": hall.plenary.pk, "seats": 1, "office": office},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_the_director_is_not_the_district_head(hall):
    chair = Client()
    assert chair.login(username=hall.officer.username, password=PASSWORD)
    r = _new_office(chair, hall, {"title": "区长", "code": "sc_director"})
    assert r.status_code == 422 and r.json()["code"] == "title_names_another_office"
    r = _new_office(chair, hall, {"title": "区长", "kind": "deputy_head"})
    assert r.status_code == 422 and r.json()["code"] == "kind_mismatch"
    assert "第二十七条" in r.json()["message"]
    r = _new_office(chair, hall, {"title": "某职务", "kind": "head"})
    assert r.status_code == 422 and r.json()["code"] == "office_not_in_catalogue"
    assert not Office.objects.exists()
    r = _new_office(chair, hall, {"title": "主任", "code": "sc_director"})
    assert r.status_code == 201, r.content
    office = r.json()["office"]
    assert (office["code"], office["kind"], office["delegate_only"]) == (
        "sc_director",
        "head",
        True,
    )
    r = _new_office(chair, hall, {"title": "区长"})  # the title names it
    assert r.json()["office"]["code"] == "gov_head"
    assert r.json()["office"]["delegate_only"] is False


@pytest.mark.django_db
def test_a_cppcc_office_keeps_its_kind(hall):
    hall.congress.kind = "cppcc"
    hall.congress.save(update_fields=["kind"])
    chair = Client()
    assert chair.login(username=hall.officer.username, password=PASSWORD)
    r = _new_office(chair, hall, {"title": "政协副主席", "kind": "deputy_head"})
    assert r.status_code == 201, r.content
    assert r.json()["office"]["code"] == "" and r.json()["office"]["kind"] == "deputy_head"


@pytest.mark.django_db
def test_the_page_offers_the_offices_of_the_level(hall):
    chair = Client()
    assert chair.login(username=hall.officer.username, password=PASSWORD)
    page = chair.get(f"/meetings/{hall.plenary.pk}/elections/new/").content.decode()
    assert 'value="sc_director"' in page and 'value="sc_secretary_general"' not in page
    hall.congress.level = Level.CITY
    hall.congress.save(update_fields=["level"])
    page = chair.get(f"/meetings/{hall.plenary.pk}/elections/new/").content.decode()
    assert 'value="sc_secretary_general"' in page
    r = chair.post(
        f"/meetings/{hall.plenary.pk}/elections/new/",
        {
            "title": "市人大常委会秘书长",
            "code": "sc_secretary_general",
            "seats": "1",
            "mode": "paper",
        },
    )
    assert r.status_code == 302
    assert Election.objects.get().office.code == "sc_secretary_general"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "signers", "ok"), [("county", 10, True), ("city", 19, False), ("city", 20, True)]
)
def test_a_joint_nomination_needs_more_delegates_in_a_city_lol_26(hall, level, signers, ok):
    hall.congress.level = level
    hall.congress.save(update_fields=["level"])
    extra = []
    for i in range(signers):
        p = Person.objects.create(name=f"联名{i}")
        Membership.objects.create(
            person=p, organisation=hall.congress, role=Role.DELEGATE, start=hall.term.start
        )
        extra.append(p.pk)
    office = Office.objects.create(body=hall.congress, title="区长", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    nominee = Person.objects.create(name="候选人")
    if ok:
        actions.nominate(election, nominee, hall.officer, by_presidium=False, signer_ids=extra)
        assert Nomination.objects.count() == 1
        return
    with pytest.raises(ActionError) as e:
        actions.nominate(election, nominee, hall.officer, by_presidium=False, signer_ids=extra)
    assert e.value.code == "joint_nomination" and "少于 20 人" in e.value.message
    assert "LOL 26" in e.value.message and not Nomination.objects.exists()
