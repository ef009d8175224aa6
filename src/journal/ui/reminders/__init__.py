"""Reminders: when each is due (scheduler) and the notifications that say so."""
