"""credit-dd domain package: plain Python, no Prefect.

Everything a due-diligence run computes lives here as typed, side-effect-free functions
(except the ``read_``/``write_`` ones, which say so). ``tasks/`` and ``flows/`` wrap them.
"""

__version__ = "0.1.0"
