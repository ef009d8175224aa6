"""`journal symptoms` and `journal products [add]`: what can be rated, and what is taken."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from journal.cli.arguments import Parents, add_json
from journal.cli.output import emit, product_dict, table
from journal.domain.amounts import format_amount, parse_amount
from journal.domain.entities import Form, Product
from journal.domain.errors import InvalidInput

if TYPE_CHECKING:
    from journal.service.journal import Journal


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    add_json(parser)
    if name == "symptoms":
        parser.set_defaults(func=symptoms)
        return
    parser.set_defaults(func=products)
    what = parser.add_subparsers(dest="what", metavar="add")
    add = what.add_parser("add", help="add a product", parents=[parents.common, parents.json])
    add.add_argument("name", metavar="NAME")
    add.add_argument("--form", choices=[f.value for f in Form], default=Form.POWDER.value, help="usual form")
    add.add_argument("--capsule-g", metavar="G", help="grams of leaf in one capsule")
    add.add_argument("--leaf-factor", metavar="X", help="grams of leaf one gram of this extract equals")
    add.add_argument("--vendor", default="", metavar="TEXT")
    add.add_argument("--strain", default="", metavar="TEXT")
    add.add_argument("--batch", default="", metavar="TEXT")
    add.add_argument("--purity-tested", action="store_true")
    add.add_argument("--note", default="", metavar="TEXT")
    add.set_defaults(func=product_add)


def symptoms(journal: Journal, args: argparse.Namespace) -> int:
    from journal import resources

    catalogue = resources.catalogue()
    types = journal.entries.symptom_types()
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
    return emit(args, data, table(("KEY", "LABEL", "CATEGORY", "RED FLAG"), rows))


def products(journal: Journal, args: argparse.Namespace) -> int:
    found = journal.products.all()
    rows = [
        (
            p.name,
            p.usual_form.value,
            f"{format_amount(p.capsule_g)} g" if p.capsule_g is not None else "",
            f"{p.leaf_factor:f}" if p.leaf_factor is not None else "",
            p.vendor,
        )
        for p in found
    ]
    lines = (
        table(("NAME", "FORM", "PER CAPSULE", "LEAF FACTOR", "VENDOR"), rows)
        if rows
        else ["No products yet. Add one with `journal products add NAME`, or log with --product NAME."]
    )
    return emit(args, {"products": [product_dict(p) for p in found]}, lines)


def product_add(journal: Journal, args: argparse.Namespace) -> int:
    name = args.name.strip()
    if journal.products.by_name(name) is not None:
        raise InvalidInput("name", f"A product named “{name}” already exists.")
    capsule = None if args.capsule_g is None else parse_amount(args.capsule_g, field="capsule_g")
    factor = None if args.leaf_factor is None else parse_amount(args.leaf_factor, field="leaf_factor")
    product = journal.products.add(
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
    return emit(args, {"product": product_dict(product)}, [f"Saved product {product.name}"])
