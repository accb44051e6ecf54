"""Command line, the public contract that instructors and tests rely on.

python -m pathway validate [DIR]                      content and question bank, one line per problem
python -m pathway recommend FILE|-                    a scenario (JSON or YAML) in, a recommendation out
python -m pathway questions                           the authored bank as a JSON list
python -m pathway case-question --seed N [--stage S]  one generated case in the same shape
python -m pathway patient --seed N                    one patient followed over months, as JSON
python -m pathway export --format moodle|anki --out F the bank for Moodle or Anki
python -m pathway deck --out ladder.pptx              the lecture deck (PowerPoint)
python -m pathway item-stats [--format table|csv|json] per bank item: answers, share correct, discrimination, flags
python -m pathway check-settings                      the database settings, before serving: one line per problem
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from pydantic import ValidationError

from pathway.clinical.content import DEFAULT_CONTENT_DIR, ContentError, load_content
from pathway.clinical.engine import STAGE_ORDER, recommend
from pathway.clinical.scenario import Scenario, scenario_problems


def _validate(directory: str) -> int:
    from pathway.learn.bank import bank_problems

    try:
        content = load_content(directory)
    except ContentError as exc:
        for line in exc.problems:
            print(line)
        return 1
    problems = bank_problems(directory, set(content.references))
    from pathway.learn.course import load_rules  # the course of "Follow a patient", checked against the content

    try:
        load_rules(content, directory)
    except ContentError as exc:
        problems += exc.problems
    for line in problems:
        print(line)
    if problems:
        return 1
    counts = ", ".join(
        f"{len(getattr(content, k))} {k}" for k in ("steps", "therapies", "references", "differences", "cases")
    )
    from pathway.learn.bank import load_bank

    bank = load_bank(directory, set(content.references))
    print(f"content OK: {counts}, {len(bank)} questions (version {content.meta.version}, {content.meta.date})")
    return 0


def read_scenario(text: str) -> Scenario:
    """Parse a scenario given as JSON or YAML text; raises ValueError with one line per problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as json_error:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ValueError(f"scenario: not valid JSON or YAML ({json_error.msg}, line {json_error.lineno})") from None
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
    try:
        rec = recommend(scenario, content)
    except ValueError as exc:  # a product the content does not know
        print(str(exc), file=sys.stderr)
        return 2
    print(rec.model_dump_json(indent=2))
    return 0


def _questions(directory: str | None) -> int:
    from pathway.learn.bank import load_bank, question_json

    try:
        bank = load_bank(directory)
    except ContentError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    print(json.dumps([question_json(q) for q in bank], indent=2, ensure_ascii=False))
    return 0


def _case_question(seed: int, stage: str | None) -> int:
    from pathway.learn.cases import generate_case, generate_for_stage

    try:
        item = generate_for_stage(stage, seed) if stage else generate_case(seed)
    except ValueError as exc:
        print(f"seed: {exc}", file=sys.stderr)
        return 2
    if item is None:
        print(f"stage: no case found for {stage} from seed {seed}", file=sys.stderr)
        return 1
    print(json.dumps(item, indent=2, ensure_ascii=False))
    return 0


