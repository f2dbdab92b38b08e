"""Intake: the application form, the inbox it arrives in, the identifiers on it."""
