"""ORM models. Amounts are exact (text decimals and integer milligrams), times UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes stored as naive UTC text that sorts and works with date()."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class DecimalText(TypeDecorator[Decimal]):
    """Decimals stored as text so no binary float ever touches an amount."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else format(value, "f")

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    pass


class Stamped:
    """Created, updated and (soft) deleted times on every row."""

    created: Mapped[datetime] = mapped_column(UTCDateTime)
    updated: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Timed:
    """An instant with the zone and offset it was recorded in."""

    at_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    zone: Mapped[str] = mapped_column(String(64))
    offset_min: Mapped[int] = mapped_column(Integer)


class ProductRow(Stamped, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    vendor: Mapped[str] = mapped_column(String(200), default="")
    strain: Mapped[str] = mapped_column(String(200), default="")
    usual_form: Mapped[str] = mapped_column(String(16))
    capsule_g: Mapped[Decimal | None] = mapped_column(DecimalText)
    leaf_factor: Mapped[Decimal | None] = mapped_column(DecimalText)
    batch: Mapped[str] = mapped_column(String(200), default="")
    purity_tested: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class IntakeRow(Timed, Stamped, Base):
    __tablename__ = "intakes"
    # The time index covers what daily sums, rolling totals and History's filters read (migration 0003).
    __table_args__ = (
        Index(
            "ix_intakes_at",
            "at_utc",
            "offset_min",
            "leaf_mg",
            "estimate",
            "leaf_estimated",
            "deleted",
            "product_id",
            "notes",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(DecimalText)
    unit: Mapped[str] = mapped_column(String(8))
    form: Mapped[str] = mapped_column(String(16))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    leaf_mg: Mapped[int | None] = mapped_column(Integer)
    estimate: Mapped[bool] = mapped_column(Boolean, default=False)
    leaf_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="[]")


class BreakRow(Stamped, Base):
    __tablename__ = "breaks"

    id: Mapped[int] = mapped_column(primary_key=True)
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    zone: Mapped[str] = mapped_column(String(64))
    offset_min: Mapped[int] = mapped_column(Integer)
    planned_end: Mapped[str | None] = mapped_column(String(10))
    end_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_offset_min: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")


class SymptomTypeRow(Stamped, Base):
    __tablename__ = "symptom_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    body_areas: Mapped[str] = mapped_column(Text, default="[]")
    red_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(64))
    builtin: Mapped[bool] = mapped_column(Boolean, default=True)


class SymptomEntryRow(Timed, Stamped, Base):
    __tablename__ = "symptom_entries"
    __table_args__ = (Index("ix_symptom_entries_at", "at_utc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("symptom_types.id"))
    severity: Mapped[int] = mapped_column(Integer)
    body_area: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class PainRow(Timed, Stamped, Base):
    __tablename__ = "pain_checkins"
    __table_args__ = (Index("ix_pain_checkins_at", "at_utc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pain_now: Mapped[int] = mapped_column(Integer)
    peg_pain: Mapped[int | None] = mapped_column(Integer)
    peg_enjoyment: Mapped[int | None] = mapped_column(Integer)
    peg_activity: Mapped[int | None] = mapped_column(Integer)
    mood: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class WithdrawalRow(Timed, Stamped, Base):
    """A scored withdrawal check-in (SOWS): the 16 answers as 16 digits 0-4, in item order."""

    __tablename__ = "withdrawal_scores"
    __table_args__ = (Index("ix_withdrawal_scores_at", "at_utc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    items: Mapped[str] = mapped_column(String(16))


class PhotoRow(Timed, Stamped, Base):
    """A photo of a body area (migration 0006). Its pixels are not here: they live in the photo store
    beside the journal (`storage/pictures.py`), addressed by `sha256`, the hash of the stored bytes."""

    __tablename__ = "photos"
    __table_args__ = (Index("ix_photos_at", "at_utc"), Index("ix_photos_sha256", "sha256"))

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    symptom_id: Mapped[int | None] = mapped_column(ForeignKey("symptom_entries.id"))


class MedicationRow(Stamped, Base):
    """Another medication or substance the person reports (migration 0007): text as written, dates."""

    __tablename__ = "medications"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    dose: Mapped[str] = mapped_column(String(200), default="")
    how_often: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    started: Mapped[str | None] = mapped_column(String(10))
    stopped: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")


class TaperPlanRow(Stamped, Base):
    """A taper plan (migration 0007): the person's own schedule; pauses as JSON pairs of ISO days."""

    __tablename__ = "taper_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    start_g: Mapped[Decimal] = mapped_column(DecimalText)
    target_g: Mapped[Decimal] = mapped_column(DecimalText)
    step_g: Mapped[Decimal] = mapped_column(DecimalText)
    every_days: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[str] = mapped_column(String(10))
    pauses: Mapped[str] = mapped_column(Text, default="[]")
    ended: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    #: An explicit day-by-day table (migration 0008): JSON pairs of ISO day and grams; None: the step rules.
    days: Mapped[str | None] = mapped_column(Text, default=None)


class PurchaseRow(Timed, Stamped, Base):
    """A purchase, or a correction setting the stock to what was weighed (migration 0008)."""

    __tablename__ = "purchases"
    __table_args__ = (Index("ix_purchases_at", "at_utc", "deleted", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    amount: Mapped[Decimal] = mapped_column(DecimalText)
    unit: Mapped[str] = mapped_column(String(8))
    correction: Mapped[bool] = mapped_column(Boolean, default=False)
    price: Mapped[Decimal | None] = mapped_column(DecimalText)
    batch: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class EntryTagRow(Base):
    """A context tag on one entry, named by the entry's kind and id (migration 0008)."""

    __tablename__ = "entry_tags"
    __table_args__ = (Index("ix_entry_tags_tag", "tag", "kind", "entry_id"),)

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
