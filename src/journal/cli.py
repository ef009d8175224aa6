"""The command line: `journal [--data-dir DIR] SUBCOMMAND`, or the window when bare.

Kept import-light: argparse and the pure domain modules load at start; the
store (SQLAlchemy) loads only when a sub-command needs the journal, and Qt only
when the window is opened. Errors are one line on stderr starting "journal: ".
Exit status: 0 saved or shown, 1 the journal file cannot be used, 2 invalid
input (nothing saved).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from journal import __version__, cli_data
from journal.domain.amounts import MG_PER_G, format_amount, format_g, parse_amount
from journal.domain.entities import (
    Break,
    Citation,
    Finding,
    Form,
    Intake,
    PainCheckin,
    Product,
    Severity,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.errors import InvalidInput, NeedsConfirmation
from journal.domain.times import Moment, parse_when

if TYPE_CHECKING:
    from journal.reports.importing import ImportPlan
    from journal.service import IntakeCheck, Journal, Today

PROG = "journal"
EXIT_OK, EXIT_FILE, EXIT_INPUT = 0, 1, 2
DEMO_YEARS, DEMO_SEED, DEMO_MAX_YEARS = 2.0, 1, 30
DEMO_PREFIX = "kratom-journal-demo-"
CITED = "cited range"  # journal.domain.guidance.CITED, without importing the rules module early
RED_FLAG_LINE = (
    "This can be a sign of liver trouble, which the sources link to long-term use: "
    "please see a clinician soon."
)
_ROLLING_RULES = {"upper-limit-24h", "personal-daily-limit"}
_UNIT_WORDS = {"g": Unit.G, "caps": Unit.CAPS, "cap": Unit.CAPS, "capsule": Unit.CAPS, "capsules": Unit.CAPS}


# -- argument parsing ----------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with the journal's one-line error format (still exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{PROG}: {message} (see `{self.prog} --help`)\n")


def _unit(text: str) -> Unit:
    try:
        return _UNIT_WORDS[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"unit must be g or caps, not {text!r}") from None


def _severity(text: str) -> int:
    words = {s.word: int(s) for s in Severity}
    if text.strip().lower() in words:
        return words[text.strip().lower()]
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"severity is 0-4 or one of {', '.join(words)}, not {text!r}"
        ) from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use the form 2026-03-20") from None


def _years(text: str) -> float:
    try:
        years = float(text)
    except ValueError:
        years = float("nan")
    if not 0 < years <= DEMO_MAX_YEARS:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"years must be more than 0 and at most {DEMO_MAX_YEARS}, not {text!r}"
        )
    return years


def build_parser() -> argparse.ArgumentParser:
    # --data-dir works before or after the sub-command; SUPPRESS keeps the
    # top-level value unless it is given again later.
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    json_flag = _Parser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    at_flag = _Parser(add_help=False)
    at_flag.add_argument(
        "--at",
        metavar="TIME",
        help="when it happened, ISO 8601 local time (2026-03-10T08:30, or 08:30 for today; "
        "add an offset such as +01:00 for a repeated hour); default now",
    )
    note_flag = _Parser(add_help=False)
    note_flag.add_argument("--note", default="", metavar="TEXT", help="a note (any text)")
    entry = [common, at_flag, note_flag, json_flag]

    parser = _Parser(
        prog=PROG,
        description="A private, offline kratom dose and symptom journal. "
        "Without a sub-command it opens the window.",
        epilog="Data folder: --data-dir, else $JOURNAL_DATA_DIR, else the user data folder.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="use the journal in this folder")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"open the window on a throwaway demonstration journal of made-up entries "
        f"({DEMO_YEARS:g} years), deleted when the window closes",
    )
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    log = commands.add_parser("log", help="log an intake, a symptom or a pain check-in", parents=[common])
    what = log.add_subparsers(dest="what", metavar="WHAT", required=True)

    intake = what.add_parser("intake", help="log an intake: journal log intake 4.5 [g|caps]", parents=entry)
    intake.add_argument("amount", metavar="AMOUNT", help="how much, e.g. 4.5 or 4,5")
    intake.add_argument(
        "unit", metavar="UNIT", nargs="?", type=_unit, default=Unit.G, help="g (default) or caps"
    )
    intake.add_argument(
        "--form",
        choices=[f.value for f in Form],
        help="default: the product's usual form, else capsules for caps, else powder",
    )
    intake.add_argument("--product", metavar="NAME", help="a product by name (created if new)")
    intake.add_argument("--estimate", action="store_true", help="the amount is an estimate")
    intake.add_argument("--confirm", action="store_true", help="save an unusually large amount")
    intake.set_defaults(func=_log_intake)

    symptom = what.add_parser(
        "symptom", help="rate a symptom 0-4: journal log symptom nausea --severity 2", parents=entry
    )
    symptom.add_argument("name", metavar="NAME", help="symptom key or label (see `journal symptoms`)")
    symptom.add_argument(
        "--severity",
        required=True,
        type=_severity,
        metavar="N",
        help="0 none, 1 mild, 2 moderate, 3 severe, 4 extreme (number or word)",
    )
    symptom.add_argument("--area", default="", metavar="AREA", help="body area, e.g. scalp")
    symptom.set_defaults(func=_log_symptom)

    pain = what.add_parser("pain", help="a pain check-in 0-10: journal log pain 6", parents=entry)
    pain.add_argument("pain_now", metavar="N", type=int, help="pain now, 0-10")
    pain.add_argument(
        "--peg",
        nargs=3,
        type=int,
        metavar=("PAIN", "ENJOYMENT", "ACTIVITY"),
        help="the three PEG items, 0-10 each (past week)",
    )
    pain.add_argument("--mood", type=int, metavar="N", help="mood, 0-10")
    pain.set_defaults(func=_log_pain)

    brk = commands.add_parser("break", help="start or end a break", parents=[common])
    brk_what = brk.add_subparsers(dest="what", metavar="start|end", required=True)
    start = brk_what.add_parser("start", help="start a break now", parents=[common, json_flag])
    start.add_argument("--until", type=_day, metavar="DATE", help="goal date, e.g. 2026-03-20")
    start.add_argument("--reason", default="", metavar="TEXT", help="why, or the goal")
    start.set_defaults(func=_break_start)
    end = brk_what.add_parser("end", help="end the running break", parents=[common, json_flag])
    end.add_argument("--note", default="", metavar="TEXT", help="how it went")
    end.set_defaults(func=_break_end)

    today = commands.add_parser(
        "today", help="today's totals, time since the last dose, break or streak", parents=[common, json_flag]
    )
    today.set_defaults(func=_today)

    symptoms = commands.add_parser("symptoms", help="list the symptom catalogue", parents=[common, json_flag])
    symptoms.set_defaults(func=_symptoms)

    products = commands.add_parser("products", help="list products, or add one", parents=[common, json_flag])
    products.set_defaults(func=_products)
    prod_what = products.add_subparsers(dest="what", metavar="add")
    add = prod_what.add_parser("add", help="add a product", parents=[common, json_flag])
    add.add_argument("name", metavar="NAME")
    add.add_argument("--form", choices=[f.value for f in Form], default=Form.POWDER.value, help="usual form")
    add.add_argument("--capsule-g", metavar="G", help="grams of leaf in one capsule")
    add.add_argument("--leaf-factor", metavar="X", help="grams of leaf one gram of this extract equals")
    add.add_argument("--vendor", default="", metavar="TEXT")
    add.add_argument("--strain", default="", metavar="TEXT")
    add.add_argument("--batch", default="", metavar="TEXT")
    add.add_argument("--purity-tested", action="store_true")
    add.add_argument("--note", default="", metavar="TEXT")
    add.set_defaults(func=_product_add)

    export = commands.add_parser(
        "export",
        help="write the whole journal to a JSON file, or to CSV files in a zip",
        parents=[common, json_flag],
    )
    export.add_argument("-o", "--output", required=True, metavar="PATH", help="the file to write")
    export.add_argument(
        "--format",
        choices=["json", "csv"],
        help="json (the whole journal, for moving it) or csv (a zip of one CSV file per kind, for "
        "spreadsheets); default: from the file name (.json, or .zip/.csv)",
    )
    export.set_defaults(func=_export)

    imp = commands.add_parser(
        "import",
        help="add entries from an export of this app (JSON, CSV) or of PsychonautWiki Journal",
        parents=[common, json_flag],
    )
    imp.add_argument(
        "path", metavar="PATH", help="a .json file, a .zip of CSV files, a .csv file or a folder"
    )
    imp.add_argument("--yes", action="store_true", help="import without asking (needed without a terminal)")
    imp.add_argument("--dry-run", action="store_true", help="only show what would be imported")
    imp.set_defaults(func=_import)

    report = commands.add_parser(
        "report",
        help="write the clinician summary PDF for a period",
        parents=[common, json_flag],
    )
    report.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE")
    report.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE")
    report.add_argument("--no-notes", action="store_true", help="leave your notes out")
    report.add_argument("--name", metavar="TEXT", help="a name to print on the report (default: none)")
    report.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    report.set_defaults(func=_report)

    demo = commands.add_parser(
        "demo",
        help="write a demonstration journal of made-up entries into an empty data folder",
        parents=[common, json_flag],
    )
    demo.add_argument(
        "--years",
        type=_years,
        default=DEMO_YEARS,
        metavar="N",
        help=f"how many years (default {DEMO_YEARS:g})",
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=DEMO_SEED,
        metavar="S",
        help=f"the same seed gives the same journal (default {DEMO_SEED})",
    )
    demo.set_defaults(func=_demo)
    cli_data.add_commands(commands, common, json_flag)
    return parser


# -- entry point ------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    # Files readable by the user alone, even those a library creates behind our back.
    os.umask(0o077)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.demo:
        if args.command is not None or args.data_dir is not None:
            parser.error("--demo opens the window on a throwaway journal; use it alone")
        return _open_demo()
    if args.command is None:
        from journal.app import run  # lazy: the command line never imports Qt

        return int(run(args.data_dir))
    _tolerant_output()

    from journal import paths

    try:
        folder = paths.data_dir(args.data_dir)
    except OSError as err:
        return _fail(EXIT_FILE, f"cannot use the data folder {args.data_dir or ''}: {err.strerror or err}")
    try:  # asked first, so its key is derived on another core while the rest loads
        secret = None if hasattr(args, "folder_func") else cli_data.passphrase_for(folder)
    except cli_data.CommandError as err:
        return _fail(err.status, str(err))
    except OSError as err:
        return _fail(EXIT_FILE, f"cannot open the journal in {folder}: {err.strerror or err}")

    import sqlite3

    from sqlalchemy.exc import DBAPIError

    from journal.service import Journal
    from journal.storage.engine import JournalFileError

    try:
        if hasattr(args, "folder_func"):  # restore: works on a journal too damaged to open
            return int(args.folder_func(folder, args))
        for notice in Journal.recover(folder):  # an interrupted passphrase change, finished or undone
            print(f"{PROG}: {notice}", file=sys.stderr)  # on stderr: --json output stays one object
        journal = Journal.open(folder, passphrase=secret)
        for notice in journal.store.notices:
            print(f"{PROG}: {notice}", file=sys.stderr)
    except cli_data.CommandError as err:
        return _fail(err.status, str(err))
    except JournalFileError as err:
        return _fail(EXIT_FILE, cli_data.open_failure(folder, err))
    except OSError as err:
        return _fail(EXIT_FILE, f"cannot open the journal in {folder}: {err.strerror or err}")
    except (DBAPIError, sqlite3.Error) as err:
        return _fail(EXIT_FILE, f"cannot open the journal in {folder}: {_db_reason(err)}")
    func: Callable[[Journal, argparse.Namespace], int] = args.func
    try:
        return func(journal, args)
    except cli_data.CommandError as err:
        return _fail(err.status, str(err))
    except JournalFileError as err:  # a passphrase change refused; a full or read-only disk (WriteFailed)
        return _fail(EXIT_FILE, str(err))
    except InvalidInput as err:
        return _fail(EXIT_INPUT, _input_message(err))
    except (DBAPIError, sqlite3.Error) as err:  # locked by another program, disk full, ...
        return _fail(EXIT_FILE, f"the journal could not be read or written: {_db_reason(err)}")
    except KeyboardInterrupt:
        return 130
    finally:
        journal.close()


_FIELD_NAMES = {
    "pain_now": "Pain",
    "peg_pain": "PEG pain",
    "peg_enjoyment": "PEG enjoyment",
    "peg_activity": "PEG activity",
    "mood": "Mood",
    "capsule_g": "--capsule-g",
    "leaf_factor": "--leaf-factor",
}


def _input_message(err: InvalidInput) -> str:
    """The core's message, with the field named where the message alone is generic."""
    message = " ".join(err.message.split())
    if isinstance(err, NeedsConfirmation):
        return f"{message.rstrip('.')} with --confirm."
    name = _FIELD_NAMES.get(err.field)
    return f"{name}: {message}" if name else message


