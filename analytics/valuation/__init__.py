"""Valuation and sectors: fund ratios, bottom-up index P/E, sector mix and sector performance.

Modules by responsibility: :mod:`fields` (one normaliser per Yahoo field), :mod:`sectors` (one
sector vocabulary, weights from holdings), :mod:`bottom_up` (weighted harmonic P/E),
:mod:`sector_performance`, :mod:`history` (dated records and imported P/E history) and
:mod:`report` (the ``valuation`` report section).
"""
