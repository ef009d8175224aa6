"""The plan: what a validated file adds to the journal, what is already there, what conflicts.

Made once, for the preview; writing it checks only that the journal has not
changed since (`Fingerprint`), never plans again. Matching ("identity") rules,
documented in docs/export-format.md: products by name (ignoring case); intakes
by UTC time, amount, unit and product name; symptom ratings by UTC time,
symptom and body area; pain check-ins by UTC time; breaks by their UTC start;
custom symptom types by key. Within a key, entries pair as a multiset: an entry
twice in the file and once in the journal is added once.

The entries to add are listed (`added_items`) by words made only when shown:
a preview shows a few of 100,000.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.domain.amounts import format_amount
from journal.domain.batch import NewEntries
from journal.domain.entities import (
    Break,
    Form,
    Intake,
    Kind,
    LeafAmount,
    PainCheckin,
    Product,
    Settings,
    Stamp,
    SymptomEntry,
    SymptomType,
    Unit,
    leaf_amount,
)
from journal.domain.medications import Medication
from journal.domain.photos import NewPhoto
from journal.domain.progress import Progress
from journal.domain.stash import Purchase
from journal.domain.tags import MAX_TAGS
from journal.domain.taper import TaperPlan
from journal.domain.withdrawal import WithdrawalScore
from journal.reports.export import describe_counts
from journal.reports.importing.added import AddedItems
from journal.reports.importing.errors import Where, show
from journal.reports.importing.incoming import Incoming, InIntake
from journal.reports.importing.matching import (
    break_content,
    break_words,
    differences,
    fold,
    incoming_content,
    intake_content,
    pain_content,
    pain_words,
    pair,
    photo_content,
    photo_words,
    product_words,
    setting_words,
    span,
    symptom_content,
    type_words,
    when,
    withdrawal_content,
    withdrawal_words,
)
from journal.reports.importing.tags import tag_key

if TYPE_CHECKING:
    from journal.service.journal import Journal

KIND_ORDER = (
    "products",
    "symptom_types",
    "intakes",
    "symptoms",
    "pain_checkins",
    "withdrawal_scores",
    "photos",
    "breaks",
    "medications",
    "taper_plans",
    "purchases",
    "settings",
    "tags",
)
_ORDER = {kind: n for n, kind in enumerate(KIND_ORDER)}
_US = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Conflict:
    """An entry in the file that is already in the journal with different content; left as it is."""

    kind: str
    what: str
    differences: tuple[str, ...]
    where: str

    def text(self) -> str:
        return f"{self.what} ({self.where}): {'; '.join(self.differences)}"


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing a file would do: the preview, and the entries to write."""

    path: Path
    source: str
    new: NewEntries
    added: dict[str, int]
    already: dict[str, int]
    conflicts: tuple[Conflict, ...]
    notes: tuple[str, ...]
    added_items: Sequence[str]
    #: The journal as the plan found it (`journal.transfer.fingerprint()`); writing checks it.
    fingerprint: tuple[Any, ...] = ()

    @property
    def has_changes(self) -> bool:
        return bool(self.new)

    @property
    def added_total(self) -> int:
        """Entries added (not settings, nor tags put on entries)."""
        return sum(n for kind, n in self.added.items() if kind not in ("settings", "tags"))

    def summary_lines(self, limit: int = 20) -> list[str]:
        lines = [f"{self.path.name}: {self.source}."]
        lines.append(
            f"Will add: {describe_counts(self.added)}." if self.has_changes else "Nothing new to add."
        )
        if any(self.already.values()):
            lines.append(f"Already in the journal (skipped): {describe_counts(self.already)}.")
        if self.conflicts:
            n = len(self.conflicts)
            lines.append(
                f"{n:,} conflict{'s' if n != 1 else ''}: in the journal with different content; "
                "the journal's version is kept, nothing is overwritten:"
            )
            lines.extend(f"  - {c.text()}" for c in self.conflicts[:limit])
            if n > limit:
                lines.append(f"  … and {n - limit:,} more.")
        lines.extend(self.notes)
        return lines


