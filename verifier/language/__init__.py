"""The claim language: what a claim is and how it is written.

Domains and declarations, the vocabulary functions (softmax, sigmoid, ...), definitions,
the claim model, intervals of declared scalars, the printed forms, the syntax tree and
its bounds, the expression parser, and claim files with the lines of their keys.
Nothing here verifies anything: this package imports no other part of the verifier but
its errors and verdicts.
"""
