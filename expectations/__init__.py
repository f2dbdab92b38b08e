"""Package data: the expectation suites (installed as credit_dd.expectations)."""