def plan_import(
    journal: Journal,
    incoming: Incoming,
    path: Path,
    *,
    fingerprint: tuple[Any, ...] = (),
    progress: Progress | None = None,
) -> ImportPlan:
    """Compare a validated file with the journal; raises ImportFileError for references it cannot resolve.

    `fingerprint` is the journal's, taken before it was read for the comparison.
    """
    return _Planner(journal, incoming, progress).plan(path, fingerprint)


class _Planner:
    """One comparison of a file with the journal, kind by kind (products before the intakes using them)."""

    def __init__(self, journal: Journal, incoming: Incoming, progress: Progress | None) -> None:
        self.journal = journal
        self.entries = journal.entries
        self.incoming = incoming
        self.progress = progress
        self.now = journal.clock()
        self.added: Counter[str] = Counter()
        self.already: Counter[str] = Counter()
        self.conflicts: list[Conflict] = []
        self.notes: list[str] = []
        self.items = AddedItems()
        self.types = {t.key: t for t in self.entries.symptom_types()}
        live: list[tuple[Product, datetime | None]] = [
            (p, None) for p in journal.products.all(include_archived=True)
        ]
        self.existing_products = live + list(journal.transfer.deleted_products_in_use())
        self.products: dict[int, Product] = {p.id: p for p, _ in self.existing_products if p.id is not None}
        self.by_ref: dict[int, int] = {}
        self.by_name: dict[str, int] = {}
        self.new_products: list[tuple[Product, Stamp, datetime | None]] = []
        #: Leaf amounts worked out, by amount, unit, form and product: a few kinds of intake repeat.
        self.leaves: dict[tuple[Decimal, Unit, Form, int | None], LeafAmount] = {}
        self._done = 0
        self._size = max(incoming.size, 1)
        # Words made later, when shown: they hold what they name, not the planner and its file.
        self.intake_words = partial(_intake_words, self.products)
        self.symptom_words = partial(_symptom_words, self.types)
        self.purchase_words = partial(_purchase_words, self.products)
        #: Tags of the new entries by kind, in their order; tags for entries already there.
        self.new_tags: dict[str, list[tuple[str, ...]]] = {}
        self.more_tags: list[tuple[str, int, tuple[str, ...]]] = []
        self._tags_had: dict[str, dict[int, tuple[str, ...]]] = {}

    def _tags_new(self, kind: str, where: Where) -> None:
        """Keep the file's tags of a new entry of `kind` (one tuple per new entry, none or some)."""
        tags = self.incoming.tags.get(tag_key(where), ()) if self.incoming.tags else ()
        self.new_tags.setdefault(kind, []).append(tags)
        if tags:
            self.added["tags"] += len(tags)

    def _tags_merged(self, kind: str, plural: str, have_id: int | None, what: str, where: Where) -> None:
        """The file's tags an entry already in the journal lacks are added to it (never taken away);
        more than an entry takes is a conflict, and the journal's tags are kept."""
        tags = self.incoming.tags.get(tag_key(where), ()) if self.incoming.tags else ()
        if not tags or have_id is None:
            return
        if kind not in self._tags_had:
            self._tags_had[kind] = self.entries.tags_of(Kind(kind))
        had = self._tags_had[kind].get(have_id, ())
        lacking = tuple(t for t in tags if t not in had)
        if not lacking:
            return
        if len(had) + len(lacking) > MAX_TAGS:
            self._conflict(plural, what, where, [("tags", "; ".join(had), "; ".join(tags))])
            return
        self.more_tags.append((kind, have_id, lacking))
        self.added["tags"] += len(lacking)

    def _step(self, n: int) -> None:
        self._done += n
        if self.progress is not None:
            self.progress(min(self._done, self._size), self._size)

    def plan(self, path: Path, fingerprint: tuple[Any, ...]) -> ImportPlan:
        current = self.journal.settings
        new_settings = self._settings(current)
        new_types = self._symptom_types()
        self._products()
        self._step(len(self.incoming.products) + len(self.incoming.symptom_types))
        intakes = self._intakes()
        new_symptoms = self._symptoms()
        self._step(len(self.incoming.symptoms))
        new_pain = self._pain()
        self._step(len(self.incoming.pain))
        new_withdrawal = self._withdrawal()
        self._step(len(self.incoming.withdrawal))
        new_breaks = self._breaks(self.entries.breaks())
        self._step(len(self.incoming.breaks))
        new_photos = self._photos(new_symptoms)
        self._step(len(self.incoming.photos))
        new_medications = self._medications()
        self._step(len(self.incoming.medications))
        new_plans = self._plans()
        self._step(len(self.incoming.plans))
        new_purchases = self._purchases()
        self._step(len(self.incoming.purchases))
        return ImportPlan(
            path=path,
            source=self.incoming.source,
            new=NewEntries(
                products=self.new_products,
                symptom_types=new_types,
                intakes=intakes,
                symptoms=new_symptoms,
                pain=new_pain,
                withdrawal=new_withdrawal,
                breaks=new_breaks,
                settings=new_settings,
                photos=new_photos,
                medications=new_medications,
                plans=new_plans,
                tags={kind: tuple(tags) for kind, tags in self.new_tags.items() if any(tags)},
                more_tags=tuple(self.more_tags),
                purchases=new_purchases,
            ),
            added=dict(sorted(self.added.items(), key=lambda kv: _ORDER[kv[0]])),
            already=dict(sorted(self.already.items(), key=lambda kv: _ORDER[kv[0]])),
            conflicts=tuple(self.conflicts),
            notes=(*self.incoming.notes, *self.notes),
            added_items=self.items,
            fingerprint=fingerprint,
        )

    def _add(self, kind: str, words: Callable[[Any], str], item: Any) -> None:
        self.added[kind] += 1
        self.items.add(words, item)

    def _conflict(
        self, kind: str, what: str, where: Where | str, diff: Sequence[tuple[str, Any, Any]]
    ) -> None:
        text = where if isinstance(where, str) else where.text()
        self.conflicts.append(Conflict(kind, what, differences(diff), text))

    def _settings(self, current: Settings) -> Settings | None:
        """A setting the journal still has at its default takes the file's value; others conflict."""
        if not self.incoming.settings:
            return None
        default, values = Settings(), asdict(current)
        where = self.incoming.settings_where or self.incoming.file
        for name, value in self.incoming.settings.items():
            here = getattr(current, name)
            if value == here or value == getattr(default, name):
                continue
            if here == getattr(default, name):
                values[name] = value
                self._add("settings", setting_words, (name, value))
            else:
                self._conflict("settings", f"setting {name}", where, [("value", here, value)])
        return Settings(**values) if values != asdict(current) else None

    def _symptom_types(self) -> list[tuple[SymptomType, Stamp]]:
        """Built-in types by key; custom ones by key, compared."""
        new: list[tuple[SymptomType, Stamp]] = []
        for stype, stamp, where in self.incoming.symptom_types:
            have = self.types.get(stype.key)
            if have is None:
                self.types[stype.key] = stype
                new.append((stype, stamp))
                self._add("symptom_types", type_words, stype)
                continue
            if stype.builtin or have.builtin:
                continue
            diff = [
                ("label", have.label, stype.label),
                ("category", have.category, stype.category),
                ("body areas", ", ".join(have.body_areas), ", ".join(stype.body_areas)),
                ("red flag", have.red_flag, stype.red_flag),
                ("source", have.source, stype.source),
            ]
            if any(a != b for _, a, b in diff):
                self._conflict("symptom_types", f"symptom type {stype.key}", where, diff)
            else:
                self.already["symptom_types"] += 1
        return new

    def _products(self) -> None:
        """Products by name, ignoring case; what intakes refer to, by number or by name."""

        def content(p: Product, deleted: datetime | None) -> tuple[Any, ...]:
            return (*asdict(replace(p, id=None, name=p.name.strip())).values(), deleted is not None)

        for inp, match, same in pair(
            self.existing_products,
            self.incoming.products,
            lambda e: fold(e[0].name),
            lambda i: fold(i.product.name),
            lambda e, i: content(*e) == content(i.product, i.deleted),
        ):
            if match is None:
                ident = self._new_product(inp.product, inp.stamp, inp.deleted)
            else:
                have, deleted = match
                assert have.id is not None
                ident = have.id
                if same:
                    self.already["products"] += 1
                else:
                    p = inp.product
                    self._conflict(
                        "products",
                        f"product {p.name.strip()}",
                        inp.where,
                        [
                            ("name", have.name, p.name.strip()),
                            ("vendor", have.vendor, p.vendor),
                            ("strain", have.strain, p.strain),
                            ("usual form", have.usual_form.value, p.usual_form.value),
                            ("grams per capsule", have.capsule_g, p.capsule_g),
                            ("leaf factor", have.leaf_factor, p.leaf_factor),
                            ("batch", have.batch, p.batch),
                            ("purity tested", have.purity_tested, p.purity_tested),
                            ("notes", have.notes, p.notes),
                            ("archived", have.archived, p.archived),
                            ("deleted", deleted is not None, inp.deleted is not None),
                        ],
                    )
            if inp.ref is not None:
                if inp.ref in self.by_ref:
                    raise inp.where.error(f"the product number {inp.ref} is used twice.", "ref")
                self.by_ref[inp.ref] = ident
            self.by_name.setdefault(fold(inp.product.name) or "", ident)
        # A product named only by name (a CSV without products.csv): the file's first, else
        # the journal's, preferring one in use over an archived or deleted one.
        for p, _deleted in sorted(self.existing_products, key=lambda e: (e[1] is not None, e[0].archived)):
            if p.id is not None:
                self.by_name.setdefault(fold(p.name) or "", p.id)

    def _new_product(self, product: Product, stamp: Stamp, deleted: datetime | None) -> int:
        placeholder = -(len(self.new_products) + 1)
        product = replace(product, id=placeholder)
        self.new_products.append((product, stamp, deleted))
        self.products[placeholder] = product
        self._add("products", product_words, product)
        return placeholder

    def _product_for(self, inc: InIntake) -> int | None:
        return self._product_of(inc.product_ref, inc.product_name, inc.form, inc.where)

    def _product_of(self, ref: int | None, name: str | None, form: Form, where: Where) -> int | None:
        """A product by its number in the file, else by name (a new one made with `form`), else None."""
        if ref is not None and (self.by_ref or name is None):
            found = self.by_ref.get(ref)
            if found is None:
                raise where.error(
                    f"refers to product number {ref}, which the file does not have.", "product_ref"
                )
            return found
        if name is None or not name.strip():
            return None
        key = fold(name) or ""
        if key not in self.by_name:
            product = Product(name.strip(), usual_form=form)
            self.by_name[key] = self._new_product(product, Stamp(self.now, self.now), None)
        return self.by_name[key]

    def _intake(self, inc: InIntake, pid: int | None) -> Intake:
        """The intake to write: its product resolved, its leaf amount worked out where the file has none."""
        leaf_mg, leaf_estimated = inc.leaf_mg, inc.leaf_estimated
        if inc.derive:
            key = (inc.amount, inc.unit, inc.form, pid)
            leaf = self.leaves.get(key)
            if leaf is None:
                product = self.products.get(pid) if pid is not None else None
                leaf = self.leaves[key] = leaf_amount(inc.amount, inc.unit, inc.form, product)
            leaf_mg, leaf_estimated = leaf.mg, leaf.estimate
        return Intake(
            inc.at,
            inc.amount,
            inc.unit,
            inc.form,
            leaf_mg,
            pid,
            inc.estimate,
            leaf_estimated,
            inc.notes,
            (),
            None,
            inc.created,
            inc.updated,
        )

    def _intakes(self) -> list[Intake]:
        """Intakes by UTC time, amount, unit and product name."""
        incoming = self.incoming.intakes
        resolved = [(inc, self._product_for(inc)) for inc in incoming]
        bounds = span(inc.at for inc in incoming)
        existing = self.journal.transfer.intakes_between(*bounds) if bounds is not None else []
        names: dict[int | None, str | None] = {pid: fold(p.name) for pid, p in self.products.items()}
        new: list[Intake] = []
        step = 0
        for (inc, pid), have, same in pair(
            existing,
            resolved,
            lambda i: (i.at.utc, i.amount, i.unit, names.get(i.product_id)),
            lambda r: (r[0].at.utc, r[0].amount, r[0].unit, names.get(r[1])),
            lambda i, r: intake_content(i) == incoming_content(r[0]),
        ):
            if have is None:
                new.append(self._intake(inc, pid))  # listed below, all in one run
                self._tags_new("intake", inc.where)
            elif same:
                self.already["intakes"] += 1
                if self.incoming.tags:
                    what = self.intake_words(have)
                    self._tags_merged("intake", "intakes", have.id, what, inc.where)
            else:
                self._conflict(
                    "intakes",
                    self.intake_words(self._intake(inc, pid)),
                    inc.where,
                    [
                        ("form", have.form.value, inc.form.value),
                        ("estimate", have.estimate, inc.estimate),
                        ("notes", have.notes, inc.notes),
                        ("zone", have.at.zone, inc.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, inc.at.offset_min),
                    ],
                )
            step += 1
            if step % 1000 == 0:
                self._step(1000)
        self._step(step % 1000)
        if new:
            self.added["intakes"] += len(new)
            self.items.extend(self.intake_words, new)
        return new

    def _symptoms(self) -> list[tuple[SymptomEntry, Stamp]]:
        """Symptom ratings by UTC time, symptom and body area."""
        new: list[tuple[SymptomEntry, Stamp]] = []
        bounds = span(entry.at for entry, _stamp, _where in self.incoming.symptoms)
        existing = self.entries.symptoms(*bounds) if bounds is not None else []
        for (entry, stamp, where), have, same in pair(
            existing,
            self.incoming.symptoms,
            lambda e: (e.at.utc, e.type_key, e.body_area),
            lambda s: (s[0].at.utc, s[0].type_key, s[0].body_area),
            lambda e, s: symptom_content(e) == symptom_content(s[0]),
        ):
            if entry.type_key not in self.types:
                raise where.error(
                    f"unknown symptom {show(entry.type_key)}: it is neither in the journal's catalogue "
                    "nor among the file's symptom types.",
                    "symptom",
                )
            if have is None:
                new.append((entry, stamp))
                self._add("symptoms", self.symptom_words, entry)
                self._tags_new("symptom", where)
            elif same:
                self.already["symptoms"] += 1
                if self.incoming.tags:
                    what = _symptom_label(self.types, entry)
                    self._tags_merged("symptom", "symptoms", have.id, what, where)
            else:
                self._conflict(
                    "symptoms",
                    _symptom_label(self.types, entry),
                    where,
                    [
                        ("severity", have.severity.word, entry.severity.word),
                        ("notes", have.notes, entry.notes),
                        ("zone", have.at.zone, entry.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, entry.at.offset_min),
                    ],
                )
        return new

    def _pain(self) -> list[tuple[PainCheckin, Stamp]]:
        """Pain check-ins by UTC time."""
        new: list[tuple[PainCheckin, Stamp]] = []
        bounds = span(checkin.at for checkin, _stamp, _where in self.incoming.pain)
        existing = self.entries.pain(*bounds) if bounds is not None else []
        for (checkin, stamp, where), have, same in pair(
            existing,
            self.incoming.pain,
            lambda c: c.at.utc,
            lambda p: p[0].at.utc,
            lambda c, p: pain_content(c) == pain_content(p[0]),
        ):
            if have is None:
                new.append((checkin, stamp))
                self._add("pain_checkins", pain_words, checkin)
                self._tags_new("pain", where)
            elif same:
                self.already["pain_checkins"] += 1
                what = f"pain check-in {when(checkin.at)}"
                self._tags_merged("pain", "pain_checkins", have.id, what, where)
            else:
                self._conflict(
                    "pain_checkins",
                    f"pain check-in {when(checkin.at)}",
                    where,
                    [
                        ("pain now", have.pain_now, checkin.pain_now),
                        ("PEG", have.peg, checkin.peg),
                        ("mood", have.mood, checkin.mood),
                        ("notes", have.notes, checkin.notes),
                        ("zone", have.at.zone, checkin.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, checkin.at.offset_min),
                    ],
                )
        return new

    def _withdrawal(self) -> list[tuple[WithdrawalScore, Stamp]]:
        """Withdrawal check-ins (SOWS) by UTC time."""
        new: list[tuple[WithdrawalScore, Stamp]] = []
        bounds = span(score.at for score, _stamp, _where in self.incoming.withdrawal)
        existing = self.entries.withdrawal(*bounds) if bounds is not None else []
        for (score, stamp, where), have, same in pair(
            existing,
            self.incoming.withdrawal,
            lambda w: w.at.utc,
            lambda p: p[0].at.utc,
            lambda w, p: withdrawal_content(w) == withdrawal_content(p[0]),
        ):
            if have is None:
                new.append((score, stamp))
                self._add("withdrawal_scores", withdrawal_words, score)
                self._tags_new("withdrawal", where)
            elif same:
                self.already["withdrawal_scores"] += 1
                what = f"withdrawal check-in {when(score.at)}"
                self._tags_merged("withdrawal", "withdrawal_scores", have.id, what, where)
            else:
                self._conflict(
                    "withdrawal_scores",
                    f"withdrawal check-in {when(score.at)}",
                    where,
                    [
                        ("answers", " ".join(map(str, have.items)), " ".join(map(str, score.items))),
                        ("zone", have.at.zone, score.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, score.at.offset_min),
                    ],
                )
        return new

    def _medications(self) -> list[tuple[Medication, Stamp]]:
        """Other medications by name (ignoring case) and start date: one already there is skipped, one
        that differs is a conflict (the journal's version is kept)."""
        new: list[tuple[Medication, Stamp]] = []
        if not self.incoming.medications:
            return new

        def key(m: Medication) -> tuple[str, Any]:
            return m.name.strip().casefold(), m.started

        def content(m: Medication) -> tuple[Any, ...]:
            return (m.name.strip(), m.dose.strip(), m.how_often.strip(), m.reason, m.stopped, m.notes)

        for (found, stamp, where), have, same in pair(
            self.journal.medications.all(),
            self.incoming.medications,
            key,
            lambda p: key(p[0]),
            lambda m, p: content(m) == content(p[0]),
        ):
            if have is None:
                new.append((found, stamp))
                self._add("medications", _medication_words, found)
            elif same:
                self.already["medications"] += 1
            else:
                self._conflict(
                    "medications",
                    f"medication {found.name}",
                    where,
                    [
                        ("dose", have.dose, found.dose),
                        ("how often", have.how_often, found.how_often),
                        ("reason", have.reason, found.reason),
                        ("stopped", have.stopped, found.stopped),
                        ("notes", have.notes, found.notes),
                    ],
                )
        return new

    def _plans(self) -> list[tuple[TaperPlan, Stamp]]:
        """Taper plans by first day. One running (not ended) is added only while the journal runs
        none: two plans never run at once, as with breaks."""
        new: list[tuple[TaperPlan, Stamp]] = []
        if not self.incoming.plans:
            return new
        existing = self.journal.taper.all()
        running = any(p.ended is None for p in existing)

        def content(p: TaperPlan) -> tuple[Any, ...]:
            return (p.start_g, p.target_g, p.step_g, p.every_days, p.pauses, p.ended, p.notes, p.table)

        for (found, stamp, where), have, same in pair(
            existing,
            self.incoming.plans,
            lambda p: p.first_day,
            lambda x: x[0].first_day,
            lambda p, x: content(p) == content(x[0]),
        ):
            what = f"taper plan from {found.first_day.isoformat()}"
            if have is None and found.ended is None and running:
                self._conflict("taper_plans", what, where, [("running", "another plan runs", "runs")])
            elif have is None:
                new.append((found, stamp))
                running = running or found.ended is None
                self._add("taper_plans", _plan_words, found)
            elif same:
                self.already["taper_plans"] += 1
            else:
                self._conflict(
                    "taper_plans",
                    what,
                    where,
                    [
                        ("plan", have.describe(), found.describe()),
                        ("days", "; ".join(have.table_text()), "; ".join(found.table_text())),
                        ("pauses", len(have.pauses), len(found.pauses)),
                        ("ended", have.ended, found.ended),
                        ("notes", have.notes, found.notes),
                    ],
                )
        return new

    def _purchases(self) -> list[tuple[Purchase, Stamp]]:
        """Purchases and corrections by UTC time, product name and kind: one already there is skipped,
        one that differs (amount, unit, price, batch, notes) is a conflict (the journal's is kept)."""
        new: list[tuple[Purchase, Stamp]] = []
        if not self.incoming.purchases:
            return new
        resolved = [
            (
                replace(
                    inp.purchase,
                    product_id=self._product_of(inp.product_ref, inp.product_name, Form.POWDER, inp.where),
                ),
                inp,
            )
            for inp in self.incoming.purchases
        ]
        names: dict[int | None, str | None] = {pid: fold(p.name) for pid, p in self.products.items()}

        def key(p: Purchase) -> tuple[Any, ...]:
            return p.at.utc, names.get(p.product_id), p.correction

        def content(p: Purchase) -> tuple[Any, ...]:
            return p.amount, p.unit, p.price, p.batch.strip(), p.notes

        for (found, inp), have, same in pair(
            self.journal.stash.all(),
            resolved,
            key,
            lambda r: key(r[0]),
            lambda p, r: content(p) == content(r[0]),
        ):
            if have is None:
                new.append((found, inp.stamp))
                self._add("purchases", self.purchase_words, found)
            elif same:
                self.already["purchases"] += 1
            else:
                self._conflict(
                    "purchases",
                    self.purchase_words(found),
                    inp.where,
                    [
                        ("amount", have.amount_text(), found.amount_text()),
                        ("price", have.price, found.price),
                        ("batch", have.batch, found.batch),
                        ("notes", have.notes, found.notes),
                    ],
                )
        return new

    def _photos(self, new_symptoms: Sequence[tuple[SymptomEntry, Stamp]]) -> list[NewPhoto]:
        """Photos by the sha256 of their pixels: a picture already in the journal is not added again.

        A link to a symptom rating is kept when that rating (its UTC time and
        symptom) is in the journal or among the ratings the file adds.
        """
        if not self.incoming.photos:
            return []
        existing = {p.sha256: p for p in reversed(self.journal.photos.all())}
        ratings = {(e.at.utc, e.type_key) for e, _stamp in new_symptoms}
        links = [inc.symptom for inc in self.incoming.photos if inc.symptom is not None]
        if links:
            start, end = min(t for t, _ in links), max(t for t, _ in links) + _US
            ratings |= {(e.at.utc, e.type_key) for e in self.entries.symptoms(start, end)}
        new: list[NewPhoto] = []
        unlinked = 0
        for inc in self.incoming.photos:
            photo, sha = inc.photo, inc.image.sha256
            have = existing.get(sha)
            if have is None:
                existing[sha] = photo
                link = inc.symptom if inc.symptom in ratings else None
                unlinked += inc.symptom is not None and link is None
                new.append(NewPhoto(photo, inc.stamp.created, inc.stamp.updated, inc.image, link))
                self._add("photos", photo_words, photo)
                self._tags_new("photo", inc.where)
            elif photo_content(have) == photo_content(photo) or have.id is None:
                self.already["photos"] += 1  # in the journal, or twice in the file
                self._tags_merged("photo", "photos", have.id, photo_words(photo), inc.where)
            else:
                self._conflict(
                    "photos",
                    photo_words(photo),
                    inc.where,
                    [
                        ("time", have.at.utc, photo.at.utc),
                        ("area", have.area, photo.area),
                        ("label", have.label, photo.label),
                        ("notes", have.notes, photo.notes),
                        ("zone", have.at.zone, photo.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, photo.at.offset_min),
                    ],
                )
        if unlinked:
            self.notes.append(
                f"{unlinked} photo{'s' if unlinked != 1 else ''} named a symptom rating that is in neither "
                "the journal nor the file: imported without that link."
            )
        return new

    def _breaks(self, existing: list[Break]) -> list[tuple[Break, Stamp]]:
        """Breaks by their UTC start; at most one may be running."""
        running = any(b.running for b in existing)
        new: list[tuple[Break, Stamp]] = []
        for (brk, stamp, where), have, same in pair(
            existing,
            self.incoming.breaks,
            lambda b: b.start.utc,
            lambda b: b[0].start.utc,
            lambda b, i: break_content(b) == break_content(i[0]),
        ):
            label = f"break from {when(brk.start)}"
            if have is None:
                if brk.running and running:
                    self._conflict("breaks", label, where, [("running", "another break", "this one")])
                    continue
                running = running or brk.running
                new.append((brk, stamp))
                self._add("breaks", break_words, brk)
                self._tags_new("break", where)
            elif same:
                self.already["breaks"] += 1
                self._tags_merged("break", "breaks", have.id, label, where)
            else:
                self._conflict(
                    "breaks",
                    label,
                    where,
                    [
                        ("planned end", have.planned_end, brk.planned_end),
                        (
                            "end",
                            have.actual_end.utc if have.actual_end else None,
                            brk.actual_end.utc if brk.actual_end else None,
                        ),
                        ("reason", have.reason, brk.reason),
                        ("outcome", have.outcome, brk.outcome),
                        ("zone", have.start.zone, brk.start.zone),
                        ("UTC offset (minutes)", have.start.offset_min, brk.start.offset_min),
                    ],
                )
        return new


def _intake_words(products: dict[int, Product], intake: Intake) -> str:
    label = f"intake {when(intake.at)}, {format_amount(intake.amount)} {intake.unit.value}"
    if intake.product_id is not None:
        label += f" {products[intake.product_id].name.strip()}"
    return label


def _symptom_label(types: dict[str, SymptomType], entry: SymptomEntry) -> str:
    return f"symptom {types[entry.type_key].label} {when(entry.at)}"


def _symptom_words(types: dict[str, SymptomType], entry: SymptomEntry) -> str:
    return f"{_symptom_label(types, entry)}: {entry.severity.word}"


def _medication_words(m: Medication) -> str:
    details = m.dose_text()
    return f"medication {m.name}" + (f" ({details})" if details else "")


def _plan_words(p: TaperPlan) -> str:
    return f"taper plan {p.describe()}"


def _purchase_words(products: dict[int, Product], p: Purchase) -> str:
    of = f" of {products[p.product_id].name.strip()}" if p.product_id in products else ""
    return f"weighed {p.amount_text()}{of} left" if p.correction else f"purchase of {p.amount_text()}{of}"
