"""The printed ballot and result report: real PDFs, read back with pypdf.

Needs a CJK font (Debian: fonts-noto-cjk). Without one the tests skip; under CI=true a skip
fails the run (conftest.py), and .ci/run installs the fonts first. With LIANGHUI_ARTIFACTS set
(as in CI) the PDFs are kept in $LIANGHUI_ARTIFACTS/print/ to be looked at.
"""

import io
import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.elections import actions
from lianghui.elections.models import Candidate, Election, ElectionState, Office, RoundKind
from lianghui.elections.printing import ballot_pdf, result_report_pdf
from lianghui.people.models import Membership, Person, Role

SESSION = "徐汇区第十七届人民代表大会第五次会议"


@pytest.fixture(autouse=True)
def cjk_font():
    try:
        fonts = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        fonts = ""
    if not fonts.strip():
        pytest.skip("no CJK font installed: apt-get install fonts-noto-cjk")


@pytest.fixture
def congress(hall, decide):
    """The hall with ten delegates (ten may nominate jointly, LOL 26), eight checked in."""
    hall.session.title = SESSION
    hall.session.save(update_fields=["title"])
    for name in ("周一", "吴二", "郑九", "冯十"):
        person = Person.objects.create(name=name)
        Membership.objects.create(
            person=person, organisation=hall.congress, role=Role.DELEGATE, start=hall.term.start
        )
        hall.delegates.append(person)
    for person in hall.delegates[:8]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    hall.decide = decide
    return hall


def _election(hall, title, kind, seats, names, **options):
    """Presidium nominates up to `seats`, ten delegates jointly the rest; slate fixed; officers."""
    office = Office.objects.create(body=hall.congress, title=title, kind=kind)
    election = actions.create_election(hall.plenary, office, seats, hall.officer, **options)
    people = [Person.objects.create(name=n) for n in names]
    for i, person in enumerate(people):
        joint = {"signer_ids": [d.pk for d in hall.delegates]} if i >= seats else {}
        if not joint:
            joint = {"decision": hall.decide.nomination(election, [person])}
        actions.nominate(election, person, hall.officer, by_presidium=i < seats, **joint)
    actions.fix_candidates(
        election, [p.pk for p in people], hall.decide.candidates(election, people), hall.officer
    )
    d = hall.delegates
    actions.appoint_officer(election, d[1], "chief", hall.officer)
    actions.appoint_officer(election, d[2], "scrutineer", hall.officer)
    clerks = []
    for name in ("计票甲", "计票乙"):
        user = User.objects.create_user(f"{title}{name}", password="x")
        person = Person.objects.create(name=name, user=user)
        actions.appoint_officer(election, person, "clerk", hall.officer, user=user)
        clerks.append(user)
    election.refresh_from_db()
    return election, people, clerks


def _keep(name: str, data: bytes) -> bytes:
    if os.environ.get("LIANGHUI_ARTIFACTS"):
        folder = Path(os.environ["LIANGHUI_ARTIFACTS"]) / "print"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return data


