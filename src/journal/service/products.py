"""The products a person keeps: the Products page, `journal products`, and intakes naming one."""

from __future__ import annotations

from journal.domain.entities import Form, Product
from journal.storage.store import Store


class Products:
    """`journal.products`: list, find, add and correct products."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self, *, include_archived: bool = False) -> list[Product]:
        """Live products by name (ignoring case); archived ones only when asked for."""
        return self._store.products(include_archived=include_archived)

    def get(self, product_id: int) -> Product:
        """The live product with this id (NotFound if it was deleted)."""
        return self._store.product(product_id)

    def by_name(self, name: str) -> Product | None:
        """A live product by name, ignoring case."""
        return self._store.product_by_name(name)

    def add(self, product: Product) -> Product:
        return self._store.add_product(product)

    def update(self, product: Product) -> Product:
        return self._store.update_product(product)

    def named(self, name: str, form: Form = Form.POWDER) -> Product:
        """A product by name, created with `form` as its usual form if it is new."""
        found = self._store.product_by_name(name)
        if found is not None:
            return found
        return self._store.add_product(Product(name.strip(), usual_form=form))
