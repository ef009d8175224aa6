"""Taper plans (migration 0007): the person's own schedules, one active at a time."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from journal.domain.taper import TaperPlan
from journal.storage.models import TaperPlanRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import PLANS, live, taper_plan


class Plans(StoreBase):
    def add_plan(self, plan: TaperPlan) -> TaperPlan:
        return self._add(PLANS, plan)

    def start_plan(self, plan: TaperPlan, end_others_on: TaperPlan | None) -> TaperPlan:
        """Save a new plan and end the one running (`end_others_on`, on the new plan's first day), in
        one transaction: there is never a moment with two active plans or none."""
        with self._tx(write=True) as s:
            if end_others_on is not None:
                row = live(s, TaperPlanRow, end_others_on.id)
                PLANS.fill(replace(taper_plan(row), ended=plan.first_day), row)
                self._stamp(row)
            new = TaperPlanRow()
            PLANS.fill(plan, new)
            self._stamp(new)
            s.add(new)
            s.flush()
            return taper_plan(new)

    def update_plan(self, plan: TaperPlan) -> TaperPlan:
        return self._correct(PLANS, plan.id, lambda old: replace(plan, id=old.id, created=old.created))

    def plans(self) -> list[TaperPlan]:
        """Every live plan, oldest first."""
        query = (
            select(TaperPlanRow)
            .where(TaperPlanRow.deleted.is_(None))
            .order_by(TaperPlanRow.first_day, TaperPlanRow.id)
        )
        with self._tx() as s:
            return [taper_plan(r) for r in s.scalars(query)]