def _text(data: bytes) -> str:
    """All pages' text with whitespace removed (lines wrap, spaces around digits vary)."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def _assert_cjk_font(data: bytes):
    fonts = _fonts(data)
    assert any("Noto" in f and "CJK" in f for f in fonts), fonts


def test_court_president_ballot(congress):
    # Nominated 麦 (7 strokes) first, 王 (4 strokes) second: the ballot lists 王 first.
    election, (mai, wang), _ = _election(congress, "区人民法院院长", "head", 1, ["麦珏", "王立平"])
    data = _keep("ballot-court-president.pdf", ballot_pdf(election))
    assert data.startswith(b"%PDF-")
    first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "选举区人民法院院长选票" in first_page
    text = _text(data)
    assert f"{SESSION}选举区人民法院院长选票" in text
    assert text.index("王立平") < text.index("麦珏")
    for words in ("赞成", "反对", "弃权", "○", "×", "另选他人", "所选人数多于应选名额的选票作废"):
        assert words in text, words
    assert "须对相应的候选人投反对票" not in text
    _assert_cjk_font(data)


def test_ballot_in_stroke_order_with_write_ins_only_beside_no(congress):
    names = ["谭平", "张岚", "马力", "丁一"]  # strokes 14, 7, 3, 2 — the reverse of the ballot
    election, _, _ = _election(
        congress, "副区长", "deputy_head", 3, names, write_in_only_beside_no=True
    )
    text = _text(_keep("ballot-deputy-heads.pdf", ballot_pdf(election)))
    positions = [text.index(n) for n in reversed(names)]
    assert positions == sorted(positions), positions
    assert "应选3名，候选人4名（差额1名）" in text
    assert "另选人数不得多于所投反对票的人数" in text
    assert "最多3名" in text


def test_result_report(decide, congress):
    hall = congress
    election, (mai, wang), (clerk1, clerk2) = _election(
        hall, "区人民法院院长", "head", 1, ["麦珏", "王立平"]
    )
    stranger = Person.objects.create(name="路人甲")
    election = actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 8, [hall.delegates[1].pk, hall.delegates[2].pk], hall.officer)
    batch = actions.add_batch(election, 8, hall.officer)
    ballots = (
        [{"marks": {str(mai.pk): "yes", str(wang.pk): "no"}, "write_ins": []}] * 6
        + [{"marks": {str(mai.pk): "yes", str(wang.pk): "yes"}, "write_ins": []}]  # over-vote
        + [{"marks": {}, "write_ins": [stranger.pk]}]
    )
    actions.key_batch(batch, 1, ballots, clerk1)
    actions.key_batch(batch, 2, ballots, clerk2)
    election = actions.count(election, hall.officer)
    election = actions.declare(election, hall.officer, decide.validity(election))
    assert election.state == ElectionState.PUBLISHED

    data = _keep("result-court-president.pdf", result_report_pdf(election))
    text = _text(data)
    assert f"{SESSION}选举区人民法院院长结果报告" in text
    assert text.index("王立平") < text.index("麦珏")  # the slate in ballot order
    for sentence in election.result["sentences"]:
        assert "".join(sentence.split()) in text, sentence
    assert "麦珏得赞成票6票，超过全体代表10人的半数，当选。" in text
    assert "所选人数多于应选名额1张" in text
    assert "路人甲" in text
    assert "总监票人李四" in text and "监票人王五" in text and "计票人计票甲、计票乙" in text
    assert "由mishu于" in text
    _assert_cjk_font(data)


def test_revote_ballot_has_no_write_ins(congress):
    first, (mai, wang), _ = _election(congress, "区人民法院院长", "head", 1, ["麦珏", "王立平"])
    revote = Election.objects.create(
        meeting=first.meeting,
        office=first.office,
        seats=1,
        round_kind=RoundKind.REVOTE,
        previous=first,
    )
    for order, person in enumerate((wang, mai), start=1):
        Candidate.objects.create(election=revote, person=person, order=order)
    text = _text(ballot_pdf(revote))
    assert "选举区人民法院院长选票再次投票（票数相等）" in text
    assert "不能另选他人" in text and "在空格内填写另选人姓名" not in text


def test_report_needs_a_count(congress):
    election, _, _ = _election(congress, "区人民法院院长", "head", 1, ["麦珏", "王立平"])
    with pytest.raises(ValueError):
        result_report_pdf(election)


@pytest.mark.django_db
def test_pdf_pages_are_served_to_those_who_may_see_them(decide, hall):
    from django.test import Client

    from lianghui.elections import actions as el
    from lianghui.elections.models import Office
    from lianghui.people.models import Person

    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = el.create_election(hall.plenary, office, 1, hall.officer)
    assert Client().get(f"/elections/{election.pk}/ballot.pdf").status_code == 404  # no slate yet
    mai = Person.objects.create(name="麦珏")
    el.nominate(
        election, mai, hall.officer, by_presidium=True, decision=decide.nomination(election, [mai])
    )
    el.fix_candidates(election, [mai.pk], decide.candidates(election, [mai.pk]), hall.officer)
    r = Client().get(f"/elections/{election.pk}/ballot.pdf")
    assert (
        r.status_code == 200
        and r["Content-Type"] == "application/pdf"
        and r.content.startswith(b"%PDF")
    )
    assert Client().get(f"/elections/{election.pk}/result.pdf").status_code == 404  # not counted
