"""The English translation: pages switch language, and the committed catalog is complete and fresh.

The msgids are the Chinese source strings, so an untranslated string shows up as Chinese on
an English page, and a .mo compiled before the last .po edit shows stale or missing strings.
"""

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO, MO = LC_MESSAGES / "django.po", LC_MESSAGES / "django.mo"

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
# The switch names each language in that language: "中文" on an English page is meant.
LANGUAGE_SWITCH = re.compile(r'<form[^>]*class="inline lang".*?</form>', re.S)


@pytest.fixture(autouse=True)
def _back_to_default_language():
    # LocaleMiddleware leaves the last request's language active in this thread.
    yield
    translation.deactivate()


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def without_switch(html: str) -> str:
    return LANGUAGE_SWITCH.sub("", html)


def nav(html: str) -> str:
    match = NAV.search(html)
    assert match, "no <nav> on the page"
    return without_switch(match.group(1))


def han(html: str) -> list[str]:
    return sorted(set(HAN.findall(html)))


@pytest.mark.django_db
def test_login_page_in_english():
    html = text(english_client().get(reverse("web:login")))
    assert '<html lang="en">' in html
    for s in ("Sign in", "Username", "Password", "Two Sessions Secretariat System"):
        assert s in html
    assert ">中文</button>" in html  # the way back
    assert not han(without_switch(html)), han(without_switch(html))


@pytest.mark.django_db
def test_home_page_in_english():
    html = text(english_client().get(reverse("web:home")))
    assert "<h1>Sessions</h1>" in html
    assert "No meetings yet." in html
    assert "Sign in" in nav(html)
    assert not han(without_switch(html)), han(without_switch(html))


@pytest.mark.django_db
def test_navigation_in_english_when_signed_in(hall):
    client = english_client()
    assert client.login(username=hall.officer.username, password=PASSWORD)
    html = text(client.get(reverse("web:home")))
    menu = nav(html)
    for s in ("People", "Admin", "Sign out"):
        assert s in menu
    assert not han(menu), han(menu)


@pytest.mark.django_db
def test_set_language_switches_to_english_and_back():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = text(client.get(reverse("web:login")))
    assert "<h1>Sign in</h1>" in html

    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = text(client.get(reverse("web:login")))
    assert "<h1>登录</h1>" in html


