"""Shared test cast and data: a small congress with a session, its plenary and a group
meeting, and a roster.

Under CI=true no test may skip (a skip there hides a missing service or browser),
so a skipped test turns the run red.
"""

import datetime as dt
import os
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import pytest

from lianghui.env import redis_channel_prefix

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "test-password-1"
# Ed25519 private key (base64 of 32 bytes) that signs the audit chain in tests.
TEST_AUDIT_KEY = "dGVzdC1vbmx5LWF1ZGl0LWtleS1mb3ItbGlhbmdodWk="


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(
            f"CI=true: {skipped} test(s) skipped; a skip in CI is a failure.", red=True
        )
        session.exitstatus = 1


def pytest_collection_modifyitems(config, items):
    """Mark `demo` every test that loads the whole demo (seconds each): those that use a
    fixture named demo…, and the demo's own tests. `-m "not demo"` leaves them out."""
    demo = pytest.mark.demo
    for item in items:
        names = getattr(item, "fixturenames", ())
        if any(name.startswith("demo") for name in names) or "/demo/tests/" in item.nodeid:
            item.add_marker(demo)
    _slow_modules_first(items)


def _slow_modules_first(items):
    """The modules that load the demo, then those that drive Chromium, before the rest.

    pytest-xdist hands out whole modules in this order (--dist loadfile with
    --no-loadscope-reorder): a module of minutes handed out last keeps one worker busy
    alone at the end of the run while the others wait.
    """

    def weight(item):
        if item.get_closest_marker("demo"):
            return 2
        return 1 if item.get_closest_marker("browser") else 0

    modules: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        modules[module] = max(modules.get(module, 0), weight(item))
    items.sort(key=lambda item: -modules[item.nodeid.split("::")[0]])


NO_CJK_FONTS = (
    "no CJK font installed (apt-get install fonts-noto-cjk): lianghui refuses to print PDFs "
    "without one, so this test cannot run here"
)


@pytest.fixture(autouse=True)
def _pdfs_need_cjk_fonts(monkeypatch):
    """Where the Noto CJK fonts are missing, a test that prints a PDF is skipped, not failed.

    lianghui.pdf.render refuses to print without them (FontsMissing); here the font check it
    makes is replaced by a skip of the test that reached it. Under CI=true the skip fails the
    run (pytest_sessionfinish above), so CI always prints.
    """
    from lianghui import pdf

    if pdf.cjk_fonts_installed():
        return

    def skip_the_test():
        pytest.skip(NO_CJK_FONTS)

    skip_the_test.cache_clear = lambda: None
    monkeypatch.setattr(pdf, "cjk_fonts_installed", skip_the_test)


@pytest.fixture
def hall(db):
    """A congress of 6 delegates in two delegations, one session, one plenary."""
    from django.contrib.auth.models import User

    from lianghui.people.access import secretariat_group
    from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
    from lianghui.sessions.models import AgendaItem, Meeting, MeetingKind, Session, Term

    congress = Organisation.objects.create(kind=OrgKind.CONGRESS, name="测试区人民代表大会")
    east = Organisation.objects.create(kind=OrgKind.DELEGATION, name="东区代表团", parent=congress)
    west = Organisation.objects.create(kind=OrgKind.DELEGATION, name="西区代表团", parent=congress)
    term = Term.objects.create(body=congress, number=17, start=dt.date(2022, 1, 1))
    session = Session.objects.create(
        term=term,
        number=5,
        title="测试区第十七届人民代表大会第五次会议",
        start_date=dt.date(2024, 1, 10),
        end_date=dt.date(2024, 1, 12),
        venue="会堂",
    )
    plenary = Meeting.objects.create(
        session=session,
        kind=MeetingKind.PLENARY,
        title="第一次全体会议",
        starts_at=dt.datetime(2024, 1, 10, 10, 0, tzinfo=SHANGHAI),
        venue="会堂",
        checkin_open=True,
        self_checkin=True,
    )
    group = Meeting.objects.create(
        session=session,
        kind=MeetingKind.GROUP,
        title="东区代表团分组审议",
        group=east,
        starts_at=dt.datetime(2024, 1, 10, 14, 0, tzinfo=SHANGHAI),
        checkin_open=True,
    )
    delegates = []
    for i, name in enumerate(["张三", "李四", "王五", "赵六", "钱七", "孙八"]):
        person = Person.objects.create(name=name, gender="M" if i % 2 else "F")
        Membership.objects.create(
            person=person, organisation=congress, role=Role.DELEGATE, start=term.start
        )
        Membership.objects.create(
            person=person,
            organisation=east if i < 3 else west,
            role=Role.GROUP_MEMBER,
            start=term.start,
        )
        delegates.append(person)
    AgendaItem.objects.create(
        meeting=plenary,
        order=1,
        kind="report",
        title="政府工作报告",
        presenter=delegates[0],
        presenter_title="区长",
    )

    officer = User.objects.create_user("mishu", password=PASSWORD, is_staff=True)
    officer.groups.add(secretariat_group())
    delegate_user = User.objects.create_user("daibiao", password=PASSWORD)
    delegates[0].user = delegate_user
    delegates[0].save(update_fields=["user"])
    outsider_user = User.objects.create_user("outsider", password=PASSWORD)
    guest = Person.objects.create(name="列席人")

    class Hall:
        pass

    h = Hall()
    h.congress, h.east, h.west, h.term, h.session = congress, east, west, term, session
    h.plenary, h.group, h.delegates, h.guest = plenary, group, delegates, guest
    h.officer, h.delegate_user, h.outsider = officer, delegate_user, outsider_user
    return h


