"""Numeric evidence: instances at fixed sizes, evaluation, printing to NumPy, finite
differences, the cross-check that hunts for counterexamples, exact confirmation at 50
digits, float64 facts and the gradient checker.

Independent of the prover: nothing here imports ``verifier.prover``, so the numeric
check stays a safety net under every tactic.
"""
