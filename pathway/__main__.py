"""Command line: ``python -m pathway validate [DIR]`` and ``python -m pathway recommend FILE|-``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from pydantic import ValidationError

from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError, load_content
from pathway.clinical.engine import recommend
from pathway.clinical.scenario import Scenario, scenario_problems


def _validate(directory: str) -> int:
    try:
        content = load_content(directory)
    except ContentError as exc:
        for line in exc.problems:
            print(line)
        return 1
    counts = ", ".join(
        f"{len(getattr(content, k))} {k}" for k in ("steps", "therapies", "references", "differences", "cases")
    )
    print(f"content OK: {counts} (version {content.meta.version}, {content.meta.date})")
    return 0


def read_scenario(text: str) -> Scenario:
    """Parse a scenario given as JSON or YAML text; raises ValueError with one line per problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as json_error:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ValueError(f"scenario: not valid JSON or YAML ({json_error.msg}, line {json_error.lineno})")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValueError("scenario: expected an object with scenario fields")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ValueError("\n".join(scenario_problems(exc))) from None


def _recommend(source: str, directory: str | None) -> int:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"scenario: cannot read {source}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        scenario = read_scenario(text)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        content = load_content(directory)
    except ContentError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    print(recommend(scenario, content).model_dump_json(indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pathway", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the clinical content")
    v.add_argument("directory", nargs="?", default=str(DEFAULT_CONTENT_DIR))
    r = sub.add_parser("recommend", help="print the recommendation for a scenario (JSON or YAML)")
    r.add_argument("file", help="scenario file, or - for standard input")
    r.add_argument("--content", default=None, help="content directory (default: the bundled content)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.directory)
    return _recommend(args.file, args.content)


if __name__ == "__main__":
    sys.exit(main())