@pytest.fixture
def scrutineers(hall):
    """The plenary's tally key, made by three delegates' devices played in this process
    (lianghui.scrutiny.testing): a secret electronic vote is encrypted and needs it."""
    from lianghui.scrutiny.testing import key_ceremony

    return key_ceremony(hall.plenary, hall.delegates[3:], hall.officer, password=PASSWORD)


@pytest.fixture
def decide(hall):
    """The presidium of the hall's session (its first four delegates) meets, all four present,
    and decides by show of hands: decide(subject, text, **matter) -> the adopted Decision
    (``yes=``/``no=`` set the hands). The meeting is ``hall.presidium_meeting``."""
    from lianghui.attendance import actions as attendance
    from lianghui.attendance.models import Method
    from lianghui.presidium import actions as presidium
    from lianghui.sessions.models import Meeting, MeetingKind

    members = hall.delegates[:4]
    presidium.set_members(hall.session, [p.pk for p in members], hall.officer)
    meeting = Meeting.objects.create(
        session=hall.session,
        kind=MeetingKind.PRESIDIUM,
        title="主席团第一次会议",
        starts_at=dt.datetime(2024, 1, 10, 9, 0, tzinfo=SHANGHAI),
        checkin_open=True,
    )
    for person in members:
        attendance.check_in(meeting, person, Method.DESK, hall.officer)
    hall.presidium_meeting = meeting

    class Decide:
        def __call__(self, subject, text="主席团决定。", *, yes=None, no=0, **matter):
            return presidium.decide_by_show_of_hands(
                meeting, subject, text, hall.officer, matter=matter, yes=yes, no=no
            )

        @staticmethod
        def _ids(people):
            return [getattr(p, "pk", p) for p in people]

        def nomination(self, election, people):
            return self(
                "nomination", "主席团决定提名。", election=election.pk, persons=self._ids(people)
            )

        def candidates(self, election, people):
            return self(
                "candidates",
                "主席团决定正式候选人名单。",
                election=election.pk,
                persons=self._ids(people),
            )

        def next_round(self, election, people):
            return self(
                "next_round",
                "主席团决定下一轮投票的候选人。",
                election=election.pk,
                persons=self._ids(people),
            )

        def validity(self, election, valid=True):
            text = "主席团决定：选举有效。" if valid else "主席团决定：选举无效。"
            return self("validity", text, election=election.pk, valid=valid)

    return Decide()


def pytest_configure(config):
    from django.conf import settings

    _own_redis_database_per_worker(settings)

    from tests import openapi_responses

    # Every JSON answer of the API is checked against docs/openapi.json (tests/openapi_responses.py).
    openapi_responses.install()

    # Fast hashing in tests: sign-in is exercised, not the cost of PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The audit chain's signing key for tests (public, fixed): no key file is written.
    if not (settings.AUDIT_SIGNING_KEY or settings.AUDIT_SIGNING_KEY_FILE):
        settings.AUDIT_SIGNING_KEY = TEST_AUDIT_KEY


def _own_redis_database_per_worker(settings):
    """Under pytest-xdist each worker gets its own Redis database (10, 11, …).

    Each worker has its own test database, so both number their meetings from 1: sharing
    one Redis database, one worker's hall state and pushes would land in the other's tests.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not (settings.REDIS_URL and worker.startswith("gw")):
        return
    parts = urlsplit(settings.REDIS_URL)
    if parts.scheme not in {"redis", "rediss"}:
        return
    url = urlunsplit(parts._replace(path=f"/{10 + int(worker[2:])}"))
    settings.REDIS_URL = url
    settings.CACHES["default"]["LOCATION"] = url
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    for host in config["hosts"]:
        host["address"] = url
    # Publish/subscribe channels ignore the database number: the prefix keeps them apart.
    config["prefix"] = redis_channel_prefix(url, settings.CACHE_PREFIX)


@pytest.fixture(scope="session", autouse=True)
def _close_connection_pools(django_db_setup, django_db_blocker):
    """Close PostgreSQL connection pools before the test database is dropped."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for conn in connections.all():
            close_pool = getattr(conn, "close_pool", None)
            if close_pool is not None:
                close_pool()
            if conn.vendor == "postgresql":
                # A fresh connection of its own, whatever state the last test left the kept
                # one in.
                conn.close()
                # Threads that outlive their test may still hold a connection (asgiref's
                # shared thread, the cast writer; a uvicorn test server ends its own threads'
                # as it stops, tests/browser/conftest.py): PostgreSQL would refuse to drop the
                # test database, and it would be left behind after every run.
                with conn.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                conn.close()
