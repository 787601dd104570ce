"""The public API: ``verifier.__all__`` lists exactly the public names."""

from __future__ import annotations

import verifier


def test_all_is_complete_and_importable() -> None:
    """Every name in __all__ exists, and every public module-level name is in __all__."""
    for name in verifier.__all__:
        assert hasattr(verifier, name), name
    public = {
        name
        for name, value in vars(verifier).items()
        if not name.startswith(("_", "@"))  # "@py_builtins": pytest's assertion rewriting
        and not getattr(value, "__name__", "").startswith("verifier.")
    }
    assert public <= set(verifier.__all__)
