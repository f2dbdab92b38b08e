"""Package data: the report and notice templates (installed as credit_dd.templates)."""
