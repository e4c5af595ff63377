import threading
from pathlib import Path

from langchain_taskgen.generation.locking import OutputLock, RunLockedError


def test_the_lock_is_reentrant_in_one_thread_and_refuses_another(tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    errors: list[BaseException] = []
    with OutputLock(out), OutputLock(out):  # the job, then the run inside it
        thread = threading.Thread(target=lambda: _try(out, errors))
        thread.start()
        thread.join()
    assert len(errors) == 1 and isinstance(errors[0], RunLockedError)
    assert "another run in this process" in str(errors[0])
    # Released: another thread can take it now.
    thread = threading.Thread(target=lambda: _try(out, errors))
    thread.start()
    thread.join()
    assert len(errors) == 1


def _try(out: Path, errors: list[BaseException]) -> None:
    try:
        with OutputLock(out):
            pass
    except RunLockedError as error:
        errors.append(error)


def test_a_held_lock_names_the_output(tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    errors: list[BaseException] = []
    with OutputLock(out):
        thread = threading.Thread(target=lambda: _try(out, errors))
        thread.start()
        thread.join()
    assert len(errors) == 1 and "pairs.jsonl" in str(errors[0])
