"""Three scrutineers' pages make the tally key: each browser generates its own share.

The secrets never reach the server; the test reads one back only from the passphrase-
protected backup file a trustee exports, and checks it against the published key.
"""

import hashlib
import hmac
import json

import pytest
from django.contrib.auth.models import User

from conftest import PASSWORD
from lianghui.ballots import elgamal as E
from lianghui.ballots import group as G
from lianghui.ballots import threshold as T
from lianghui.scrutiny import actions
from lianghui.scrutiny.models import TallyKey
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_backup(path, passphrase: str) -> tuple[dict, int]:
    """Open a backup file as docs/secret-ballots.md describes (PBKDF2 + XOR + HMAC)."""
    backup = json.loads(path.read_text(encoding="utf-8"))
    salt = bytes.fromhex(backup["kdf"]["salt"])
    material = hashlib.pbkdf2_hmac(
        "sha256", passphrase.encode(), salt, backup["kdf"]["iterations"], 64
    )
    ct = bytes.fromhex(backup["ciphertext"])
    header = f"{backup['format']}|{backup['ceremony']}|{backup['trustee']}".encode()
    tag = hmac.new(material[32:], header + salt + ct, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(tag, backup["tag"]), "wrong passphrase or changed file"
    share = int.from_bytes(bytes(a ^ b for a, b in zip(ct, material[:32], strict=True)), "little")
    return backup, share


def test_three_trustee_pages_make_the_key(browser, asgi_server, hall, tmp_path):
    people = hall.delegates[:3]
    for i, person in enumerate(people):
        person.user = User.objects.create_user(f"jianpiao{i}", password=PASSWORD)
        person.save(update_fields=["user"])
    key = actions.start(hall.plenary, [p.pk for p in people], None, hall.officer)
    contexts, pages = [], []
    for person in people:
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
        )
        page = context.new_page()
        sign_in(page, asgi_server.url, person.user.username, PASSWORD)
        page.goto(f"{asgi_server.url}/tally-keys/{key.pk}/")
        contexts.append(context)
        pages.append(page)
    for page in pages:
        page.wait_for_selector("text=计票公钥已发布", timeout=60_000)
    key = TallyKey.objects.get(pk=key.pk)
    assert key.phase == "ready" and len(key.public_key) == 64
    pages[0].reload()
    assert key.public_key in pages[0].inner_text("code.public-key")
    screenshot(pages[0], "key-ceremony-ready")

    # Two trustees export their backups; together they decrypt under the published key.
    shares = {}
    for index in (1, 3):
        page = pages[index - 1]
        page.reload()
        page.fill("input[name=passphrase]", "监票人的备份口令-123")
        with page.expect_download() as download:
            page.click("text=导出密钥份额备份")
        path = tmp_path / f"share-{index}.json"
        download.value.save_as(path)
        backup, share = read_backup(path, "监票人的备份口令-123")
        assert backup["trustee"] == index and backup["ceremony"] == key.ceremony
        assert G.base_mul(share).hex() == key.verification_keys[index - 1]
        shares[index] = share
        with pytest.raises(AssertionError):
            read_backup(path, "wrong passphrase")
    y = G.point_from_str(key.public_key)
    c, _ = E.encrypt(y, 1)
    factors = {j: [G.mul(s, c.alpha)] for j, s in shares.items()}
    (ax,) = T.combine(factors, 2)
    assert G.sub(c.beta, ax) == G.base_mul(1)
    # no single share is the key
    assert all(G.base_mul(s) != y for s in shares.values())
    for context in contexts:
        context.close()
