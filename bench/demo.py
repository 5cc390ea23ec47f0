"""Loading the demo: the seed replayed with 300 delegates (votes and elections included) and
with 3,000 delegates (without the votes' key presses).

    python -m bench demo [--delegates 300 3000]

Each load on a fresh SQLite file (a temporary LIANGHUI_DATA_DIR; DATABASE_URL is ignored),
migrated first; wall time and this process's CPU time (the steadier figure when other work
shares the machine). JSON on stdout, progress on stderr.
"""

import argparse
import os
import sys
import tempfile
import time


def _say(*parts) -> None:
    print("[bench demo]", *parts, file=sys.stderr, flush=True)


def run(argv) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench demo")
    parser.add_argument("--delegates", type=int, nargs="+", default=[300, 3000])
    args = parser.parse_args(argv)

    os.environ.pop("DATABASE_URL", None)
    os.environ["LIANGHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="lianghui-bench-demo-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianghui.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lianghui.demo import load_demo

    loads = []
    for delegates in args.delegates:
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        votes = delegates <= 300  # 3,000 key presses per electronic vote: another benchmark's
        _say(f"loading the demo with {delegates} delegates (votes: {votes})")
        wall, cpu = time.perf_counter(), time.process_time()
        load_demo(delegates=delegates, votes=votes)
        loads.append(
            {
                "delegates": delegates,
                "votes": votes,
                "wall_s": round(time.perf_counter() - wall, 3),
                "cpu_s": round(time.process_time() - cpu, 3),
            }
        )
        connection.close()
    return {"benchmark": "demo", "loads": loads, "load_average": os.getloadavg()}
