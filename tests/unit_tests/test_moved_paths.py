"""Old import paths of moved modules keep working for one release, with a warning."""

from __future__ import annotations

import importlib
import inspect
import sys
import warnings

import pytest

import langchain_taskgen

MOVED = {
    "langchain_taskgen.loaders": "langchain_taskgen.loading",
    "langchain_taskgen.evaluation": "langchain_taskgen.training.evaluation",
    "langchain_taskgen.compat": "langchain_taskgen.generation.compat",
    "langchain_taskgen.transformer": "langchain_taskgen.generation.transformer",
}


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_old_path_warns_and_gives_the_same_objects(
    old: str, new: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shim warns when it runs, i.e. on first import: run it afresh.
    monkeypatch.delitem(sys.modules, old, raising=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        __import__(old)  # as an import statement does (importlib.import_module adds a frame)
    shim = sys.modules[old]
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert messages == [f"{old} moved to {new}; the old path goes in the next release"]
    # The warning points at the importer, not at the shim or the import machinery.
    assert caught[0].filename == __file__
    target = importlib.import_module(new)
    assert set(target.__all__) <= set(shim.__all__)
    for name in target.__all__:
        assert getattr(shim, name) is getattr(target, name), name


def test_old_evaluation_path_keeps_its_scoring_helpers_and_split() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = importlib.import_module("langchain_taskgen.evaluation")
    from langchain_taskgen.pairs import split_by_source
    from langchain_taskgen.training.scoring import score, token_f1

    assert (old.split_by_source, old.score, old.token_f1) == (split_by_source, score, token_f1)


def test_root_finetune_is_the_function_not_a_module() -> None:
    from langchain_taskgen import finetune
    from langchain_taskgen.training import finetune as module

    assert inspect.isfunction(finetune)
    assert finetune is module.finetune
    assert langchain_taskgen.finetune is finetune
    # The old module file is gone: a shim there would rebind the root's name to a module.
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("langchain_taskgen.finetune")
