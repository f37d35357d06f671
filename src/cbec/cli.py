"""The ``cbec`` command for authors and instructors. Messages are plain English."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cbec.paths import course_root


def _build(args: argparse.Namespace) -> int:
    from cbec.build import BuildError, build

    root = Path(args.root).resolve() if args.root else course_root()
    try:
        problems = build(root, check=args.check)
    except BuildError as err:
        print(f"cbec build: {err}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"cbec build: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("cbec build: exercises/ is up to date." if args.check else "cbec build: exercises/ written.")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from cbec.execute import execute_in_place

    for name in args.notebooks:
        path = Path(name)
        print(f"cbec execute: {path}")
        execute_in_place(path)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="cbec", description="Course tools: build exercises, run notebooks.")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write exercises/ from solutions/")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if exercises/ is stale")
    build.add_argument("--root", help="course folder (default: found from the current folder)")
    build.set_defaults(run=_build)
    execute = commands.add_parser("execute", help="run notebooks in place and store their outputs")
    execute.add_argument("notebooks", nargs="+")
    execute.set_defaults(run=_execute)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
