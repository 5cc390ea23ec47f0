"""The signed head is published where results are: the public result pages, the printed result
report and chronicle, the open data, the page of a meeting that has ended. Copies of those are
anchors: after a rewrite of the database, `lianghui audit verify --anchors` names it."""

import datetime as dt
import io
import json
import re

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from docx import Document
from pypdf import PdfReader

from lianghui.audit.log import current_head, seal
from lianghui.audit.models import ChainHead, Event
from lianghui.cli import main as cli_main
from lianghui.elections.tests.test_printing import _election, cjk_font, congress  # noqa: F401
from lianghui.records import actions as records
from lianghui.records.api import session_schema
from lianghui.records.opendata import export_session
from lianghui.votes.models import Poll

pytestmark = pytest.mark.django_db

LINE = re.compile(r"#(\d+) ([0-9a-f]{64}) (\S{88}) ([0-9a-f]{16})")


def _pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def _published_on(html: str):
    """The head line a reader copies from a page."""
    match = LINE.search(html)
    assert match, "no audit head on the page"
    return match.group(0)


def _truncate_after(seq):
    with connection.cursor() as c:
        c.execute(f"DELETE FROM {Event._meta.db_table} WHERE seq > %s", [seq])
    last = Event.objects.get(seq=seq)
    ChainHead.objects.filter(id=1).update(seq=seq, hash=last.hash)


def _published_poll(hall):
    return Poll.objects.create(
        meeting=hall.plenary,
        body=hall.congress,
        question="表决通过政府工作报告",
        state="published",
        members_total=6,
        present=5,
        entitled=5,
        yes=5,
        no=0,
        abstain=0,
        passed=True,
        sentence="赞成 5 票，通过。",
    )


def test_a_published_vote_page_shows_the_head_and_it_anchors_the_chain(hall, tmp_path, capsys):
    poll = _published_poll(hall)
    records.generate(hall.session, hall.officer)  # some audited actions
    records.publish(hall.session, hall.officer)
    seal()
    page = Client().get(f"/votes/{poll.pk}/result/").content.decode()
    line = _published_on(page)
    assert line == current_head().line()

    anchors = tmp_path / "anchors.txt"
    anchors.write_text(line + "\n")
    assert cli_main(["audit", "verify", "--anchors", str(anchors)]) == 0
    seq = current_head().seq
    _truncate_after(seq - 1)
    assert cli_main(["audit", "verify", "--anchors", str(anchors)]) == 1
    assert f"#{seq} 已经发布" in capsys.readouterr().err


def test_an_unpublished_vote_page_shows_no_head(hall):
    poll = _published_poll(hall)
    Poll.objects.filter(pk=poll.pk).update(state="closed")
    records.generate(hall.session, hall.officer)
    seal()
    assert not LINE.search(Client().get(f"/votes/{poll.pk}/result/").content.decode())


def test_the_declared_election_page_and_printed_report_carry_the_head(decide, congress):  # noqa: F811
    hall = congress
    election, (mai, wang), (clerk1, clerk2) = _election(
        hall, "区人民法院院长", "head", 1, ["麦珏", "王立平"]
    )
    from lianghui.elections import actions

    election = actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 8, [hall.delegates[1].pk, hall.delegates[2].pk], hall.officer)
    batch = actions.add_batch(election, 8, hall.officer)
    ballots = [{"marks": {str(mai.pk): "yes", str(wang.pk): "no"}, "write_ins": []}] * 8
    actions.key_batch(batch, 1, ballots, clerk1)
    actions.key_batch(batch, 2, ballots, clerk2)
    election = actions.count(election, hall.officer)
    election = actions.declare(election, hall.officer, decide.validity(election))
    seal()
    head = current_head()
    # The declaration itself is inside the published head.
    assert Event.objects.filter(subject=f"elections.election:{election.pk}").latest("seq").seq == (
        head.seq
    )
    page = Client().get(f"/elections/{election.pk}/result/").content.decode()
    assert _published_on(page) == head.line()
    text = _pdf_text(Client().get(f"/elections/{election.pk}/result.pdf").content)
    assert "审计链头" in text and "".join(head.line().split()) in text


def test_the_published_chronicle_pdf_and_word_file_carry_the_head(hall, cjk_font):  # noqa: F811
    records.generate(hall.session, hall.officer)
    records.publish(hall.session, hall.officer)
    seal()
    text = _pdf_text(Client().get(f"/sessions/{hall.session.pk}/chronicle.pdf").content)
    assert "".join(current_head().line().split()) in text
    word = Client().get(f"/sessions/{hall.session.pk}/chronicle.docx").content
    paragraphs = [p.text for p in Document(io.BytesIO(word)).paragraphs]
    assert _published_on(paragraphs[-1]) == current_head().line()


def test_open_data_carries_the_head_and_serves_as_an_anchor_file(hall, tmp_path, capsys):
    _published_poll(hall)
    records.generate(hall.session, hall.officer)
    seal()
    data = export_session(hall.session)
    jsonschema.validate(data, session_schema())
    assert data["meta"]["audit_head"] == current_head().as_dict()
    saved = tmp_path / "session.json"
    saved.write_text(json.dumps(data, ensure_ascii=False))
    assert cli_main(["audit", "verify", "--anchors", str(saved)]) == 0
    # Rewritten and re-signed from scratch, the chain still cannot match the saved file.
    Event.objects.filter(seq=1).update(data={"forged": True})
    assert cli_main(["audit", "verify", "--anchors", str(saved)]) == 1
    assert "#1" in capsys.readouterr().err


def test_the_page_of_a_meeting_that_has_ended_shows_the_head(hall):
    records.generate(hall.session, hall.officer)
    seal()
    url = f"/meetings/{hall.plenary.pk}/"
    c = Client()
    c.force_login(hall.officer)
    assert not LINE.search(c.get(url).content.decode())  # no end time yet
    hall.plenary.ends_at = hall.plenary.starts_at + dt.timedelta(hours=2)  # in 2024: ended
    hall.plenary.save(update_fields=["ends_at"])
    assert _published_on(c.get(url).content.decode()) == current_head().line()
