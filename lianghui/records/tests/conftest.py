"""The records cast: the shared ``hall`` (conftest.py at the root) for actions and pages, and
the demo (the seed replayed) loaded once per module for the chronicle's facts and the export.

- hall.officer: the secretariat (generates, edits, publishes)
- hall.delegate_user: 张三, a delegate of the congress (reads)
- hall.outsider: a signed-in account with no person (reads a public session only)
- anonymous (reads a public session only)
"""

import subprocess

import pytest
from django.db import transaction


@pytest.fixture
def cjk_font():
    """PDF tests need a CJK font (Debian: fonts-noto-cjk); without one they skip, and under
    CI=true a skip fails the run (conftest.py)."""
    try:
        fonts = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        fonts = ""
    if not fonts.strip():
        pytest.skip("no CJK font installed: apt-get install fonts-noto-cjk")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo with its deliberations and oath, loaded once for the module (a load with
    votes and elections takes seconds), rolled back after it."""
    from lianghui.demo.deliberation import replay_deliberations, replay_oath
    from tests.demo_copy import load_demo_once

    with django_db_blocker.unblock(), transaction.atomic():
        accounts = load_demo_once()
        replay_deliberations()
        replay_oath()
        yield accounts
        transaction.set_rollback(True)
