"""Export task pairs to the files fine-tuning tools read unchanged.

Formats (``taskgen export --to NAME``):

- ``trl``: conversational prompt/completion, ``{"prompt": [system?, user], "completion":
  [assistant]}``. TRL's ``SFTTrainer`` computes the loss on the completion only for this
  shape (``completion_only_loss``), which is what a task pair wants: the answer, not the
  passage, is what the model should learn to write.
- ``openai-chat``: ``{"messages": [...]}`` (OpenAI fine-tuning; TRL trains on the whole
  conversation with it; LLaMA-Factory's ``openai`` style via ``dataset_info.json``).
- ``openai-completion``: the classic prompt/completion guide (separator and stop sequence).
- ``alpaca``: ``instruction`` (the task), ``input`` (the passage), ``output``; ``system``
  when one is given (LLaMA-Factory, Axolotl ``type: alpaca``).
- ``sharegpt``: ``{"conversations": [{"from": "human", ...}, {"from": "gpt", ...}]}``.
  LLaMA-Factory reads it through ``dataset_info.json`` (written beside it). Axolotl:
  ``type: chat_template``, ``field_messages: conversations``,
  ``message_property_mappings: {role: from, content: value}`` and
  ``roles: {user: [human], assistant: [gpt]}``. TRL needs ``user``/``assistant`` roles
  (with ``human``/``gpt`` it renders ``<|im_start|>gpt``): export with
  ``sharegpt_roles="openai"`` (``--sharegpt-roles openai``) or use ``trl``.
- ``squad``: flat JSONL with the Hugging Face ``squad`` columns, ``squad-v1.1.json`` in the
  nested SQuAD v1.1 layout the official scorer reads, and ``squad-run_qa.json`` (the flat
  records under ``"data"``) for transformers' ``run_qa.py --train_file``.
- ``hf``: a ``datasets`` folder (``save_to_disk``) with ``messages``, ``prompt`` and
  ``completion`` columns beside the pair columns.

Every export prints a data check in the spirit of OpenAI's fine-tuning data checks:
examples without a system message, duplicates, and the distribution of tokens per
example against a context limit.

Modules: :mod:`~langchain_taskgen.export.records` (one converter per format and
:func:`write_jsonl`), :mod:`~langchain_taskgen.export.llamafactory` (``dataset_info.json``),
:mod:`~langchain_taskgen.export.datacheck` (the check), :mod:`~langchain_taskgen.export.hf`
(``datasets``) and :mod:`~langchain_taskgen.export.exporter` (:func:`export_pairs`).
Reading pairs files lives in :mod:`langchain_taskgen.pairs.io` (re-exported here).
"""

from langchain_taskgen.export.datacheck import (
    DEFAULT_MAX_LENGTH,
    ExportSummary,
    check_pairs,
    count_tokens,
    dedupe_pairs,
    load_tokenizer,
)
from langchain_taskgen.export.exporter import FORMATS, ExportResult, export_pairs
from langchain_taskgen.export.hf import PAIR_COLUMNS, from_dataset, to_dataset
from langchain_taskgen.export.llamafactory import dataset_info_entry
from langchain_taskgen.export.records import (
    COMPLETION_SEPARATOR,
    COMPLETION_STOP,
    EXPORTERS,
    SHAREGPT_ROLES,
    SQUAD_VERSION,
    chat_messages,
    find_answer,
    split_input,
    to_alpaca,
    to_openai_chat,
    to_openai_completion,
    to_sharegpt,
    to_squad,
    to_squad_v1,
    to_trl,
    write_jsonl,
)
from langchain_taskgen.pairs.io import iter_pairs, read_pairs

__all__ = [
    "COMPLETION_SEPARATOR",
    "COMPLETION_STOP",
    "DEFAULT_MAX_LENGTH",
    "EXPORTERS",
    "FORMATS",
    "PAIR_COLUMNS",
    "SHAREGPT_ROLES",
    "SQUAD_VERSION",
    "ExportResult",
    "ExportSummary",
    "chat_messages",
    "check_pairs",
    "count_tokens",
    "dataset_info_entry",
    "dedupe_pairs",
    "export_pairs",
    "find_answer",
    "from_dataset",
    "iter_pairs",
    "load_tokenizer",
    "read_pairs",
    "split_input",
    "to_alpaca",
    "to_dataset",
    "to_openai_chat",
    "to_openai_completion",
    "to_sharegpt",
    "to_squad",
    "to_squad_v1",
    "to_trl",
    "write_jsonl",
]
