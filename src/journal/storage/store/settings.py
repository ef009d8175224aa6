"""The person's settings, one row per setting."""

from __future__ import annotations

from dataclasses import asdict

from journal.domain.entities import Settings
from journal.storage import findings
from journal.storage.models import SettingRow
from journal.storage.store.base import StoreBase


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
