"""Soundness: mutants of every proved claim, and a corpus of false claims of known classes.

Two measures of what the verifier says about false statements, through the engine the
``verify-derivations`` command runs (prover and falsifier, two workers, 60 s per claim):

- mutants (``bench/mutants.py``): every proved claim of the catalogue and of examples/
  edited the ways derivations go wrong. A false mutant should come back refuted; a true
  one (listed in ``TRUE_MUTANTS`` with the reason) proved or undecided.
- a generated corpus of false claims, 20 per class, each false only somewhere a sample
  in a box misses: a narrow region, far out, a closed end, a near-tie (a margin below
  float64's resolution), a large size, a breakpoint. Parameters are drawn from a seeded
  generator, so the corpus is the same on every run.

For each: refuted (the false claim is caught), undecided (missed: no proof, no
counterexample), proved (must be 0: a proof of a false statement) and error (the
verifier contradicts itself: a proof and a confirmed counterexample, a prover bug the
falsifier exposed). Deterministic.

Run ``python -m bench.soundness`` (``--json``; ``--quick``: 6 claims per class and one
mutant per claim).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from bench.mutants import TRUE_MUTANTS, mutants, proved_claims, sample
from bench.proof_cost import machine
from verifier import (
    Claim,
    Domain,
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
    Sum,
    Variables,
    claim,
    log,
    relu,
    sigmoid,
    summation_index,
    verify_all,
)

__all__ = ["CLASSES", "corpus", "main"]

PER_CLASS = 20
QUICK_PER_CLASS = 6
SEED = 20241203
JOBS = 2
TIMEOUT = 60.0
VERDICTS = ("refuted", "undecided", "proved", "error")

v = Variables()
K = v.size("K")
p = v.vector("p", K, Domain.SIMPLEX)
x = v.scalar("x")
u = v.scalar("u", Domain.UNIT)
t = v.scalar("t", Domain.NONNEGATIVE)
m = summation_index("m")


def _power(rng: np.random.Generator, low: int, high: int) -> sp.Rational:
    """10**-k for k drawn in [low, high]."""
    return sp.Rational(1, 10 ** int(rng.integers(low, high + 1)))


def _number(rng: np.random.Generator, bound: int = 10) -> sp.Rational:
    """A short rational in [-bound, bound]."""
    return sp.Rational(int(rng.integers(-bound * 100, bound * 100 + 1)), 100)


def _narrow(rng: np.random.Generator, number: int) -> tuple[sp.Basic, list[sp.Basic]]:
    if number % 2:
        return Ge(log(u), -int(rng.integers(15, 66))), []  # fails for u < e^-c only
    a, w = _number(rng), _power(rng, 5, 12)
    return Ge((x - a) ** 2 + (x - a) * w, 0), []  # fails only in (a - w, a)


def _far_out(rng: np.random.Generator, number: int) -> tuple[sp.Basic, list[sp.Basic]]:
    bound = _power(rng, 10, 250)
    if number % 2:
        return Ge(sigmoid(x), bound), []  # fails for x < log(bound) < -23
    return Lt(sp.tanh(x), 1 - bound), []  # fails for x > -log(bound)/2


def _closed_end(rng: np.random.Generator, number: int) -> tuple[sp.Basic, list[sp.Basic]]:
    if number % 2:
        a = _number(rng)
        return Gt(x, a), [x >= a]  # fails at x = a only
    return Gt(t * sp.exp(t), 0), []  # fails at t = 0 only


def _near_tie(rng: np.random.Generator, number: int) -> tuple[sp.Basic, list[sp.Basic]]:
    gap = _power(rng, 17, 40)
    if number % 2:
        return Le(sigmoid(x) * (1 - sigmoid(x)), sp.Rational(1, 4) - gap), []  # fails at 0 by gap
    return Ge(sp.exp(x), 1 + x + gap), []  # fails at 0 by gap


def _large_size(rng: np.random.Generator, number: int) -> tuple[sp.Basic, list[sp.Basic]]:
    if number % 2:
        first = int(rng.integers(5, 65))
        return Ge(Sum(p[m] ** 2, (m, 1, K)), sp.Rational(1, first - 1)), []  # fails from K = first on
    first = int(rng.integers(2, 65))
    return Eq(Sum(sp.KroneckerDelta(m, first), (m, 1, K)), 0), []  # fails from K = first on


def _breakpoint(rng: np.random.Generator, number: int) -> tuple[sp.Basic, list[sp.Basic]]:
    a, w = _number(rng), _power(rng, 6, 14)
    if number % 2:
        return Ge(sp.Abs(x - a), w), []  # fails within w of the kink a only
    return Ge(relu(x - a) + relu(a - x) + sp.Max(x - a, 0) ** 2, w), []  # the same, through relu and Max


CLASSES: dict[str, Callable[[np.random.Generator, int], tuple[sp.Basic, list[sp.Basic]]]] = {
    "narrow region": _narrow,
    "far out": _far_out,
    "closed end": _closed_end,
    "near-tie": _near_tie,
    "large K": _large_size,
    "breakpoint": _breakpoint,
}


def corpus(per_class: int = PER_CLASS) -> list[tuple[str, Claim]]:
    """The false claims, ``per_class`` of each class, the same on every run."""
    rng = np.random.default_rng(SEED)
    found = []
    for name, make in CLASSES.items():
        for number in range(per_class):
            statement, assume = make(rng, number)
            identifier = f"{name.replace(' ', '-')}-{number}"
            found.append((name, claim(v, id=identifier, statement=statement, assume=assume, expected="refuted")))
    return found


@dataclass(frozen=True, kw_only=True)
class Row:
    """Verdict counts of one class of claims."""

    name: str
    counts: dict[str, int]
    note: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _counts(verdicts: Sequence[str]) -> dict[str, int]:
    counted = Counter(verdicts)
    return {verdict: counted.get(verdict, 0) for verdict in VERDICTS}


def measure(quick: bool) -> tuple[list[Row], list[Row], dict[str, list[str]], float]:
    """Mutant rows (false, true), corpus rows, the claims behind the unwanted verdicts, seconds."""
    start = time.perf_counter()
    every = list(mutants(proved_claims()))
    chosen = sample(every, per_claim=1, prefer=("flip", "swap", "step")) if quick else every
    generated = corpus(QUICK_PER_CLASS if quick else PER_CLASS)
    claims = [mutant.claim for mutant in chosen] + [c for _, c in generated]
    outcomes = verify_all(claims, jobs=JOBS, timeout=TIMEOUT)
    by_id = {o.claim_id: o.verdict.value for o in outcomes}
    false_mutants = [by_id[mu.id] for mu in chosen if mu.id not in TRUE_MUTANTS]
    true_mutants = [by_id[mu.id] for mu in chosen if mu.id in TRUE_MUTANTS]
    mutant_rows = [
        Row(name="false mutants", counts=_counts(false_mutants)),
        Row(name="true mutants (listed, with the reason)", counts=_counts(true_mutants)),
    ]
    corpus_rows = [Row(name=name, counts=_counts([by_id[c.id] for n, c in generated if n == name])) for name in CLASSES]
    unwanted: dict[str, list[str]] = {}
    for mutant in chosen:
        verdict = by_id[mutant.id]
        wanted = ("proved", "undecided") if mutant.id in TRUE_MUTANTS else ("refuted",)
        if verdict not in wanted:
            unwanted.setdefault(verdict, []).append(mutant.id)
    for _, false_claim in generated:
        if by_id[false_claim.id] != "refuted":
            unwanted.setdefault(by_id[false_claim.id], []).append(f"{false_claim.id}: {false_claim.display}")
    return mutant_rows, corpus_rows, unwanted, time.perf_counter() - start


def render(mutant_rows: list[Row], corpus_rows: list[Row], unwanted: dict[str, list[str]], seconds: float) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for title, rows in (("Mutants of the proved claims", mutant_rows), ("False claims by class", corpus_rows)):
        table = Table(title=title)
        table.add_column("claims")
        table.add_column("n", justify="right")
        for verdict in VERDICTS:
            table.add_column(verdict, justify="right")
        for row in rows:
            table.add_row(row.name, str(row.total), *(str(row.counts[v]) for v in VERDICTS))
        console.print(table)
    for verdict, ids in sorted(unwanted.items()):
        console.print(f"{verdict}: {len(ids)}")
        for claim_id in ids:
            console.print(f"  {claim_id}", markup=False, highlight=False)
    console.print(f"({seconds:.0f} s; machine: {', '.join(f'{k} {v}' for k, v in machine().items())})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soundness", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    quick = f"{QUICK_PER_CLASS} claims per class, one mutant per claim"
    parser.add_argument("--quick", action="store_true", help=quick)
    args = parser.parse_args(argv)
    mutant_rows, corpus_rows, unwanted, seconds = measure(args.quick)
    if args.json:
        document = {
            "mutants": [{"claims": r.name, **r.counts} for r in mutant_rows],
            "corpus": [{"class": r.name, **r.counts} for r in corpus_rows],
            "unwanted": unwanted,
            "seconds": seconds,
            "machine": machine(),
        }
        print(json.dumps(document, indent=2))
    else:
        render(mutant_rows, corpus_rows, unwanted, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
