"""Macro: the Fed, global policy rates, inflation, recession risk and Fed-cycle event studies.

``series`` is the catalogue, ``pit`` the point-in-time rules, ``inputs`` reads a source,
``fed`` / ``event_study`` / ``recession`` / ``global_rates`` compute, ``view`` assembles
the page's numbers and ``report`` the ``macro`` report section.
"""
