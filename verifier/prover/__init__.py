"""The symbolic prover: exact arguments only, and a record of every step taken.

``prove`` (``strategies``) tries, in order:

1. **Symbolic size** (``symbolic``): differentiate, bring every sum into the normal form
   of ``sums``, split Kronecker deltas between free indices (``cases``), then show each
   case's residual is 0 (``zero``) or has the sign the relation needs (``sign`` and the
   sign tactics), after case splits on the breakpoints of Max, Min, Abs, sign,
   Heaviside and Piecewise (``breakpoints``, ``regions``, ``piecewise_cases``).
   Success proves the claim for every size: scope ``all``.
2. **Fixed sizes** (``fixed_sizes``): write the claim out at K = 1..6 with every index
   assignment and decide each instance. Success proves it for those sizes only.
3. **Values** (``values``): a closed-form number within a tolerance, at 50 digits.

A failed attempt proves nothing: the prover never refutes. Each sign tactic is a module
whose docstring states the lemma it relies on.
"""

from verifier.prover.attempt import ProofAttempt
from verifier.prover.strategies import FIXED_SIZES, prove

__all__ = ["FIXED_SIZES", "ProofAttempt", "prove"]
