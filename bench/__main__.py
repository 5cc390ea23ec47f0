import argparse
import importlib
import json
import os
import sys

from bench import guard

BENCHMARKS = {
    "pages": "bench.pages",
    "votes": "bench.votes",
    "count": "bench.count",
    "screens": "bench.screens",
    "proposals": "bench.proposals",
    "slips": "bench.slips",
    "ballots": "bench.ballots",
    "demo": "bench.demo",
    "verify": "bench.verify",
    "seats": "bench.seats",
    "batch": "bench.batch",
}


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="lianghui benchmarks (JSON on stdout)"
    )
    parser.add_argument("name", choices=sorted(BENCHMARKS))
    args, rest = parser.parse_known_args()
    # Before anything is imported or set up: no benchmark may wipe a database not its own.
    if reason := guard.refusal(os.environ.get("DATABASE_URL", ""), guard.FLAG in rest):
        raise SystemExit(reason)
    module = importlib.import_module(BENCHMARKS[args.name])
    result = module.run(rest)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
