"""Sign-in slips: issuing them for a whole congress, and laying out their PDF.

    python -m bench slips [--delegates 300] [--pdf-people 300]

On a fresh SQLite file (a temporary LIANGHUI_DATA_DIR; DATABASE_URL is ignored):
``load_demo(delegates=N, votes=False)``, then, as the demo's secretariat:

1. issue: ``lianghui.accounts.actions.issue_slips`` for the congress session's whole roster
   (an account with an unusable password for each delegate without one, a slip each, one
   audit event), timed once;
2. pdf: ``lianghui.accounts.printing.slips_pdf`` for the first ``--pdf-people`` of those slips
   (QR codes, WeasyPrint layout in the Noto CJK fonts, font subsetting), timed once.

Wall time and this process's CPU time (the steadier figure when other work shares the
machine: see "machine"). JSON on stdout, progress on stderr.
"""

import argparse
import os
import sys
import tempfile
import time


def _say(*parts) -> None:
    print("[bench slips]", *parts, file=sys.stderr, flush=True)


def _timed(fn, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3)


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench slips")
    parser.add_argument("--delegates", type=int, default=300)
    parser.add_argument("--pdf-people", type=int, default=300)
    args = parser.parse_args(argv)

    os.environ.pop("DATABASE_URL", None)
    os.environ["LIANGHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="lianghui-bench-slips-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from lianghui.accounts import actions, printing
    from lianghui.demo import ACCOUNTS, load_demo
    from lianghui.sessions.models import Session

    _say(f"loading the demo with {args.delegates} delegates")
    load_demo(delegates=args.delegates, votes=False)
    session = Session.objects.get(term__body__kind="congress", number=5)
    actor = get_user_model().objects.get(username=ACCOUNTS.secretariat)

    _say("issuing")
    issue, issue_wall, issue_cpu = _timed(actions.issue_slips, session, actor)
    issued = len(issue.printed)
    issue.printed = issue.printed[: args.pdf_people]
    _say(f"laying out {len(issue.printed)} slips")
    pdf, pdf_wall, pdf_cpu = _timed(
        printing.slips_pdf,
        issue,
        lambda token: f"https://hall.example.org/signin/{token}/",
        "https://hall.example.org/signin/",
    )
    n = len(issue.printed)
    return {
        "benchmark": "slips",
        "delegates": args.delegates,
        "issue": {
            "slips": issued,
            "accounts_created": issue.accounts_created,
            "wall_s": issue_wall,
            "cpu_s": issue_cpu,
        },
        "pdf": {
            "slips": n,
            "pages": -(-n // printing.SLIPS_PER_PAGE),
            "bytes": len(pdf),
            "wall_s": pdf_wall,
            "cpu_s": pdf_cpu,
            "cpu_ms_per_slip": round(pdf_cpu * 1000 / max(n, 1), 1),
        },
        "machine": {"cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)},
    }


if __name__ == "__main__":
    import json

    json.dump(run(sys.argv[1:]), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
