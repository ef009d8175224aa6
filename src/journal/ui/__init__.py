"""The PySide6 window: the only Qt code in the project."""
