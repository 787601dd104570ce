"""Renderers of outcomes: the terminal report, the JSON document, the errata, the
figures and the LaTeX appendix. They read claims and outcomes (plain data) and never
reach into the prover or the numeric check.
"""
