"""Fine-tune a causal LM on task pairs with TRL (answer-only loss), full or LoRA.

The pairs become TRL conversational prompt/completion examples (see
:func:`~langchain_taskgen.export.records.to_trl`), so ``SFTTrainer`` computes the loss on the
answer tokens only, not on the passage. The result is a plain transformers folder
(LoRA adapters are merged) that :class:`~langchain_taskgen.VLLMEngine`, ``taskgen
generate --model DIR`` and ``taskgen eval --finetune DIR`` load.

Needs the ``finetune`` extra: ``pip install "langchain-taskgen[finetune]"`` (trl, peft).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import random
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen._atomic import atomic_write_text
from langchain_taskgen.export.records import to_trl
from langchain_taskgen.pairs.io import write_pairs
from langchain_taskgen.pairs.pair import TaskPair
from langchain_taskgen.pairs.split import split_by_source

__all__ = ["RESULT_FILE", "FinetuneResult", "check_output_dir", "finetune", "hold_out"]

logger = logging.getLogger(__name__)

RESULT_FILE = "taskgen-finetune.json"


def _require_trl() -> Any:
    try:
        import trl
    except ImportError as error:
        raise ImportError(
            'fine-tuning needs trl and peft: pip install "langchain-taskgen[finetune]"'
        ) from error
    return trl


def hold_out(
    pairs: Sequence[TaskPair], eval_fraction: float, seed: int = 0
) -> tuple[list[TaskPair], list[TaskPair]]:
    """Train and held-back pairs: by source document when there are two or more.

    Falls back to a seeded random split when all pairs come from one source.
    ``eval_fraction=0`` holds nothing back.
    """
    if eval_fraction <= 0:
        return list(pairs), []
    try:
        return split_by_source(pairs, eval_fraction, seed)
    except ValueError:
        shuffled = list(pairs)
        random.Random(seed).shuffle(shuffled)
        cut = max(1, round(eval_fraction * len(shuffled)))
        if cut >= len(shuffled):
            raise ValueError(
                f"cannot hold back {eval_fraction:.0%} of {len(pairs)} pairs and still train"
            ) from None
        return shuffled[cut:], shuffled[:cut]


@dataclass
class FinetuneResult:
    """What :func:`finetune` did.

    Attributes:
        output_dir: The saved model folder (model, tokenizer, held-back pairs).
        base_model: The model fine-tuned.
        method: ``"full"`` or ``"lora"`` (merged into the saved weights).
        train_pairs: Pairs trained on.
        eval_pairs: Pairs held back (``heldout.jsonl`` in ``output_dir``).
        steps: Optimizer steps taken.
        seconds: Wall time of training.
        seconds_per_step: ``seconds / steps``.
        train_loss: Mean training loss.
        eval_loss: Loss on the held-back pairs (answer tokens), if any were held back.
        losses: The logged training loss per step.
        dropped_pairs: Train pairs whose prompt alone filled ``max_length`` tokens: TRL
            drops them (no answer token left to learn from).
        truncated_pairs: Train pairs cut at ``max_length`` with part of the answer kept.
    """

    output_dir: str
    base_model: str
    method: str
    train_pairs: int
    eval_pairs: int
    steps: int
    seconds: float
    seconds_per_step: float
    train_loss: float | None
    eval_loss: float | None
    losses: list[float] = field(default_factory=list)
    dropped_pairs: int = 0
    truncated_pairs: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return asdict(self)


def finetune(
    pairs: Sequence[TaskPair],
    output_dir: str | Path,
    *,
    base_model: str | Path | None = None,
    lora: bool = False,
    lora_rank: int = 16,
    max_steps: int = -1,
    epochs: float = 1.0,
    batch_size: int = 2,
    gradient_accumulation: int = 1,
    max_length: int = 512,
    learning_rate: float | None = None,
    eval_fraction: float = 0.1,
    system: str | None = None,
    seed: int = 0,
    show_progress: bool = True,
) -> FinetuneResult:
    """Fine-tune ``base_model`` on ``pairs`` with TRL's ``SFTTrainer`` and save it.

    Defaults are sane for a CPU: float32 weights (bfloat16 is slow or missing on many
    CPUs), batch 2, sequences cut at 512 tokens, one epoch. On a GPU, bfloat16 is used
    when supported.

    Args:
        pairs: Task pairs; a share is held back (by source document) to report a loss
            on pairs the model did not see.
        output_dir: Folder for the fine-tuned model (created).
        base_model: A transformers model folder (``None``: the embedded default model).
        lora: Train LoRA adapters (peft) instead of all weights; merged before saving.
        lora_rank: LoRA rank.
        max_steps: Stop after this many optimizer steps (``-1``: run ``epochs``).
        epochs: Passes over the training pairs.
        batch_size: Examples per device step.
        gradient_accumulation: Steps accumulated per optimizer step.
        max_length: Longest tokenized example; longer ones are truncated by TRL.
        learning_rate: ``None``: 5e-5 for full fine-tuning, 2e-4 for LoRA.
        eval_fraction: Share of pairs held back (0: none).
        system: System message added to every example (use the same one when prompting).
        seed: Seed for the split, the data order and the weights of LoRA.
        show_progress: Show a progress bar.

    Returns:
        A :class:`FinetuneResult` (also written to ``output_dir/taskgen-finetune.json``).

    Raises:
        ImportError: If trl (and peft for LoRA) is not installed.
        ValueError: If there are no pairs to train on, or ``output_dir`` is the base
            model's folder (saving would overwrite it).
        OSError: If ``output_dir`` lacks the space for the weights (checked before
            training) or the save fails (the message says what was lost).

    Example:
        >>> from langchain_taskgen import read_pairs  # doctest: +SKIP
        >>> pairs, _ = read_pairs("out/pairs.jsonl")  # doctest: +SKIP
        >>> result = finetune(pairs, "out/ft-model", max_steps=20)  # doctest: +SKIP
        >>> result.seconds_per_step  # doctest: +SKIP
        4.2
    """
    if not pairs:
        raise ValueError("no pairs to fine-tune on")
    if base_model is not None:
        check_output_dir(output_dir, base_model)
    trl = _require_trl()
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if base_model is None:
        from langchain_taskgen.engines.default import default_model_dir

        base_model = default_model_dir()
        check_output_dir(output_dir, base_model)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    train, held = hold_out(pairs, eval_fraction, seed)
    on_gpu = torch.cuda.is_available()
    dtype = torch.bfloat16 if on_gpu and torch.cuda.is_bf16_supported() else torch.float32
    tokenizer = AutoTokenizer.from_pretrained(str(base_model))
    model = AutoModelForCausalLM.from_pretrained(str(base_model), dtype=dtype)
    # Hours of training must not end in a save that cannot fit: the weights as trained
    # (plus a margin for the tokenizer and the pairs) must fit now.
    needed = sum(p.numel() * p.element_size() for p in model.parameters()) + 64 * 2**20
    free = shutil.disk_usage(output_dir).free
    if free < needed:
        raise OSError(
            errno.ENOSPC,
            f"{output_dir} has {free / 2**20:.0f} MiB free; the fine-tuned model needs about "
            f"{needed / 2**20:.0f} MiB (checked before training)",
        )
    peft_config = None
    if lora:
        try:
            from peft import LoraConfig
        except ImportError as error:
            raise ImportError(
                'LoRA needs peft: pip install "langchain-taskgen[finetune]"'
            ) from error
        peft_config = LoraConfig(
            r=lora_rank,
            lora_alpha=2 * lora_rank,
            lora_dropout=0.05,
            target_modules="all-linear",
            task_type="CAUSAL_LM",
        )

    def rows(chosen: Sequence[TaskPair]) -> Dataset:
        records = [to_trl(p, system) for p in chosen]
        return Dataset.from_list(records)

    config = trl.SFTConfig(
        output_dir=str(output_dir / "checkpoints"),
        max_steps=max_steps,
        num_train_epochs=epochs,
        per_device_train_batch_size=batch_size,
        per_device_eval_batch_size=batch_size,
        gradient_accumulation_steps=gradient_accumulation,
        learning_rate=learning_rate or (2e-4 if lora else 5e-5),
        max_length=max_length,
        completion_only_loss=True,
        bf16=dtype == torch.bfloat16,
        fp16=False,
        use_cpu=not on_gpu,
        logging_steps=1,
        save_strategy="no",
        eval_strategy="no",
        report_to="none",
        disable_tqdm=not show_progress,
        seed=seed,
        dataloader_num_workers=0,
    )
    trainer = trl.SFTTrainer(
        model=model,
        args=config,
        train_dataset=rows(train),
        eval_dataset=rows(held) if held else None,
        processing_class=tokenizer,
        peft_config=peft_config,
    )
    dropped, truncated = _length_losses(trainer.train_dataset, len(train), max_length)
    if dropped or truncated:
        # TRL drops or cuts these without a word of its own; say so, and how to avoid it.
        logger.warning(
            "%d of %d train pairs do not fit max_length=%d tokens: %d dropped (the prompt "
            "alone fills it), %d with the answer cut; raise max_length to keep them",
            dropped + truncated,
            len(train),
            max_length,
            dropped,
            truncated,
        )
    started = time.perf_counter()
    output = trainer.train()
    seconds = time.perf_counter() - started
    eval_loss = trainer.evaluate().get("eval_loss") if held else None
    trained = trainer.model
    if lora:
        # A merged plain folder loads in vLLM and transformers without peft.
        trained = trained.merge_and_unload()
    checkpoints = output_dir / "checkpoints"
    if checkpoints.is_dir() and not any(checkpoints.iterdir()):
        checkpoints.rmdir()  # save_strategy="no" leaves it empty
    try:
        trained.save_pretrained(str(output_dir))
        tokenizer.save_pretrained(str(output_dir))
        write_pairs(train, output_dir / "train.jsonl")
        if held:
            write_pairs(held, output_dir / "heldout.jsonl")
    except OSError as error:
        raise OSError(
            error.errno,
            f"cannot save the fine-tuned model to {output_dir} ({error.strerror or error}); "
            "the trained weights are lost: free space and run again",
        ) from error
    steps = int(output.global_step)
    result = FinetuneResult(
        output_dir=str(output_dir),
        base_model=str(base_model),
        method="lora" if lora else "full",
        train_pairs=len(train),
        eval_pairs=len(held),
        steps=steps,
        seconds=round(seconds, 2),
        seconds_per_step=round(seconds / max(steps, 1), 3),
        train_loss=float(output.training_loss) if output.training_loss is not None else None,
        eval_loss=float(eval_loss) if eval_loss is not None else None,
        losses=[float(e["loss"]) for e in trainer.state.log_history if "loss" in e],
        dropped_pairs=dropped,
        truncated_pairs=truncated,
    )
    atomic_write_text(output_dir / RESULT_FILE, json.dumps(result.to_dict(), indent=2) + "\n")
    return result


def check_output_dir(
    output_dir: str | Path, base_model: str | Path | None, inputs: Sequence[str | Path] = ()
) -> None:
    """Refuse an output folder that would overwrite the base model or an input.

    The base model's own folder is refused (the save overwrites it), and so is a folder
    whose files (``train.jsonl``, ``heldout.jsonl``, the result) would replace an input.

    Raises:
        ValueError: Naming both.

    Example:
        >>> check_output_dir("out/ft", "models/base")
        >>> check_output_dir("models/base/", "models/base")
        Traceback (most recent call last):
        ...
        ValueError: the output folder models/base/ is the base model's folder (models/base): \
saving would overwrite it; choose another -o
    """
    if base_model is not None and os.path.realpath(output_dir) == os.path.realpath(base_model):
        raise ValueError(
            f"the output folder {output_dir} is the base model's folder ({base_model}): "
            "saving would overwrite it; choose another -o"
        )
    written = {
        os.path.realpath(Path(output_dir) / name)
        for name in ("train.jsonl", "heldout.jsonl", RESULT_FILE)
    }
    for path in inputs:
        if os.path.realpath(path) in written:
            raise ValueError(f"{path} is an input and would be overwritten in {output_dir}")


def _length_losses(dataset: Any, pairs: int, max_length: int) -> tuple[int, int]:
    """Pairs TRL dropped, and pairs it cut at ``max_length`` (answer partly kept)."""
    try:
        kept = len(dataset)
        truncated = sum(1 for ids in dataset["input_ids"] if len(ids) >= max_length)
    except (TypeError, KeyError):  # an iterable dataset: nothing to count up front
        return 0, 0
    return max(pairs - kept, 0), truncated