@pytest.mark.django_db
def test_accept_language_english():
    html = text(Client().get(reverse("web:login"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "<h1>Sign in</h1>" in html


@pytest.mark.django_db
def test_chinese_by_default():
    login = text(Client().get(reverse("web:login")))
    assert '<html lang="zh-hans">' in login
    assert "<h1>登录</h1>" in login
    assert "Sign in" not in login
    assert ">English</button>" in login
    home = text(Client().get(reverse("web:home")))
    assert "登录" in nav(home)
    assert "<h1>会议</h1>" in home


# -- the catalog ------------------------------------------------------------------------------


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr / msgstr[n], flags.

    Obsolete entries (#~) are left out, as msgfmt leaves them out of the .mo.
    """
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set()}
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith('"'):
            assert entry is not None and key is not None, f"{path}:{lineno}: stray string"
            entry[key] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and entry is not None and "msgid" in entry:
            finish()
            entry = None
        entry = entry or {"flags": set()}
        assert re.fullmatch(r"msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?", keyword), (
            f"{path}:{lineno}: unexpected {keyword!r}"
        )
        key = keyword
        entry[key] = ast.literal_eval(value)
    finish()
    return entries


def msgstrs(entry: dict) -> list[str]:
    return [v for k, v in sorted(entry.items()) if k.startswith("msgstr")]


def test_po_is_complete():
    entries = parse_po(PO)
    header = [e for e in entries if e["msgid"] == "" and "msgctxt" not in e]
    assert len(header) == 1
    assert "fuzzy" not in header[0]["flags"], "the header is still marked fuzzy"
    assert "charset=UTF-8" in header[0]["msgstr"]
    messages = [e for e in entries if e is not header[0]]
    assert len(messages) > 40
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries in {PO.name}: {fuzzy}"
    empty = [e["msgid"] for e in messages if not all(msgstrs(e))]
    assert not empty, f"untranslated entries in {PO.name}: {empty}"
    still_chinese = [e["msgid"] for e in messages if any(HAN.search(s) for s in msgstrs(e))]
    assert not still_chinese, f"Chinese left in the English msgstrs: {still_chinese}"
    # Placeholders ({{ x }} in blocktranslate, %(x)s, {x}) must survive translation.
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
    for e in messages:
        for s in msgstrs(e):
            assert sorted(placeholder.findall(s)) == sorted(placeholder.findall(e["msgid"])), e


def test_mo_matches_po():
    """The committed .mo holds exactly the .po's translations: recompile after every edit."""
    assert MO.exists(), "compile the catalog: see lianghui/locale/README.md"
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    expected = {}
    for e in parse_po(PO):
        if "fuzzy" in e["flags"] and e["msgid"]:
            continue  # msgfmt leaves fuzzy entries out
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            for k, v in e.items():
                if m := re.fullmatch(r"msgstr\[(\d+)\]", k):
                    expected[(msgid, int(m.group(1)))] = v
        elif msgid == "" or e["msgstr"]:
            expected[msgid] = e["msgstr"]
    actual = dict(compiled._catalog)
    # The header's text (with POT-Creation-Date) is not compared, only that it is there.
    assert "" in actual
    expected.pop("", None)
    actual.pop("", None)
    stale = {k: (actual.get(k), v) for k, v in expected.items() if actual.get(k) != v}
    assert not stale, f"{MO.name} is stale, (in .mo, in .po): {stale}"
    extra = sorted(set(actual) - set(expected), key=str)
    assert not extra, f"{MO.name} has entries no longer in {PO.name}: {extra}"


def test_django_loads_the_catalog():
    with translation.override("en"):
        assert translation.gettext("登录") == "Sign in"
        assert translation.gettext("法定人数") == "Quorum"
    with translation.override("zh-hans"):
        assert translation.gettext("登录") == "登录"


# -- labels made in Python: model choices, page helpers -------------------------------------


def _seated(hall, n=5):
    """The first n delegates checked in to the plenary, each with an account."""
    from django.contrib.auth.models import User

    from lianghui.attendance import actions as attendance
    from lianghui.attendance.models import Method

    for i, person in enumerate(hall.delegates[:n]):
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
        if person.user is None:
            person.user = User.objects.create_user(f"en{i}", password=PASSWORD)
            person.save(update_fields=["user"])
    return hall.delegates[:n]


@pytest.fixture
def named_vote(hall):
    """A named electronic vote, published: 3 Yes, 1 No, 王五 did not press; 3 of 6 fails."""
    import secrets

    from lianghui.votes import actions
    from lianghui.votes.actions import PollSettings

    present = _seated(hall)
    poll = actions.create_poll(
        hall.plenary, PollSettings(question="关于通过会议议程的决定", secret=False), hall.officer
    )
    poll, _ = actions.open_poll(poll, hall.officer)
    for person, choice in zip(present, ["yes", "no", None, "yes", "yes"], strict=True):
        if choice:
            actions.cast(poll.pk, person, choice, secrets.token_urlsafe(24), person.user)
    poll = actions.close_poll(poll, hall.officer)
    assert poll.state == "published" and not poll.passed
    return poll


@pytest.mark.django_db
def test_vote_result_page_in_english(hall, named_vote):
    poll = named_vote
    html = text(english_client().get(reverse("votes:result", args=[poll.pk])))
    assert "<th>Result</th><td>Not adopted</td>" in html
    # The roll call's words, the base of the majority and the threshold line are the reader's.
    assert "<td>张三</td><td>Yes</td>" in html and "<td>李四</td><td>No</td>" in html
    assert "<td>王五</td><td>Did not press</td>" in html
    assert "<th>All members</th><td>6</td>" in html
    assert "4 (more than 1/2 of All members, 6)" in html
    # The stored Chinese sentence is the record; the page says it in the reader's language.
    assert "3 votes in favour, not more than half of all 6 delegates: not adopted." in html
    sentence = re.search(r'<p class="sentence big-sentence failed">(.*?)</p>', html).group(1)
    assert not CJK_RUN.search(sentence), sentence
    for chinese in ("<td>赞成</td>", "<td>未按表决器</td>", "全体组成人员", "（超过"):
        assert chinese not in html, chinese

    client = english_client()
    assert client.login(username=hall.officer.username, password=PASSWORD)
    console = text(client.get(reverse("votes:console", args=[poll.pk])))
    for s in (
        "Electronic vote",
        "Majority base: All members 1/2",
        "First press counts",
        "Published",
    ):
        assert s in console, s


@pytest.mark.django_db
def test_vote_result_page_in_chinese_unchanged(named_vote):
    html = text(Client().get(reverse("votes:result", args=[named_vote.pk])))
    assert "<td>张三</td><td>赞成</td>" in html and "<td>王五</td><td>未按表决器</td>" in html
    assert "<th>全体组成人员</th><td>6</td>" in html
    assert "4（超过全体组成人员 6 的 1/2）" in html
    assert "<th>结果</th><td>未通过</td>" in html
    assert "赞成 3 票，未超过全体代表 6 人的半数，未通过。" in html


@pytest.fixture
def declared_election(decide, hall):
    """The court president elected on paper: 4 Yes, 1 ballot found void; declared."""
    from django.contrib.auth.models import User

    from lianghui.elections import actions
    from lianghui.elections.models import Office
    from lianghui.people.models import Person

    _seated(hall)
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = actions.create_election(hall.plenary, office, 1, hall.officer)
    mai = Person.objects.create(name="麦珏")
    actions.nominate(
        election, mai, hall.officer, by_presidium=True, decision=decide.nomination(election, [mai])
    )
    actions.fix_candidates(election, [mai.pk], decide.candidates(election, [mai.pk]), hall.officer)
    d = hall.delegates
    actions.appoint_officer(election, d[1], "chief", hall.officer)
    actions.appoint_officer(election, d[2], "scrutineer", hall.officer)
    clerks = []
    for name in ("计票甲", "计票乙"):
        user = User.objects.create_user(name, password="x")
        person = Person.objects.create(name=name, user=user)
        actions.appoint_officer(election, person, "clerk", hall.officer, user=user)
        clerks.append(user)
    election.refresh_from_db()
    election = actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 5, [d[1].pk], hall.officer)
    batch = actions.add_batch(election, 5, hall.officer)
    ballots = [{"marks": {str(mai.pk): "yes"}, "write_ins": []}] * 4
    ballots.append({"marks": {}, "write_ins": [], "void": True})
    for entry, clerk in enumerate(clerks, start=1):
        actions.key_batch(batch, entry, ballots, clerk)
    election = actions.count(election, hall.officer)
    return actions.declare(election, hall.officer, decide.validity(election))


@pytest.mark.django_db
def test_election_result_page_in_english(declared_election):
    election = declared_election
    html = text(english_client().get(reverse("elections:result", args=[election.pk])))
    assert "Election: 区人民法院院长 (First round)" in html
    assert "Found void by the scrutineers: 1" in html
    assert '<strong class="yes">Elected</strong>' in html
    assert "Chief scrutineer: </span>李四" in html and "Counting clerk: </span>计票甲" in html
    # The stored Chinese sentences are the record; the page says them in the reader's language.
    assert "麦珏: 4 votes, more than half of all 6 delegates: elected." in html
    sentences = re.search(r'<section class="sentences">(.*?)</section>', html, re.S).group(1)
    assert not CJK_RUN.search(sentences.replace("麦珏", "")), sentences
    for chinese in ("总监票人", "计票人：", "监票人认定为废票", "第一轮"):
        assert chinese not in html, chinese

    page = text(english_client().get(reverse("elections:election", args=[election.pk])))
    for s in ("Head", "Paper ballot", "Declared", "Scrutineer: </span>王五"):
        assert s in page, s
    for chinese in ("正职", "纸质选票", "已宣布", "监票人"):
        assert chinese not in page, chinese


@pytest.mark.django_db
def test_election_result_page_in_chinese_unchanged(declared_election):
    html = text(Client().get(reverse("elections:result", args=[declared_election.pk])))
    assert "选举区人民法院院长（第一轮）" in html
    assert "监票人认定为废票：1" in html
    assert "总监票人：</span>李四" in html and "计票人：</span>计票甲" in html
    assert "麦珏 得赞成票 4 票，超过全体代表 6 人的半数，当选。" in html


@pytest.mark.django_db
def test_the_hall_screen_state_is_chinese_whoever_asks(named_vote):
    """One state is pushed to every screen in the hall: its words do not follow the reader."""
    state = english_client().get(reverse("hall:state", args=[named_vote.meeting_id])).json()
    assert state["poll"]["state_label"] == "已公布"
    assert state["meeting"]["kind"] == "全体会议"
    # The result sentence rides in both: the screen shows the record, an English console the other.
    result = state["poll"]["result"]
    assert result["sentence"] == "赞成 3 票，未超过全体代表 6 人的半数，未通过。"
    assert result["sentence_en"] == (
        "3 votes in favour, not more than half of all 6 delegates: not adopted."
    )


@pytest.mark.django_db
def test_the_hall_console_binds_the_sentence_in_the_readers_language(hall, named_vote):
    meeting = named_vote.meeting_id
    for client, key in ((english_client(), "sentence_en"), (Client(), "sentence")):
        assert client.login(username=hall.officer.username, password=PASSWORD)
        html = text(client.get(reverse("hall:console", args=[meeting])))
        assert f'data-bind="poll.result.{key}"' in html, key
    screen = text(english_client().get(reverse("hall:screen", args=[meeting])))
    assert 'data-bind="poll.result.sentence"' in screen


# -- every page, in English, as each demo role sees it -----------------------------------------

# Han characters, CJK punctuation and full-width forms (the full-width colon among them).
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CHECKED_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label", "data-confirm"}
NOT_FOLLOWED = ("/admin/", "/accounts/logout/", "/i18n/", "/static/", "/media/", "/ws/")
PER_SHAPE = 3  # pages visited per URL shape (digits read as one placeholder) and role


class _Page(HTMLParser):
    """The words a reader sees (text, tooltips, confirm questions) and the links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._zh_tag, self._zh_depth = None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        # Text marked lang="zh…" is Chinese on purpose (the oath's words, the column names a
        # spreadsheet must have): the element and what it holds are not checked.
        if self._zh_tag == tag:
            self._zh_depth += 1
        elif not self._zh_tag and (attrs.get("lang") or "").lower().startswith("zh"):
            self._zh_tag, self._zh_depth = tag, 1
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if not self._hidden:
            self.words += [v for k, v in attrs.items() if k in CHECKED_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden = max(0, self._hidden - 1)
        if self._zh_tag == tag:
            self._zh_depth -= 1
            if not self._zh_depth:
                self._zh_tag = None
                self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden:
            self.words.append(data)


# Stored in Chinese as the record, but composed by the code from stored numbers: a page read
# in English says them in English, so they are not users' words the crawl may pass over.
SAID_IN_THE_READERS_LANGUAGE = {("votes.Poll", "sentence")}


def user_data() -> str:
    """Every Chinese text the users (and the demo's seed) stored, one per line.

    Names, titles, questions, filings, speeches: shown as entered, whatever the language.
    """
    from django.apps import apps
    from django.db import models

    texts = []
    for model in apps.get_models():
        if not model.__module__.startswith("lianghui."):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and (model._meta.label, f.name) not in SAID_IN_THE_READERS_LANGUAGE
        ]
        for row in model.objects.values_list(*fields) if fields else ():
            texts += [v for v in row if v and HAN.search(v)]
    return "\n".join(texts)


def chinese_outside(words: list[str], data: str) -> set[str]:
    """The Chinese a page's template or code wrote (not the users): what English lacks.

    A run of Chinese is the users' when it is part of something they stored; punctuation
    is theirs only when it sits inside such a part ("主席团决定：" stored, not "姓名：").
    """
    found = set()
    for text in words:
        for run in CJK_RUN.findall(text):
            if run in data:
                continue
            for han in HAN_RUN.finditer(run):
                if han.group() not in data:
                    found.add(run)
            for i, c in enumerate(run):
                if HAN_RUN.fullmatch(c):
                    continue
                j, k = i, i + 1  # the Han runs on either side of the punctuation
                while j > 0 and HAN_RUN.fullmatch(run[j - 1]):
                    j -= 1
                while k < len(run) and HAN_RUN.fullmatch(run[k]):
                    k += 1
                if not ((j < i and run[j : i + 1] in data) or (k > i + 1 and run[i:k] in data)):
                    found.add(run)
    return found


class Papers:
    """WeasyPrint, as lianghui.pdf.render calls it, typesetting each kind of paper once.

    The crawl fetches a printable paper wherever it is linked, as every role: each fetch
    runs the view, its gate, its queries and its template, and its status is checked. Only
    the typesetting, whose bytes the crawl does not read, is done once per kind (URL shape):
    a session's attendance sheet of 300 delegates is 85 pages and 20 s of WeasyPrint. Each
    app's printing tests check the papers themselves.
    """

    PLACEHOLDER = b"%PDF-1.7\n% typeset once per kind of paper by the crawl\n%%EOF\n"

    def __init__(self, typeset):
        self._typeset = typeset
        self.again = False
        self.typeset = 0

    def html(self, **source):
        papers = self

        class Document:
            def write_pdf(self, **options):
                if papers.again:
                    return papers.PLACEHOLDER
                papers.typeset += 1
                return papers._typeset(**source).write_pdf(**options)

        return Document()


@pytest.fixture
def papers(monkeypatch) -> Papers:
    import weasyprint

    papers = Papers(weasyprint.HTML)
    monkeypatch.setattr(weasyprint, "HTML", papers.html)
    return papers


def shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def crawl(
    client, start: str, data: str, papers=None, printed: set | None = None
) -> tuple[dict, dict]:
    """Follow every link from `start` (PER_SHAPE pages per shape); (dead links, Chinese).

    `printed`: the shapes of the PDFs fetched so far, by any role: fetched again wherever
    they are linked (their status checked), but typeset only the first time (Papers).
    Without `papers` every PDF is typeset.
    """
    papers = papers if papers is not None else SimpleNamespace(again=False)
    printed = printed if printed is not None else set()
    queue, seen, shapes = [(start, "")], {start}, {}
    dead, chinese = {}, {}
    while queue:
        url, source = queue.pop(0)
        if shapes.setdefault(shape(url), 0) >= PER_SHAPE:
            continue
        shapes[shape(url)] += 1
        papers.again = shape(url) in printed
        response = client.get(url)
        papers.again = False
        if response.status_code in (301, 302):
            location = response["Location"]
            if "/accounts/login/" in location and not response.wsgi_request.user.is_authenticated:
                continue
            if location not in seen:
                seen.add(location)
                queue.append((location, url))
            continue
        if response.status_code != 200:
            dead[url] = (response.status_code, source)
            continue
        if response.get("Content-Type", "").startswith("application/pdf"):
            printed.add(shape(url))
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = _Page()
        html = response.content.decode()
        page.feed(LANGUAGE_SWITCH.sub("", html))
        if bad := chinese_outside(page.words, data):
            chinese[url] = sorted(bad)
        if years := re.findall(r"\d{4}Year|\d+Month|\d+Day\b", " ".join(page.words)):
            chinese.setdefault(url, []).extend(years)
        for href in page.links:
            target = urljoin(url, href).split("#")[0]
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(NOT_FOLLOWED) or target in seen:
                continue
            seen.add(target)
            queue.append((target, url))
    return dead, chinese


@pytest.mark.demo
@pytest.mark.django_db
def test_every_page_in_english_for_every_demo_role_has_no_chinese_and_no_dead_links(papers):
    from lianghui.demo import DEMO_PASSWORD, load_demo

    load_demo(proposals=True)
    data = user_data()
    dead, chinese, printed = {}, {}, set()
    for username in (None, "mishu", "daibiao", "weiyuan", "chengban"):
        client = english_client()
        if username:
            assert client.login(username=username, password=DEMO_PASSWORD), username
        role_dead, role_chinese = crawl(client, "/", data, papers, printed)
        dead.update({f"{username}: {u}": v for u, v in role_dead.items()})
        chinese.update({f"{username}: {u}": v for u, v in role_chinese.items()})
    assert printed and papers.typeset == len(printed)  # every kind of paper typeset once
    assert not dead, f"links that answer an error (status, page showing the link): {dead}"
    assert not chinese, "Chinese on English pages:\n" + "\n".join(
        f"{u}: {v}" for u, v in sorted(chinese.items())
    )
