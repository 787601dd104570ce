"""Strategy 2, fixed sizes: a proof for the listed sizes only.

At each size every index assignment (and every one-hot position and binary choice) is
written out and decided as a claim in finitely many scalars. A size that does not reduce
ends the attempt, so the scope is always a prefix of the sizes tried from the minimum.
"""

from __future__ import annotations

import itertools

import sympy as sp

from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.numeric.instances import Instance, assignments
from verifier.outcome import Proof
from verifier.problem import Problem
from verifier.prover.attempt import ProofAttempt, goal
from verifier.prover.recorder import Recorder
from verifier.prover.residual import differentiate, residual_of
from verifier.prover.sign import has_sign
from verifier.prover.zero import is_zero
from verifier.verdicts import Scope

__all__ = ["MAX_BINARY_ENTRIES", "prove_at_size", "prove_fixed"]

MAX_BINARY_ENTRIES = 8


def prove_fixed(problem: Problem, size: Declaration, sizes: tuple[int, ...]) -> ProofAttempt:
    record = Recorder()
    record.add(f"Write the claim out at fixed sizes {size.name} and check every index assignment")
    proved: list[int] = []
    for n in sizes:
        if n < size.minimum:
            continue
        ok, detail = prove_at_size(problem, n)
        if not ok:
            # A size that does not reduce makes the smaller ones no evidence for a scope.
            return ProofAttempt(proof=None, failure=f"fixed sizes: {detail}")
        proved.append(n)
        record.add(f"{size.name} = {n}: {detail}")
    if not proved:
        return ProofAttempt(proof=None, failure=f"fixed sizes: no size >= {size.minimum} in {sizes}")
    return ProofAttempt(proof=Proof(scope=Scope(sizes=tuple(proved)), method="fixed sizes", steps=record.steps))


def prove_at_size(problem: Problem, n: int) -> tuple[bool, str]:
    import numpy as np

    cases = assignments(problem.declarations, problem.assumptions, np.random.default_rng(0), (n,), exhaustive=True)
    if not cases:
        return True, "no index assignment satisfies the hypotheses"
    count = 0
    for assignment in cases:
        instance = Instance(problem.declarations, assignment)
        residual = differentiate(instance.concrete(residual_of(problem)))
        conditions = [instance.concrete(a) for a in problem.assumptions]
        for variant in _domain_variants(problem, instance):
            if any(c.xreplace(variant) in (sp.false, False) for c in conditions):
                continue  # this one-hot or binary choice violates a hypothesis
            instance_residual = residual.xreplace(variant)
            count += 1
            if problem.relation is sp.Equality:
                ok = is_zero(instance_residual) is not None
            else:
                ok = has_sign(instance_residual, problem.relation) is not None
            if not ok:
                return False, f"could not reduce the instance {assignment.describe()} to {goal(problem)}"
    return True, f"{count} instance(s), each reduced to {goal(problem)}"


def _domain_variants(problem: Problem, instance: Instance) -> list[dict[sp.Basic, sp.Basic]]:
    """Substitutions that encode the vector-wide domains exactly at this size."""
    base: dict[sp.Basic, sp.Basic] = {}
    from verifier.numeric.instances import entry_symbol

    for declaration in problem.declarations:
        if declaration.domain is Domain.SIMPLEX:
            (n,) = instance.shape(declaration)
            entries = [entry_symbol(declaration, (i,)) for i in range(1, n + 1)]
            base[entries[-1]] = 1 - sp.Add(*entries[:-1])
    variants: list[dict[sp.Basic, sp.Basic]] = []
    binaries = [
        (entry, (0, 1) if declaration.domain is Domain.BINARY else (-1, 1))
        for declaration in problem.declarations
        if declaration.domain in (Domain.BINARY, Domain.SIGN)
        for entry in _entries(declaration, instance)
    ]
    if len(binaries) > MAX_BINARY_ENTRIES:
        binaries = []
    for hot in instance.onehot_positions():
        for bits in itertools.product(*[values for _, values in binaries]):
            variant = dict(base)
            variant.update({s: sp.Integer(int(v)) for s, v in hot.items()})
            variant.update({s: sp.Integer(b) for (s, _), b in zip(binaries, bits, strict=True)})
            variants.append(variant)
    return variants


def _entries(declaration: Declaration, instance: Instance) -> list[sp.Symbol]:
    if declaration.kind is Kind.SCALAR:
        return [declaration.symbol]
    from verifier.numeric.instances import entry_symbol

    return [
        entry_symbol(declaration, position)
        for position in itertools.product(*(range(1, n + 1) for n in instance.shape(declaration)))
    ]
