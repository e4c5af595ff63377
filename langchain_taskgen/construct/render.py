"""How a code-built task's input is written out: passage framing, options, fixed pairs.

Every phrasing is drawn from the builder's ``rng``, so a plan stays reproducible and a
model trained on the pairs does not learn one template.
"""

from __future__ import annotations

import random
from collections.abc import Callable


def with_passage(passage: str, task_text: str, rng: random.Random) -> str:
    """The task text after the passage, framed one of three ways.

    Example:
        >>> with_passage("Cats sleep.", "Do cats sleep?", random.Random(1))
        'Cats sleep.\\n\\nDo cats sleep?'
    """
    return rng.choice(
        [
            f"{passage}\n\n{task_text}",
            f"Passage: {passage}\n\n{task_text}",
            f"Read the text below.\n\n{passage}\n\n{task_text}",
        ]
    )


def fixed(inp: str, out: str) -> Callable[[str | None], tuple[str, str]]:
    """A draft's render for a pair code built whole (the model writes nothing)."""
    return lambda _written: (inp, out)


def pick(rng: random.Random, items: list[str], count: int) -> list[str]:
    """Up to ``count`` distinct items drawn at random."""
    return rng.sample(items, min(count, len(items)))


def options_text(rng: random.Random, answer: str, distractors: list[str], lettered: bool) -> str:
    """The answer among the distractors, shuffled, one option a line (``A.`` or ``-``).

    Example:
        >>> print(options_text(random.Random(1), "ten", ["five"], lettered=True))
        A. five
        B. ten
    """
    options = [answer, *distractors]
    rng.shuffle(options)
    if lettered:
        return "\n".join(f"{'ABCDE'[i]}. {o}" for i, o in enumerate(options))
    return "\n".join(f"- {o}" for o in options)
