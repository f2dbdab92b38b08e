"""The report, summary.json, the dashboard's view and the report's charts."""
