"""The demo data set: the seed newspaper page (徐汇区 两会, January 2024) replayed as data.

``load_demo()`` writes the two bodies, their sessions, meetings, agenda items, presiding
officers, the people the page names, synthetic delegates and members to fill the halls,
three sign-in accounts, the attendance of the meetings already held, their votes and their
paper-ballot elections (replayed through the vote and election actions with invented counts;
``votes=False`` skips both).
What the page states is stored with ``synthetic=False``; everything invented to fill the
gaps is marked ``synthetic=True`` (people, memberships, organisations) or
``synthetic_time=True`` (meeting times the page does not give).

This module imports no models, so ``from lianghui.demo import load_demo`` works before
Django is set up; the loader itself lives in ``lianghui.demo.seed``.
"""

from dataclasses import dataclass

DEMO_PASSWORD = "lianghui-demo"


@dataclass
class DemoAccounts:
    secretariat: str
    delegate: str
    cppcc_member: str


ACCOUNTS = DemoAccounts(secretariat="mishu", delegate="daibiao", cppcc_member="weiyuan")


def __getattr__(name: str):
    # The loader and its check import the models: they are fetched from lianghui.demo.seed
    # only when asked for, so that this module can be imported before Django is set up.
    if name in ("load_demo", "demo_loaded"):
        from lianghui.demo import seed

        return getattr(seed, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "DemoAccounts", "demo_loaded", "load_demo"]
