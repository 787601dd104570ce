"""The layout shows the architecture: which part of the verifier may import which.

Data flows one way (DESIGN.md, "Architecture"): claim -> engine -> outcome -> renderers.
These tests read every module's imports (including those inside functions) from its
syntax tree, so a new import against the flow fails here, not in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "verifier"

# Shared data at the bottom of the flow: anything may import these.
BOTTOM = {"verifier.errors", "verifier.verdicts"}
# The two front ends: the CLI wires catalogue, engine and renderers; the pytest plugin
# wires claim files, engine and the report's counterexample lines.
FRONT_ENDS = {"verifier.cli", "verifier.pytest_plugin"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module the file imports, resolved to full dotted names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from verifier.render import report` imports the module verifier.render.report
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}
KNOWN = set(MODULES)


def _project_imports(module: str) -> set[str]:
    return {name for name in MODULES[module] if name in KNOWN or name.split(".")[0] == "derivations"}


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _offending(package: str, allowed) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(
        f"{module} imports {name}"
        for module in MODULES
        if _in(module, package)
        for name in _project_imports(module)
        if not allowed(name)
    )


class TestLayout:
    def test_top_level_holds_at_most_ten_modules(self) -> None:
        """Beside the four subpackages, verifier/ keeps at most ten modules."""
        top = sorted(p.name for p in PACKAGE.glob("*.py"))
        assert len(top) <= 10, top
        assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} == {
            "language",
            "prover",
            "numeric",
            "render",
        }

    def test_language_imports_no_other_part(self) -> None:
        """The claim language imports only itself and the shared errors and verdicts."""
        assert _offending("verifier.language", lambda name: _in(name, "verifier.language") or name in BOTTOM) == []

    def test_render_imports_no_prover_or_numeric_internals(self) -> None:
        """Renderers read claims and outcomes; they never reach into how verdicts are reached."""

        def allowed(name: str) -> bool:
            return not any(_in(name, p) for p in ("verifier.prover", "verifier.numeric", "verifier.engine"))

        assert _offending("verifier.render", allowed) == []

    def test_numeric_evidence_is_independent_of_the_prover(self) -> None:
        """The numeric check is the safety net under every tactic: it imports no prover code."""

        def allowed(name: str) -> bool:
            return not any(
                _in(name, p) for p in ("verifier.prover", "verifier.render", "verifier.engine", "verifier.cli")
            )

        assert _offending("verifier.numeric", allowed) == []

    def test_prover_uses_only_the_instances_of_the_numeric_side(self) -> None:
        """Fixed-size proofs write claims out as the numeric check does; nothing else is shared."""

        def allowed(name: str) -> bool:
            if _in(name, "verifier.numeric"):
                return name in ("verifier.numeric", "verifier.numeric.instances")
            return not any(_in(name, p) for p in ("verifier.render", "verifier.engine", "verifier.cli"))

        assert _offending("verifier.prover", allowed) == []

    def test_the_data_passed_between_parts_imports_no_part(self) -> None:
        """Problems, verdicts, outcomes and errors depend on nothing that uses them."""
        for module in ("verifier.problem", "verifier.verdicts", "verifier.outcome", "verifier.errors"):
            assert all(_in(name, "verifier.language") or name in BOTTOM for name in _project_imports(module)), module

    def test_only_the_cli_knows_the_catalogue(self) -> None:
        """The catalogue is wired in one place, the CLI."""
        importers = {m for m in MODULES if any(_in(n, "derivations") for n in _project_imports(m))}
        assert importers == {"verifier.cli"}

    def test_only_the_front_ends_wire_engine_and_renderers(self) -> None:
        """No module but the CLI and the pytest plugin imports both the engine and a renderer."""
        wiring = {
            m
            for m in MODULES
            if any(_in(n, "verifier.engine") for n in _project_imports(m))
            and any(_in(n, "verifier.render") for n in _project_imports(m))
        }
        assert wiring <= FRONT_ENDS

    def test_the_catalogue_uses_only_the_public_api(self) -> None:
        """derivations/ imports the verifier only as ``from verifier import ...``."""
        for path in sorted((ROOT / "derivations").glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and _in(node.module, "verifier"):
                    assert node.module == "verifier", (path.name, node.module)
                if isinstance(node, ast.Import):
                    assert not any(_in(a.name, "verifier") for a in node.names), path.name

    def test_the_rules_see_imports(self) -> None:
        """The reader finds imports, including those inside functions (the rules are not vacuous)."""
        assert "verifier.render.report" in MODULES["verifier.pytest_plugin"]
        assert "verifier.numeric.instances" in _project_imports("verifier.prover.fixed_sizes")
        assert "derivations" in _project_imports("verifier.cli")
