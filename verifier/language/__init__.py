"""The claim language: what a claim is and how it is written.

Domains and declarations, the vocabulary functions (softmax, sigmoid, ...), the claim
model, intervals of declared scalars, the printed forms, the expression parser and
claim files. Nothing here verifies anything: this package imports no other part of the
verifier but its errors and verdicts.
"""
