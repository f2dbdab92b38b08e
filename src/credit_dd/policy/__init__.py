"""Policy data, typed: the credit policy, checklists, governance, and the finding catalogue."""
