"""The analysis Django app: it reads votes and messages, runs :mod:`opinion_core` on them,
stores the runs and serves the board's reports. ``python -m analysis`` runs the core alone,
on a Pol.is export, without loading Django (see ``analysis/__main__.py``)."""