def _db_reason(err: Exception) -> str:
    orig = getattr(err, "orig", None)
    return str(orig if orig is not None else err).splitlines()[0]


def _fail(status: int, message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


def _tolerant_output() -> None:
    """Never crash on a terminal that cannot show a dash or a curly quote."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> int:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))
    return EXIT_OK


# -- parsing what people type ---------------------------------------------------------


def _moment(journal: Journal, text: str | None) -> Moment:
    """--at as typed, or now (to the second). A bare time of day means today."""
    now = journal.clock()
    if text is None:
        return Moment.from_utc(now.replace(microsecond=0), journal.zone)
    stripped = text.strip()
    if ":" in stripped and "-" not in stripped and "T" not in stripped.upper():
        try:
            clock_time = time.fromisoformat(stripped)
        except ValueError:
            pass
        else:
            today = Moment.from_utc(now, journal.zone).local.date()
            stripped = datetime.combine(today, clock_time).isoformat()
    return parse_when(stripped, journal.zone, now)


def _decimal_sep() -> str:
    """The decimal separator of the person's locale, so "1,500" means what they meant."""
    import locale

    try:
        saved = locale.setlocale(locale.LC_NUMERIC)
        try:
            locale.setlocale(locale.LC_NUMERIC, "")
            return str(locale.localeconv()["decimal_point"]) or "."
        finally:
            locale.setlocale(locale.LC_NUMERIC, saved)
    except locale.Error:
        return "."


# -- intake ---------------------------------------------------------------------------


def _log_intake(journal: Journal, args: argparse.Namespace) -> int:
    from journal.service import IntakeDraft

    unit: Unit = args.unit
    at = _moment(journal, args.at)
    name: str | None = args.product
    product = journal.store.product_by_name(name) if name is not None and name.strip() else None
    if name is not None and not name.strip():
        raise InvalidInput("product", "Give the product a name.")
    form = _intake_form(args.form, unit, product)
    draft = IntakeDraft(
        amount_text=args.amount,
        at=at,
        unit=unit,
        form=form,
        product_id=product.id if product else None,
        estimate=args.estimate,
        notes=args.note,
        confirm_large=args.confirm,
        decimal_sep=_decimal_sep(),
    )
    # Check first: a new product is created only once the intake is known to be valid.
    journal.check_intake(draft)
    if name is not None and product is None:
        product = journal.store.add_product(Product(name.strip(), usual_form=form))
        draft = replace(draft, product_id=product.id)
    checked = journal.log_intake(draft)
    return _emit(args, _intake_json(checked, product), _intake_lines(checked, product))


def _intake_form(chosen: str | None, unit: Unit, product: Product | None) -> Form:
    if chosen is not None:
        return Form(chosen)
    if product is not None:
        # Capsules of a powder product are capsules; an extract in capsules stays an extract.
        if unit is Unit.CAPS and product.usual_form is Form.POWDER:
            return Form.CAPSULES
        return product.usual_form
    return Form.CAPSULES if unit is Unit.CAPS else Form.POWDER


def _grams(mg: int | None) -> str | None:
    """Milligrams as an exact gram string for JSON: 13500 -> "13.5"."""
    if mg is None:
        return None
    return f"{(Decimal(mg) / MG_PER_G).normalize():f}"


def _est(estimate: bool) -> str:
    return " (includes estimates)" if estimate else ""


def _what(intake: Intake, product: Product | None) -> str:
    """ "4.5 g leaf powder", "6 capsules (Red Bali, 3 g leaf)", "1 g extract (Ext, about 4 g leaf)"."""
    amount = format_amount(intake.amount)
    form = intake.form.label.lower().split(" (")[0]
    if intake.unit is Unit.CAPS:
        caps = f"{amount} capsule{'' if intake.amount == 1 else 's'}"
        text = caps if intake.form is Form.CAPSULES else f"{caps} of {form}"
    else:
        text = f"{amount} g {form}"
    extra = [product.name] if product is not None else []
    if intake.leaf_mg is None:
        extra.append("not counted")
    elif intake.leaf_estimated:
        extra.append(f"about {format_g(intake.leaf_mg)} leaf")
    elif intake.unit is Unit.CAPS:
        extra.append(f"{format_g(intake.leaf_mg)} leaf")
    if intake.estimate:
        extra.append("amount estimated")
    return f"{text} ({', '.join(extra)})" if extra else text


def _intake_lines(checked: IntakeCheck, product: Product | None) -> list[str]:
    intake = checked.intake
    rolling = f"rolling 24 h: {format_g(checked.rolling)}{', estimate' if checked.rolling_estimate else ''}"
    lines = [f"Saved {_what(intake, product)} at {_local_text(intake.at)} ({rolling})"]
    lines.extend(_finding_line(f) for f in checked.findings)
    return lines


def _finding_line(finding: Finding) -> str:
    return f"{finding.level.name}: {finding.message} — {_source(finding.basis, finding.citations)}"


def _source(basis: str, citations: tuple[Citation, ...]) -> str:
    if not citations:
        return basis
    first = citations[0]
    cited = f"source: {first.file}, “{_short(first.section)}”"
    return cited if basis == CITED else f"{basis}; {cited}"


def _short(section: str, limit: int = 40) -> str:
    """A long section heading cut at its first clause: "Navigating Kratom Dosage…"."""
    if len(section) <= limit:
        return section
    for mark in (",", ":", ";", " - ", " – ", " — "):
        at = section.find(mark)
        if 0 < at <= limit:
            return section[:at] + "…"
    return section[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _intake_json(checked: IntakeCheck, product: Product | None) -> dict[str, Any]:
    return {
        "intake": _intake_dict(checked.intake, product),
        "findings": [_finding_dict(f) for f in checked.findings],
        "rolling_24h_g": _grams(checked.rolling),
        "rolling_24h_estimate": checked.rolling_estimate,
    }


def _intake_dict(intake: Intake, product: Product | None) -> dict[str, Any]:
    return {
        "id": intake.id,
        **_when(intake.at),
        "amount": format_amount(intake.amount),
        "unit": intake.unit.value,
        "form": intake.form.value,
        "product": product.name if product is not None else None,
        "product_id": intake.product_id,
        "leaf_g": _grams(intake.leaf_mg),
        "leaf_estimated": intake.leaf_estimated,
        "estimate": intake.estimate,
        "notes": intake.notes,
    }


def _finding_dict(finding: Finding) -> dict[str, Any]:
    first = finding.citations[0] if finding.citations else None
    return {
        "level": finding.level.word,
        "rule_id": finding.rule_id,
        "message": finding.message,
        "basis": finding.basis,
        "rolling_24h_g": _grams(finding.total_mg) if finding.rule_id in _ROLLING_RULES else None,
        "total_g": _grams(finding.total_mg),
        "estimate": finding.estimate,
        "source_file": first.file if first else None,
        "source_section": first.section if first else None,
    }


def _when(at: Moment) -> dict[str, str]:
    local = at.local.replace(tzinfo=timezone(timedelta(minutes=at.offset_min)))
    return {
        "time_utc": at.utc.isoformat(timespec="seconds"),
        "time_local": local.isoformat(timespec="seconds"),
        "zone": at.zone,
    }


def _local_text(at: Moment) -> str:
    return f"{at.local:%Y-%m-%d %H:%M}"


# -- symptoms and pain ------------------------------------------------------------------


def _log_symptom(journal: Journal, args: argparse.Namespace) -> int:
    key = journal.symptom_key(args.name)
    at = _moment(journal, args.at)
    entry = journal.log_symptom(key, args.severity, at, args.area.strip(), args.note)
    stype = {t.key: t for t in journal.store.symptom_types()}[key]
    where = f" ({entry.body_area})" if entry.body_area else ""
    lines = [
        f"Saved {stype.label}{where}: {entry.severity.word} ({int(entry.severity)}/4) "
        f"at {_local_text(entry.at)}"
    ]
    advice = None
    if stype.red_flag and entry.severity > Severity.NONE:
        rule = journal.guidance["see-clinician"]
        cite = rule.citations[0]
        lines.append(f"{RED_FLAG_LINE} — {_source(CITED, rule.citations)}")
        advice = {
            "message": RED_FLAG_LINE,
            "rule_id": rule.id,
            "source_file": cite.file,
            "source_section": cite.section,
        }
    data = {"symptom": _symptom_dict(entry, stype), "advice": advice}
    return _emit(args, data, lines)


def _symptom_dict(entry: SymptomEntry, stype: SymptomType) -> dict[str, Any]:
    return {
        "id": entry.id,
        **_when(entry.at),
        "key": stype.key,
        "label": stype.label,
        "category": stype.category,
        "red_flag": stype.red_flag,
        "severity": int(entry.severity),
        "severity_word": entry.severity.word,
        "area": entry.body_area,
        "notes": entry.notes,
    }


def _log_pain(journal: Journal, args: argparse.Namespace) -> int:
    at = _moment(journal, args.at)
    peg = tuple(args.peg) if args.peg is not None else None
    checkin = journal.log_pain(PainCheckin(at, args.pain_now, peg, args.mood, args.note))
    return _emit(args, {"pain": _pain_dict(checkin)}, [f"Saved {_pain_text(checkin)}"])


def _pain_text(c: PainCheckin) -> str:
    parts = []
    if c.peg is not None:
        parts.append(f"PEG {c.peg_score} from {c.peg[0]}/{c.peg[1]}/{c.peg[2]}")
    if c.mood is not None:
        parts.append(f"mood {c.mood}/10")
    more = f" ({', '.join(parts)})" if parts else ""
    return f"pain {c.pain_now}/10{more} at {_local_text(c.at)}"


def _pain_dict(c: PainCheckin) -> dict[str, Any]:
    return {
        "id": c.id,
        **_when(c.at),
        "pain_now": c.pain_now,
        "peg": list(c.peg) if c.peg is not None else None,
        "peg_score": None if c.peg_score is None else f"{c.peg_score:f}",
        "mood": c.mood,
        "notes": c.notes,
    }


# -- breaks -----------------------------------------------------------------------------


def _break_start(journal: Journal, args: argparse.Namespace) -> int:
    brk = journal.start_break(args.until, args.reason)
    line = f"Break started {_local_text(brk.start)}"
    if brk.planned_end is not None:
        days = (brk.planned_end - brk.start.local.date()).days
        line += f", planned until {brk.planned_end:%Y-%m-%d} ({days} day{'' if days == 1 else 's'})"
    if brk.reason:
        line += f". Reason: {brk.reason}"
    return _emit(args, {"break": _break_dict(brk, None)}, [line + "."])


def _break_end(journal: Journal, args: argparse.Namespace) -> int:
    brk = journal.end_break(args.note)
    assert brk.actual_end is not None
    day_n = (brk.actual_end.local.date() - brk.start.local.date()).days + 1
    line = f"Break ended {_local_text(brk.actual_end)}, on day {day_n}"
    if brk.planned_end is not None:
        kept = "reached" if brk.kept() else "ended early"
        line += f" (planned until {brk.planned_end:%Y-%m-%d}: {kept})"
    return _emit(args, {"break": _break_dict(brk, day_n)}, [line + "."])


def _break_dict(brk: Break, day: int | None, of: int | None = None) -> dict[str, Any]:
    start = _when(brk.start)
    end = _when(brk.actual_end) if brk.actual_end is not None else None
    return {
        "id": brk.id,
        "start_utc": start["time_utc"],
        "start_local": start["time_local"],
        "zone": brk.start.zone,
        "planned_end": brk.planned_end.isoformat() if brk.planned_end else None,
        "end_utc": end["time_utc"] if end else None,
        "end_local": end["time_local"] if end else None,
        "day": day,
        "of_days": of,
        "kept": brk.kept(),
        "reason": brk.reason,
        "outcome": brk.outcome,
    }


# -- today ------------------------------------------------------------------------------


def _today(journal: Journal, args: argparse.Namespace) -> int:
    warn_if_synced(journal)
    today = journal.today()
    product = _product_of(journal, today.last_intake)
    names = {t.key: t for t in journal.store.symptom_types()}
    return _emit(args, _today_json(journal, today, product, names), _today_lines(today, product, names))


def warn_if_synced(journal: Journal) -> None:
    """On stderr, so --json output stays one clean object: the folder is synced or on a network drive."""
    from journal.paths import sync_warning

    warning = sync_warning(journal.store.path.parent)
    if warning is not None:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)


def _product_of(journal: Journal, intake: Intake | None) -> Product | None:
    if intake is None or intake.product_id is None:
        return None
    from journal.storage.store import NotFound

    try:
        return journal.store.product(intake.product_id)
    except NotFound:  # the product was deleted since
        return None


def _ago(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "just now"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 2:
        return f"{days} days {hours} h ago"
    hours += days * 24
    return f"{hours} h {mins} min ago" if hours else f"{mins} min ago"


def _today_lines(today: Today, product: Product | None, names: dict[str, SymptomType]) -> list[str]:
    lines = [
        f"Today: {format_g(today.today_mg)}{_est(today.today_estimate)}",
        f"Rolling 24 h: {format_g(today.rolling_mg)}{_est(today.rolling_estimate)}",
    ]
    last, since = today.last_intake, today.since_last
    if last is None or since is None:
        lines.append("Last dose: none logged yet")
    else:
        lines.append(f"Last dose: {_ago(since)}, {_what(last, product)} at {_local_text(last.at)}")
    streaks = today.streaks
    if today.running_break is not None and today.break_day is not None:
        brk, (day_n, planned) = today.running_break, today.break_day
        of = f" of {planned}" if planned else ""
        until = f", planned until {brk.planned_end:%Y-%m-%d}" if brk.planned_end else ""
        lines.append(f"Break: day {day_n}{of} (since {_local_text(brk.start)}{until})")
    elif last is not None:
        if streaks.current_dose_free:
            n = streaks.current_dose_free
            lines.append(f"Dose-free streak: {n} day{'' if n == 1 else 's'}, counting today")
        else:
            n = streaks.current_use_run
            lines.append(f"Days of use in a row: {n}")
    if today.latest_pain is not None:
        lines.append(f"Latest pain: {_pain_text(today.latest_pain)}")
    if today.latest_symptoms:
        lines.append("Recent symptoms:")
        for entry in today.latest_symptoms:
            label = names[entry.type_key].label if entry.type_key in names else entry.type_key
            lines.append(f"  {label}: {entry.severity.word} at {_local_text(entry.at)}")
    return lines


def _today_json(
    journal: Journal, today: Today, product: Product | None, names: dict[str, SymptomType]
) -> dict[str, Any]:
    now = Moment.from_utc(today.now, journal.zone)
    since = today.since_last
    brk = today.running_break
    day = today.break_day
    return {
        "now_utc": now.utc.isoformat(timespec="seconds"),
        "now_local": _when(now)["time_local"],
        "zone": journal.zone,
        "today_g": _grams(today.today_mg),
        "today_estimate": today.today_estimate,
        "rolling_24h_g": _grams(today.rolling_mg),
        "rolling_24h_estimate": today.rolling_estimate,
        "last_intake": _intake_dict(today.last_intake, product) if today.last_intake else None,
        "seconds_since_last_intake": None if since is None else max(0, int(since.total_seconds())),
        "break": _break_dict(brk, day[0], day[1]) if brk is not None and day is not None else None,
        "dose_free_streak_days": today.streaks.current_dose_free if today.last_intake else None,
        "use_streak_days": today.streaks.current_use_run,
        "latest_pain": _pain_dict(today.latest_pain) if today.latest_pain else None,
        "recent_symptoms": [
            _symptom_dict(e, names[e.type_key]) for e in today.latest_symptoms if e.type_key in names
        ],
    }


# -- catalogue and products ---------------------------------------------------------------


def _symptoms(journal: Journal, args: argparse.Namespace) -> int:
    from journal import resources

    catalogue = resources.catalogue()
    types = journal.store.symptom_types()
    rows = [
        (t.key, t.label, catalogue.category_label(t.category), "red flag" if t.red_flag else "")
        for t in types
    ]
    data = {
        "symptoms": [
            {
                "key": t.key,
                "label": t.label,
                "category": t.category,
                "category_label": catalogue.category_label(t.category),
                "red_flag": t.red_flag,
                "body_areas": list(t.body_areas),
                "source_file": t.source,
                "builtin": t.builtin,
            }
            for t in types
        ]
    }
    return _emit(args, data, _table(("KEY", "LABEL", "CATEGORY", "RED FLAG"), rows))


def _products(journal: Journal, args: argparse.Namespace) -> int:
    products = journal.store.products()
    rows = [
        (
            p.name,
            p.usual_form.value,
            f"{format_amount(p.capsule_g)} g" if p.capsule_g is not None else "",
            f"{p.leaf_factor:f}" if p.leaf_factor is not None else "",
            p.vendor,
        )
        for p in products
    ]
    lines = (
        _table(("NAME", "FORM", "PER CAPSULE", "LEAF FACTOR", "VENDOR"), rows)
        if rows
        else ["No products yet. Add one with `journal products add NAME`, or log with --product NAME."]
    )
    return _emit(args, {"products": [_product_dict(p) for p in products]}, lines)


def _product_add(journal: Journal, args: argparse.Namespace) -> int:
    name = args.name.strip()
    if journal.store.product_by_name(name) is not None:
        raise InvalidInput("name", f"A product named “{name}” already exists.")
    capsule = None if args.capsule_g is None else parse_amount(args.capsule_g, field="capsule_g")
    factor = None if args.leaf_factor is None else parse_amount(args.leaf_factor, field="leaf_factor")
    product = journal.store.add_product(
        Product(
            name,
            vendor=args.vendor,
            strain=args.strain,
            usual_form=Form(args.form),
            capsule_g=capsule,
            leaf_factor=factor,
            batch=args.batch,
            purity_tested=args.purity_tested,
            notes=args.note,
        )
    )
    return _emit(args, {"product": _product_dict(product)}, [f"Saved product {product.name}"])


def _product_dict(p: Product) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "usual_form": p.usual_form.value,
        "capsule_g": format_amount(p.capsule_g) if p.capsule_g is not None else None,
        "leaf_factor": format_amount(p.leaf_factor) if p.leaf_factor is not None else None,
        "vendor": p.vendor,
        "strain": p.strain,
        "batch": p.batch,
        "purity_tested": p.purity_tested,
        "notes": p.notes,
    }


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


# -- clinician summary -------------------------------------------------------------------


def _report(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.pdf import write_report

    if args.end < args.start:
        raise InvalidInput("period", "--to must not be before --from")
    path = Path(args.output).expanduser()
    try:
        summary = write_report(
            journal, args.start, args.end, path, include_notes=not args.no_notes, name=args.name
        )
    except OSError as err:
        return _fail(EXIT_FILE, f"cannot write {path}: {err.strerror or err}")
    days = f"{args.start.isoformat()} to {args.end.isoformat()}"
    data = {
        "report": {
            "path": str(path),
            "from": args.start.isoformat(),
            "to": args.end.isoformat(),
            "days_with_use": summary.use_days,
        }
    }
    return _emit(args, data, [f"Wrote the clinician summary for {days} to {path}."])


# -- export and import --------------------------------------------------------------------


def _export(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.export import VERSION, ExportFormat, export_journal

    path = Path(args.output).expanduser()
    fmt = ExportFormat(args.format) if args.format else ExportFormat.for_path(path)
    if fmt is None:
        raise InvalidInput(
            "format", f"cannot tell the format from “{path.name}”: add --format json or --format csv"
        )
    if fmt is ExportFormat.CSV and path.suffix.lower() != ".zip":
        # The CSV files travel together in one zip, written and renamed into place at once.
        path = (
            path.with_suffix(".zip") if path.suffix.lower() == ".csv" else path.with_name(path.name + ".zip")
        )
    try:
        result = export_journal(journal, path, fmt)
    except OSError as err:
        return _fail(EXIT_FILE, f"cannot write {path}: {err.strerror or err}")
    data = {
        "export": {
            "path": str(result.path),
            "format": result.format.value,
            "version": VERSION,
            "counts": result.counts,
        }
    }
    what = "JSON" if fmt is ExportFormat.JSON else "CSV files in a zip"
    return _emit(args, data, [f"{result.summary()} ({what}, format version {VERSION})."])


def _import(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.importing import ImportFileError, apply_import, preview_import

    path = Path(args.path).expanduser()
    try:
        plan = preview_import(journal, path)
    except ImportFileError as err:
        return _fail(EXIT_INPUT, f"{err} Nothing was imported.")
    lines = plan.summary_lines()
    if args.dry_run or not plan.has_changes:
        if args.dry_run:
            lines.append("Dry run: nothing was changed.")
        return _emit(args, {"import": _plan_dict(plan, applied=False)}, lines)
    if not args.yes:
        if args.json or not (sys.stdin.isatty() and sys.stdout.isatty()):
            if not args.json:
                print("\n".join(lines))
            why = "--json prints one object and cannot ask" if args.json else "there is no terminal to ask in"
            return _fail(
                EXIT_INPUT,
                f"{why}: add --yes to import, or --dry-run to preview only. Nothing was imported.",
            )
        print("\n".join(lines))
        print(f"Import {plan.added_total:,} entries? [y/N] ", end="", flush=True)
        try:
            raw = sys.stdin.readline()
        except KeyboardInterrupt:
            raw = ""
        if not raw.endswith("\n"):  # end of input or Ctrl+C: the prompt's line is still open
            print()
        if raw.strip().lower() not in ("y", "yes"):
            print("Nothing was imported.")
            return EXIT_OK
        lines = []
    try:
        result = apply_import(journal, plan)
    except ImportFileError as err:
        return _fail(EXIT_INPUT, str(err))
    return _emit(args, {"import": _plan_dict(result.plan, applied=True)}, [*lines, result.summary()])


def _plan_dict(plan: ImportPlan, *, applied: bool) -> dict[str, Any]:
    return {
        "path": str(plan.path),
        "source": plan.source,
        "applied": applied,
        "added": plan.added,
        "already": plan.already,
        "conflicts": [
            {"kind": c.kind, "what": c.what, "differences": list(c.differences), "where": c.where}
            for c in plan.conflicts
        ],
        "notes": list(plan.notes),
    }


# -- demonstration journal ----------------------------------------------------------------


def _demo(journal: Journal, args: argparse.Namespace) -> int:
    from time import perf_counter

    from journal.demo import generate, summarise
    from journal.storage import bulk

    folder = journal.store.path.parent
    refusal = (
        f"the journal in {folder} already has entries ({{}}); a demonstration journal is only "
        "written into an empty folder: choose a new one with --data-dir"
    )
    have = bulk.existing_entries(journal.store)
    if have:  # checked before generating, which takes a moment for many years
        raise InvalidInput("journal", refusal.format(bulk.describe(have)))
    started = perf_counter()
    demo = generate(args.years, args.seed, journal.clock(), journal.zone)
    try:
        bulk.write_demo(journal.store, demo)
    except ValueError as err:  # written to by another program meanwhile
        raise InvalidInput(
            "journal", refusal.format(bulk.describe(bulk.existing_entries(journal.store)))
        ) from err
    seconds = perf_counter() - started
    s = summarise(demo, journal.guidance)
    first = Moment.from_utc(demo.start, demo.zone).local.date()
    last = Moment.from_utc(demo.end, demo.zone).local.date()
    data = {
        "demo": {
            "data_dir": str(folder),
            "years": format_amount(Decimal(str(args.years))),
            "seed": args.seed,
            "zone": demo.zone,
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
            "counts": s.counts,
            "rows": s.rows,
            "archived_products": s.archived_products,
            "breaks_kept": s.breaks_kept,
            "breaks_ended_early": s.breaks_ended_early,
            "days_over_12g_rolling": s.days_over_12g,
            "days_over_15g_rolling": s.days_over_15g,
            "entered_later": s.entered_later,
        }
    }
    c = s.counts
    span = f"{args.years:g} year{'' if args.years == 1 else 's'}"
    lines = [
        f"Wrote a demonstration journal of made-up entries to {folder}: {first} to {last} "
        f"({span}, seed {args.seed}, {demo.zone}) in {seconds:.1f} s.",
        f"  products:        {c['products']:>6,} ({s.archived_products} archived)",
        f"  intakes:         {c['intakes']:>6,} ({s.days_over_12g:,} days over 12 g in 24 hours, "
        f"{s.days_over_15g:,} over 15 g)",
        f"  breaks:          {c['breaks']:>6,} ({s.breaks_kept} kept, {s.breaks_ended_early} ended early)",
        f"  symptom ratings: {c['symptoms']:>6,}",
        f"  pain check-ins:  {c['pain']:>6,}",
        f"  {s.rows:,} entries; {s.entered_later:,} of them entered later.",
        f"Open it with: {PROG} --data-dir {folder}",
    ]
    return _emit(args, data, lines)


def _open_demo() -> int:
    """The window on a throwaway demonstration journal in a temporary folder, removed afterwards."""
    import shutil
    import sqlite3
    import tempfile
    from pathlib import Path

    from sqlalchemy.exc import DBAPIError

    from journal import app
    from journal.demo import generate
    from journal.service import Journal
    from journal.storage import bulk
    from journal.storage.engine import JournalFileError

    if not app.has_display():
        return int(app.run(None))  # says why there is no window
    folder = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
    try:
        try:
            journal = Journal.open(folder)
            try:
                bulk.write_demo(journal.store, generate(DEMO_YEARS, DEMO_SEED, journal.clock(), journal.zone))
            finally:
                journal.close()
        except (JournalFileError, OSError, DBAPIError, sqlite3.Error) as err:
            return _fail(EXIT_FILE, f"cannot write the demonstration journal in {folder}: {err}")
        return int(app.run(str(folder)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
