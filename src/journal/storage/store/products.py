"""Products: the things a person takes, with what their conversions need."""

from __future__ import annotations

from sqlalchemy import func, select

from journal.domain.entities import Product
from journal.storage.models import ProductRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import PRODUCTS, product


class Products(StoreBase):
    def add_product(self, p: Product) -> Product:
        return self._add(PRODUCTS, p)

    def update_product(self, p: Product) -> Product:
        return self._correct(PRODUCTS, p.id, lambda _old: p)

    def product(self, product_id: int) -> Product:
        return self._get(PRODUCTS, product_id)

    def products(self, *, include_archived: bool = False) -> list[Product]:
        query = select(ProductRow).where(ProductRow.deleted.is_(None)).order_by(func.lower(ProductRow.name))
        if not include_archived:
            query = query.where(ProductRow.archived.is_(False))
        with self._tx() as s:
            return [product(r) for r in s.scalars(query)]

    def product_by_name(self, name: str) -> Product | None:
        """A live product by name, ignoring case."""
        with self._tx() as s:
            row = s.scalars(
                select(ProductRow).where(
                    ProductRow.deleted.is_(None), func.lower(ProductRow.name) == name.strip().lower()
                )
            ).first()
            return None if row is None else product(row)
