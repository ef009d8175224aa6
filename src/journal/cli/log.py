"""`journal log intake|symptom|pain|sows`: logging an entry from a terminal."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from journal.cli import arguments
from journal.cli.arguments import Parents
from journal.cli.output import (
    CITED,
    emit,
    intake_json,
    intake_lines,
    local_text,
    pain_dict,
    pain_text,
    source,
    sows_dict,
    sows_lines,
    symptom_dict,
    tagged_lines,
)
from journal.domain.entities import Form, PainCheckin, Product, Severity, Unit
from journal.domain.errors import InvalidInput

if TYPE_CHECKING:
    from journal.service.journal import Journal

RED_FLAG_LINE = (
    "This can be a sign of liver trouble, which the sources link to long-term use: "
    "please see a clinician soon."
)


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)

    intake = what.add_parser(
        "intake", help="log an intake: journal log intake 4.5 [g|caps]", parents=parents.entry
    )
    intake.add_argument("amount", metavar="AMOUNT", help="how much, e.g. 4.5 or 4,5")
    intake.add_argument(
        "unit", metavar="UNIT", nargs="?", type=arguments.unit, default=Unit.G, help="g (default) or caps"
    )
    intake.add_argument(
        "--form",
        choices=[f.value for f in Form],
        help="default: the product's usual form, else capsules for caps, else powder",
    )
    intake.add_argument("--product", metavar="NAME", help="a product by name (created if new)")
    intake.add_argument("--estimate", action="store_true", help="the amount is an estimate")
    intake.add_argument("--confirm", action="store_true", help="save an unusually large amount")
    arguments.add_tags(intake)
    intake.set_defaults(func=log_intake)

    symptom = what.add_parser(
        "symptom", help="rate a symptom 0-4: journal log symptom nausea --severity 2", parents=parents.entry
    )
    symptom.add_argument("name", metavar="NAME", help="symptom key or label (see `journal symptoms`)")
    symptom.add_argument(
        "--severity",
        required=True,
        type=arguments.severity,
        metavar="N",
        help="0 none, 1 mild, 2 moderate, 3 severe, 4 extreme (number or word)",
    )
    symptom.add_argument("--area", default="", metavar="AREA", help="body area, e.g. scalp")
    arguments.add_tags(symptom)
    symptom.set_defaults(func=log_symptom)

    pain = what.add_parser("pain", help="a pain check-in 0-10: journal log pain 6", parents=parents.entry)
    pain.add_argument("pain_now", metavar="N", type=int, help="pain now, 0-10")
    pain.add_argument(
        "--peg",
        nargs=3,
        type=int,
        metavar=("PAIN", "ENJOYMENT", "ACTIVITY"),
        help="the three PEG items, 0-10 each (past week)",
    )
    pain.add_argument("--mood", type=int, metavar="N", help="mood, 0-10")
    arguments.add_tags(pain)
    pain.set_defaults(func=log_pain)

    sows = what.add_parser(
        "sows",
        help="a scored withdrawal check-in (Subjective Opiate Withdrawal Scale): journal log sows "
        "0 1 2 ... (16 answers, 0-4 each; asked one by one when none are given in a terminal)",
        parents=[parents.common, parents.at, parents.json],
    )
    sows.add_argument(
        "answers",
        nargs="*",
        metavar="N",
        help="the 16 answers in the scale's order, each 0 (not at all) to 4 (extremely)",
    )
    arguments.add_tags(sows)
    sows.set_defaults(func=log_sows)


def log_intake(journal: Journal, args: argparse.Namespace) -> int:
    from journal.service.intakes import IntakeDraft

    tags = arguments.tags(args)  # checked first: a bad tag adds no product
    unit: Unit = args.unit
    at = arguments.moment(journal, args.at)
    name: str | None = args.product
    product = journal.products.by_name(name) if name is not None and name.strip() else None
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
        decimal_sep=arguments.decimal_sep(),
        tags=tags,
    )
    # Check first: a new product is created only once the intake is known to be valid.
    journal.check_intake(draft)
    if name is not None and product is None:
        product = journal.products.add(Product(name.strip(), usual_form=form))
        draft = replace(draft, product_id=product.id)
    checked = journal.log_intake(draft)
    data = intake_json(checked, product)
    data["intake"]["tags"] = list(tags)
    return emit(args, data, tagged_lines(intake_lines(checked, product), tags))


def _intake_form(chosen: str | None, unit: Unit, product: Product | None) -> Form:
    if chosen is not None:
        return Form(chosen)
    if product is not None:
        # Capsules of a powder product are capsules; an extract in capsules stays an extract.
        if unit is Unit.CAPS and product.usual_form is Form.POWDER:
            return Form.CAPSULES
        return product.usual_form
    return Form.CAPSULES if unit is Unit.CAPS else Form.POWDER


def log_symptom(journal: Journal, args: argparse.Namespace) -> int:
    tags = arguments.tags(args)
    key = journal.symptom_key(args.name)
    at = arguments.moment(journal, args.at)
    entry = journal.log_symptom(key, args.severity, at, args.area.strip(), args.note, tags)
    stype = {t.key: t for t in journal.entries.symptom_types()}[key]
    where = f" ({entry.body_area})" if entry.body_area else ""
    lines = [
        f"Saved {stype.label}{where}: {entry.severity.word} ({int(entry.severity)}/4) "
        f"at {local_text(entry.at)}"
    ]
    advice = None
    if stype.red_flag and entry.severity > Severity.NONE:
        rule = journal.guidance["see-clinician"]
        cite = rule.citations[0]
        lines.append(f"{RED_FLAG_LINE} — {source(CITED, rule.citations)}")
        advice = {
            "message": RED_FLAG_LINE,
            "rule_id": rule.id,
            "source_file": cite.file,
            "source_section": cite.section,
        }
    data = {"symptom": {**symptom_dict(entry, stype), "tags": list(tags)}, "advice": advice}
    return emit(args, data, tagged_lines(lines, tags))


def log_pain(journal: Journal, args: argparse.Namespace) -> int:
    tags = arguments.tags(args)
    at = arguments.moment(journal, args.at)
    peg = tuple(args.peg) if args.peg is not None else None
    checkin = journal.log_pain(PainCheckin(at, args.pain_now, peg, args.mood, args.note), tags)
    data = {"pain": {**pain_dict(checkin), "tags": list(tags)}}
    return emit(args, data, tagged_lines([f"Saved {pain_text(checkin)}"], tags))


def log_sows(journal: Journal, args: argparse.Namespace) -> int:
    """Save the 16 answers given, or ask for each in a terminal; a bad answer saves nothing."""
    from journal.domain.withdrawal import WithdrawalScore, parse_answers

    tags = arguments.tags(args)
    texts: list[str] = args.answers
    if not texts and sys.stdin.isatty():
        texts = _ask_sows()
    items = parse_answers(texts)
    at = arguments.moment(journal, args.at)
    score = journal.log_withdrawal(WithdrawalScore(at, items), tags)
    data = {"withdrawal": {**sows_dict(score), "tags": list(tags)}}
    return emit(args, data, tagged_lines(sows_lines(score), tags))


def _ask_sows() -> list[str]:
    """The scale's statements one by one on stderr, each asked again until it gets 0 to 4."""
    from journal.domain.withdrawal import SOWS_INSTRUCTION, SOWS_ITEMS

    out = sys.stderr
    print(f"Subjective Opiate Withdrawal Scale (SOWS). {SOWS_INSTRUCTION}", file=out)
    answers: list[str] = []
    for n, statement in enumerate(SOWS_ITEMS, 1):
        while True:
            print(f"{n:2}/{len(SOWS_ITEMS)} {statement} [0-4]: ", end="", file=out, flush=True)
            line = sys.stdin.readline()
            if not line:  # end of input: nothing is saved
                print(file=out)
                raise InvalidInput("items", f"Stopped at statement {n}; nothing was saved.")
            word = line.strip()
            if len(word) == 1 and word in "01234":
                answers.append(word)
                break
            print("  Type one number from 0 (not at all) to 4 (extremely).", file=out)
    return answers
