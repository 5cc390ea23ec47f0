import argparse
import importlib
import json
import sys

BENCHMARKS = {
    "pages": "bench.pages",
    "votes": "bench.votes",
    "count": "bench.count",
    "screens": "bench.screens",
    "proposals": "bench.proposals",
}


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="lianghui benchmarks (JSON on stdout)"
    )
    parser.add_argument("name", choices=sorted(BENCHMARKS))
    args, rest = parser.parse_known_args()
    module = importlib.import_module(BENCHMARKS[args.name])
    result = module.run(rest)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
