"""The English translation: pages switch language, and the committed catalog is complete and fresh.

The msgids are the Chinese source strings, so an untranslated string shows up as Chinese on
an English page, and a .mo compiled before the last .po edit shows stale or missing strings.
"""

import ast
import gettext
import re
from pathlib import Path

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
