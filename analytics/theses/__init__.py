"""Thesis files (format 1): a market thesis as data, its claims on a catalogue of metrics.

:mod:`~analytics.theses.loader` reads a file safely and validates it into a
:class:`~analytics.theses.model.Thesis`; :mod:`~analytics.theses.catalogue` holds the metrics
and their parameters; :mod:`~analytics.theses.cli` is ``python -m analytics thesis``;
:mod:`~analytics.theses.shipped` finds the shipped files by id. These import only the standard
library, pydantic, yaml and the kernel modules. :mod:`~analytics.theses.metrics` computes the
metrics, reusing the topics' code (it alone imports them, and is imported only when needed).
"""
