"""Dialogs: check-ins, breaks, corrections, products, the report, transfers, safety, start-up."""
