"""The person's settings, one row per setting.

Besides the `Settings` fields, the table holds values of their own under other
keys (a reminder's time and days, the tray's choices), stored as JSON and
given to the service as they are: it turns them into domain objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import select

from journal.domain.entities import Settings
from journal.storage import findings
from journal.storage.models import SettingRow
from journal.storage.store.base import StoreBase

_SETTINGS_FIELDS = frozenset(f.name for f in fields(Settings))


def _own_key(key: str) -> str:
    if key in _SETTINGS_FIELDS:
        raise ValueError(f"{key} is a field of Settings: use save_settings")
    return key


class SettingsRows(StoreBase):
    def settings(self) -> Settings:
        with self._tx() as s:
            return findings.read_settings(s.connection())

    def save_settings(self, settings: Settings) -> None:
        """Save the settings; a change to one the rules read refreshes every stored finding."""
        with self._tx(write=True) as s:
            before = findings.read_settings(s.connection())
            for key, value in asdict(settings).items():
                s.merge(SettingRow(key=key, value=findings.stored_setting(value)))
            if findings.rules_changed(before, settings):
                s.flush()
                findings.refresh_all(s.connection(), self.guidance)

    def stored_values(self, prefix: str) -> dict[str, Any]:
        """The values stored under keys starting with `prefix` (not Settings fields), decoded."""
        with self._tx() as s:
            rows = s.execute(
                select(SettingRow.key, SettingRow.value).where(SettingRow.key.startswith(prefix))
            )
            return {key: json.loads(value) for key, value in rows if key not in _SETTINGS_FIELDS}

    def change_value(self, key: str, change: Callable[[Any], Any]) -> Any:
        """Store `change(current)` under `key` (current is None when nothing is stored), in one
        write transaction, so a change made meanwhile by another process is never overwritten."""
        with self._tx(write=True) as s:
            row = s.get(SettingRow, _own_key(key))
            new = change(None if row is None else json.loads(row.value))
            s.merge(SettingRow(key=key, value=json.dumps(new)))
            return new
