"""The case folder and the approval package: written whole, signed, reviewed, verified."""
