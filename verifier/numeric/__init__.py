"""Numeric evidence: instances at fixed sizes, evaluation, printing to NumPy (per
assignment, and for every size at once), finite differences, the falsifier that hunts
for counterexamples (sampling, landmarks, moves, shrinking), exact confirmation at 50
digits, float64 facts and the gradient checker.

Independent of the prover: nothing here imports ``verifier.prover``, so the numeric
check stays a safety net under every tactic.
"""
