"""Thesis files (format 1): a market thesis as data, its claims on a catalogue of metrics.

:mod:`~analytics.theses.loader` reads a file safely and validates it into a
:class:`~analytics.theses.model.Thesis`; :mod:`~analytics.theses.catalogue` holds the metrics
and their parameters; :mod:`~analytics.theses.cli` is ``python -m analytics thesis``. This
package imports only the standard library, pydantic, yaml and the kernel modules.
"""
