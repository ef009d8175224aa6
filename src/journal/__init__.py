"""A private, offline dose and symptom journal."""

__version__ = "0.1.0"
