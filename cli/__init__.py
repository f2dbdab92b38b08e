"""The ``credit-dd`` command line: runs flows, prints what a person needs to see."""
