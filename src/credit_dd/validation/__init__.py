"""Validation: do the numbers hold together (the expectation suites), and is every document there."""
