"""Other medications and substances the person reports (migration 0007)."""

from __future__ import annotations

from sqlalchemy import func, select

from journal.domain.medications import Medication
from journal.storage.models import MedicationRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import MEDICATIONS, medication


class Medications(StoreBase):
    def add_medication(self, m: Medication) -> Medication:
        return self._add(MEDICATIONS, m)

    def update_medication(self, m: Medication) -> Medication:
        return self._correct(
            MEDICATIONS,
            m.id,
            lambda old: Medication(
                m.name, m.dose, m.how_often, m.reason, m.started, m.stopped, m.notes, old.id, old.created
            ),
        )

    def medication(self, medication_id: int) -> Medication:
        return self._get(MEDICATIONS, medication_id)

    def medications(self) -> list[Medication]:
        """Every live one, by name (ignoring case), then by start date."""
        query = (
            select(MedicationRow)
            .where(MedicationRow.deleted.is_(None))
            .order_by(func.lower(MedicationRow.name), MedicationRow.started, MedicationRow.id)
        )
        with self._tx() as s:
            return [medication(r) for r in s.scalars(query)]