def _patient(seed: int) -> int:
    from pathway.learn.course import course_json, follow_patient

    try:
        course = follow_patient(seed)
    except ValueError as exc:
        print(f"seed: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    print(course_json(course))
    return 0


def _export(fmt: str, out: str, generated: int, first_seed: int) -> int:
    from pathway.learn.export import export_bank

    try:
        path = export_bank(fmt, Path(out), generated, first_seed=first_seed)
    except (ValueError, OSError) as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


def _deck(out: str, join_url: str | None) -> int:
    from pathway.present.deck import write_deck

    try:
        path = write_deck(Path(out), join_url=join_url)
    except (ValueError, OSError) as exc:
        print(f"deck: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


def _item_stats(
    database: str | None, fmt: str, flagged_only: bool, min_learners: int | None, directory: str | None
) -> int:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from pathway.learn.bank import load_bank
    from pathway.store import item_stats
    from pathway.store.db import database_url
    from pathway.store.transactions import build_engine, sqlite_file

    url = database or database_url()
    for prefix in ("postgres://", "postgresql://"):  # as DATABASE_URL is read: through psycopg 3
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    min_learners = min_learners or item_stats.MIN_LEARNERS
    try:
        shown = make_url(url).render_as_string(hide_password=True)
        path = sqlite_file(url)
    except (ArgumentError, ValueError) as exc:
        print(f"item-stats: --database: {exc}", file=sys.stderr)
        return 2
    if path is not None and not path.is_file():
        print(f"item-stats: there is no database at {path} (the app creates it on first use)", file=sys.stderr)
        return 2
    try:
        bank = load_bank(directory)
    except ContentError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    try:
        engine = build_engine(url)  # read only: no migration, the database is left as it is
    except ValueError as exc:
        print(f"item-stats: --database: {exc}", file=sys.stderr)
        return 2
    try:
        stats = item_stats.item_statistics(engine, bank, min_learners)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"item-stats: cannot read the answers in {shown}: {reason}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    shown_stats = item_stats.flagged(stats) if flagged_only else stats
    if fmt == "csv":
        sys.stdout.write(item_stats.stats_csv(shown_stats))
    elif fmt == "json":
        print(item_stats.stats_json(shown_stats))
    else:
        sys.stdout.write(item_stats.stats_table(shown_stats))
        print()
        print(item_stats.stats_note(stats, min_learners))
    return 0


def _check_settings() -> int:
    from pathway.store.db import settings_problems

    problems = settings_problems()
    for line in problems:
        print(line, file=sys.stderr)
    return 2 if problems else 0


def _at_least_one(text: str) -> int:
    value = _seed(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pathway", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the clinical content and the question bank")
    v.add_argument("directory", nargs="?", default=str(DEFAULT_CONTENT_DIR))
    r = sub.add_parser(
        "recommend",
        help="print the recommendation for a scenario (JSON or YAML)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "scenario fields (all optional): age_years, weight_kg, site, scorad, tcs_potency (none, low, medium,\n"
            "high, very_high: the documents' US words), tcs_product (a named steroid, e.g. mometasone_furoate,\n"
            "clobetasone_butyrate: its UK class is what the age and site limits judge; see content/steroids.yaml),\n"
            "applications_per_day, weeks_on_treatment, adherence_confirmed, controlled, signs, tried, qol_impact,\n"
            "phototherapy_access, immunocompromised. Without a product, 'medium' and 'high' count as potent (UK)."
        ),
    )
    r.add_argument("file", help="scenario file, or - for standard input")
    r.add_argument("--content", default=None, help="content directory (default: the bundled content)")
    q = sub.add_parser("questions", help="print the authored question bank as a JSON list")
    q.add_argument("--content", default=None, help="content directory (default: the bundled content)")
    c = sub.add_parser("case-question", help="print one generated case (same shape, kind 'generated')")
    c.add_argument("--seed", type=_seed, required=True, help="same seed, same case")
    c.add_argument("--stage", choices=STAGE_ORDER, help="a case whose answer is this stage")
    pt = sub.add_parser("patient", help="print a patient followed over months as JSON (same seed, same course)")
    pt.add_argument("--seed", type=_seed, required=True, help="same seed, same patient")
    e = sub.add_parser("export", help="export the bank for Moodle (XML) or Anki (.apkg)")
    e.add_argument("--format", choices=("moodle", "anki"), required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--generated", type=_seed, default=0, help="also export this many generated cases")
    e.add_argument("--first-seed", type=_seed, default=0)
    d = sub.add_parser("deck", help="write the lecture deck as a 16:9 PowerPoint file")
    d.add_argument("--out", required=True)
    d.add_argument("--join-url", default=None, help="the live poll's join link, for the QR slide")
    s = sub.add_parser("item-stats", help="per bank item: answers, share correct, discrimination and flags")
    s.add_argument("--database", default=None, help="database URL (default: DATABASE_URL, else the app's SQLite file)")
    s.add_argument("--format", choices=("table", "csv", "json"), default="table")
    s.add_argument("--flagged", action="store_true", help="only the items with a flag")
    s.add_argument(
        "--min-learners", type=_at_least_one, default=None, help="learners an item needs to be judged (default 20)"
    )
    s.add_argument("--content", default=None, help="content directory (default: the bundled content)")
    sub.add_parser("check-settings", help="check DATABASE_URL and the data folder before serving (no connection)")
    args = parser.parse_args(argv)
    if args.command == "check-settings":
        return _check_settings()
    if args.command == "validate":
        return _validate(args.directory)
    if args.command == "recommend":
        return _recommend(args.file, args.content)
    if args.command == "questions":
        return _questions(args.content)
    if args.command == "case-question":
        return _case_question(args.seed, args.stage)
    if args.command == "patient":
        return _patient(args.seed)
    if args.command == "export":
        return _export(args.format, args.out, args.generated, args.first_seed)
    if args.command == "item-stats":
        return _item_stats(args.database, args.format, args.flagged, args.min_learners, args.content)
    return _deck(args.out, args.join_url)


if __name__ == "__main__":
    sys.exit(main())
