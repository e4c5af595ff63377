"""After generation: fine-tune a model on the pairs, and evaluate few-shot against it.

:mod:`~langchain_taskgen.training.finetune` trains with TRL (answer-only loss, full or
LoRA); :mod:`~langchain_taskgen.training.evaluation` compares a no-model baseline,
zero-shot, random and selected k-shot prompting and the fine-tuned model on held-out
pairs, scored by :mod:`~langchain_taskgen.training.scoring`.

Nothing is re-exported here: a ``finetune`` name in this package would shadow the
``finetune`` submodule (``from langchain_taskgen import finetune`` is the function).
"""
