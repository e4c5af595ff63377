"""The REAL vLLM CPU engine on the embedded default model (SmolLM2-135M-Instruct).

The model is tiny: these tests check structure, provenance and accounting, not quality.
One engine starts per test session (the default engine is a process-wide singleton).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from langchain_core.documents import Document

from langchain_taskgen import TaskGenerator, VLLMEngine, generate_tasks
from langchain_taskgen.engines import SamplingConfig
from langchain_taskgen.engines import default as default_mod
from langchain_taskgen.errors import EngineError
from langchain_taskgen.generation.report import GenerationReport

CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
KNOWN_REASONS = {
    "empty",
    "no_separator",
    "multiple_separators",
    "empty_input",
    "empty_output",
    "context_only",
    "control_token",
    "unparsable",
    "truncated",
    "invalid_label",
    "answer_not_in_context",
    "answer_not_in_options",
    "output_is_input",
    "duplicate",
    "prompt_too_long",
    "copied_demonstration",
    "demonstration_leak",
    "language_mismatch",
    "missing_structure",
    "engine_error",
    "repetition",
    "output_in_input",
    "not_a_question",
    "no_material",
    # The structured format's checks on model-written paraphrases and summaries.
    "paraphrase_is_copy",
    "paraphrase_off_topic",
    "paraphrase_changed_numbers",
    "paraphrase_changed_polarity",
    "paraphrase_changed_terms",
    "paraphrase_changed_meaning",
    "paraphrase_length",
    "incomplete_sentence",
    "summary_too_short",
    "summary_too_long",
    "summary_not_one_sentence",
    "summary_unfaithful",
    "summary_is_copy",
}


@pytest.fixture(scope="session")
def engine() -> VLLMEngine:
    return default_mod.default_engine()  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def documents() -> list[Document]:
    docs = []
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        text = path.read_text(encoding="utf-8")[:3000]
        docs.append(Document(text, metadata={"source": path.name}))
    return docs


def check_report(gen: TaskGenerator, n: int, report: GenerationReport | None = None) -> None:
    report = report or gen.last_report
    assert report is not None
    # Per task type, each completion was counted once as accepted or rejected (these
    # counters are kept apart from the totals, so a lost or doubled completion shows).
    per_task = {
        t.name: report.accepted_by_task.get(t.name, 0)
        + sum(report.rejected_by_task.get(t.name, {}).values())
        for t in gen.task_types
    }
    assert per_task == dict.fromkeys(per_task, report.chunks * n)
    assert report.accepted + report.rejected_total == report.completions
    assert set(report.rejected) <= KNOWN_REASONS
    assert report.completion_tokens > 0


def check_provenance(pairs: list[Any], documents: list[Document]) -> None:
    texts = {d.metadata["source"]: d.page_content for d in documents}
    for pair in pairs:
        source = pair.metadata["source"]
        start, end = pair.metadata["start_index"], pair.metadata["end_index"]
        assert texts[source][start:end] == pair.context
        assert pair.input.strip() and pair.output.strip()


def test_raw_engine_keeps_all_samples_and_finish_reasons(engine: VLLMEngine) -> None:
    results = engine.generate(
        ["The capital of France is", "One, two, three,"],
        SamplingConfig(max_tokens=8, n=3, temperature=0.8),
    )
    assert [len(r.completions) for r in results] == [3, 3]
    for result in results:
        for completion in result.completions:
            assert completion.finish_reason in {"stop", "length"}
            assert 0 < completion.completion_tokens <= 8
    assert engine.count_tokens("hello world") >= 2


def test_bonito_format_run(engine: VLLMEngine, documents: list[Document]) -> None:
    """Bonito prompts go out byte-exact; every real completion is judged by its own reason.

    SmolLM2-135M rarely writes a valid Bonito pair, so the pairs may be few or none: the
    test re-judges every completion the engine returned with the Bonito parser and the
    answer checks, and the report must agree with it reason by reason.
    """
    from langchain_taskgen.checks.answers import validate_pair
    from langchain_taskgen.errors import TaskParseError
    from langchain_taskgen.formats.bonito import BonitoFormat

    gen = TaskGenerator(
        llm=engine,
        task_type=["ynqa", "exqa"],
        format="bonito",
        n=2,
        chunk_size=1200,
        chunk_overlap=0,
        max_tokens=96,
    )
    chunks, _ = gen.chunker().split(documents)
    assert len(chunks) >= len(documents)
    plan = gen.plan(chunks)
    fmt = BonitoFormat()
    for job in plan.prompted_jobs:
        assert job.prompt == fmt.prompt(chunks[job.chunk].text, job.task.name)
    results = gen.complete(plan)
    per_chunk, report = gen.judge(plan, results)
    check_report(gen, 2, report)
    # The engine answered every prompt with n completions (none lost to engine errors).
    assert [len(r.completions) for r in results] == [2] * len(plan.prompts)
    assert report.completions == 2 * len(plan.prompts) == 2 * 2 * len(chunks)
    assert sum(len(c.text) for r in results for c in r.completions) > 0
    expected: Counter[str] = Counter()
    for job in plan.prompted_jobs:
        context = chunks[job.chunk].text
        for completion in results[job.prompt_index or 0].completions:
            if completion.finish_reason == "length":
                expected["truncated"] += 1
                continue
            try:
                task_input, task_output = fmt.parse(completion.text, context, job.task.name)
                validate_pair(task_input, task_output, job.task.name, context)
            except TaskParseError as error:
                expected[error.reason] += 1
                continue
            expected["parsed"] += 1
    rejected = Counter(report.rejected)
    assert expected.pop("parsed", 0) == report.accepted + rejected.pop("duplicate", 0)
    assert expected == rejected, (expected, report.rejected)
    pairs = [pair for chunk_pairs in per_chunk for pair in chunk_pairs]
    assert len(pairs) == report.accepted
    check_provenance(pairs, documents)
    for pair in pairs:
        assert "<|pipe|>" not in pair.input + pair.output
        assert "{{context}}" not in pair.input + pair.output


def test_instruct_format_run(engine: VLLMEngine, documents: list[Document]) -> None:
    gen = TaskGenerator(
        llm=engine,
        task_type=["ynqa", "summarization", "qa"],
        format="instruct",
        n=2,
        chunk_size=1200,
        chunk_overlap=0,
        max_tokens=96,
    )
    pairs = gen.invoke(documents)
    check_report(gen, 2)
    check_provenance(pairs, documents)
    assert pairs, f"no pair accepted: {gen.last_report}"
    assert {p.task_type for p in pairs} <= {"ynqa", "summarization", "qa"}
    assert all(
        p.output.strip().lower().rstrip(".") in {"yes", "no"}
        for p in pairs
        if p.task_type == "ynqa"
    )


def test_structured_format_run(engine: VLLMEngine) -> None:
    """All 16 task types on hand-written Debian passages: code-built and model-written parts."""
    from langchain_taskgen.checks.answers import normalize, validate_pair
    from langchain_taskgen.tasks import TASK_TYPES, AnswerKind, get_task_type
    from tests.data.handwritten_pairs import PASSAGES

    documents = [Document(p, metadata={"source": f"p{i}"}) for i, p in enumerate(PASSAGES)]
    gen = TaskGenerator(llm=engine, task_type=list(TASK_TYPES), n=1, seed=0, max_tokens=64)
    pairs = gen.invoke(documents)
    report = gen.last_report
    check_report(gen, 1)
    assert gen._format_obj().name == "structured"
    assert report.prompts >= 1 and report.completion_tokens > 0  # the model wrote parts
    # The meaning checks keep few of a 135M model's rewrites (docs/formats.md), so the
    # types that pass are mostly code-built ones; these passages have no headings.
    assert len({p.task_type for p in pairs}) >= 3, report.summary()
    for pair in pairs:
        validate_pair(pair.input, pair.output, pair.task_type, pair.context)
        task = get_task_type(pair.task_type)
        if task.answer is AnswerKind.LABEL:
            assert normalize(pair.output) in task.labels
        assert pair.metadata["built_by"] in {"code", "model"}
    assert report.accepted_by_path["code"] + report.accepted_by_path["model"] == len(pairs)


async def test_async_path_and_chat_template(
    engine: VLLMEngine, documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chat engine sends each prompt inside the model's ChatML template (on the async path)."""
    from langchain_taskgen.engines import vllm as vllm_mod

    outputs: list[Any] = []

    def spy(output: Any) -> Any:
        outputs.append(output)
        return original(output)

    original = vllm_mod._result
    monkeypatch.setattr(vllm_mod, "_result", spy)
    chat_engine = VLLMEngine(llm=engine.llm, chat=True)
    gen = TaskGenerator(llm=chat_engine, task_type="qa", format="instruct-json", max_tokens=64)
    await gen.ainvoke(documents[:2])
    check_report(gen, 1)
    report = gen.last_report
    assert report is not None and len(outputs) == report.prompts >= 2
    tokenizer = engine.llm.get_tokenizer()
    # What the model saw: the ChatML turns around the prompt, ending in the assistant's turn.
    for output in outputs:
        seen = tokenizer.decode(output.prompt_token_ids)
        assert "<|im_start|>user\n" in seen and "<|im_end|>" in seen, seen[:300]
        assert seen.rstrip().endswith("<|im_start|>assistant"), seen[-200:]
        assert "Passage" in seen.split("<|im_start|>user", 1)[1]
    # The report's prompt tokens are the templated ones, not the bare prompts'.
    assert report.prompt_tokens == sum(len(o.prompt_token_ids) for o in outputs)
    prompts = gen.plan(gen.chunker().split(documents[:2])[0]).prompts
    bare = engine._prompt_ids(prompts)  # the completion engine: no template
    assert report.prompt_tokens > sum(length for _, length in bare)
    assert not any("<|im_start|>" in tokenizer.decode(ids) for ids, _ in bare)


def test_prompt_longer_than_context_is_rejected_not_fatal(engine: VLLMEngine) -> None:
    long_text = (CORPUS / "mpl-2.0.txt").read_text(encoding="utf-8")
    gen = TaskGenerator(
        llm=engine,
        task_type="qa",
        format="instruct",
        chunk_size=12000,
        chunk_overlap=0,
        max_tokens=16,
    )
    gen.invoke([long_text, "A short passage about licences and notices."])
    report = gen.last_report
    assert report.rejected["prompt_too_long"] >= 1
    assert report.accepted + report.rejected_total == report.completions
    assert report.rejected_total - report.rejected["prompt_too_long"] + report.accepted >= 1


def test_generate_tasks_on_vllm(engine: VLLMEngine) -> None:
    from datasets import Dataset

    data = Dataset.from_dict(
        {"text": ["The debsums tool checks the checksums of installed package files."] * 2}
    )
    # exqa: its question ("What does the debsums tool check?") is built from one sentence;
    # ynqa needs a passage with a matched yes and no.
    out = generate_tasks(
        data, "text", "exqa", {"max_tokens": 48, "n": 2}, llm=engine, format="structured"
    )
    assert "input" in out.column_names and "output" in out.column_names
    assert len(out) >= 1
    assert set(out["source_row"]) <= {0, 1}


def test_bad_model_folders() -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        VLLMEngine("/no/such/model/folder")
    with pytest.raises(EngineError, match="config.json"):
        VLLMEngine(str(CORPUS))


def test_engine_start_failure_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "broken-model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "no-such-architecture"}')
    engine = VLLMEngine(str(folder))
    with pytest.raises(EngineError, match="could not start vLLM"):
        _ = engine.llm


def test_default_model_cache_is_reused_and_rebuilt_when_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = default_mod.default_model_dir()
    monkeypatch.setenv("LANGCHAIN_TASKGEN_CACHE", str(tmp_path))
    shutil.copytree(real, tmp_path / real.name)
    calls: list[Path] = []
    original = default_mod.convert_gguf

    def spy(gguf: Path, target: Path) -> Path:
        calls.append(target)
        return original(gguf, target)

    monkeypatch.setattr(default_mod, "convert_gguf", spy)
    assert default_mod.default_model_dir() == tmp_path / real.name
    assert calls == []  # valid cache: re-used, never reconverted
    weights = tmp_path / real.name / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])  # a partial copy
    assert not default_mod.cache_is_valid(tmp_path / real.name)
    rebuilt = default_mod.default_model_dir()
    assert calls == [rebuilt] and default_mod.cache_is_valid(rebuilt)
    assert weights.stat().st_size == (real / "model.safetensors").stat().st_size


def test_engine_runs_the_dtype_this_cpu_should_use(engine: VLLMEngine) -> None:
    from langchain_taskgen.engines.hardware import choose_dtype, cpu_has_bf16

    assert engine.llm is not None  # started
    expected = "bfloat16" if cpu_has_bf16() else "float32"
    assert engine.dtype == expected == choose_dtype("auto", on_cpu=True)
    assert str(engine.llm.llm_engine.model_config.dtype).endswith(expected)


def test_prefix_caching_answers_every_prompt_in_the_callers_order(engine: VLLMEngine) -> None:
    # vLLM turns prefix caching on by default on x86/Arm CPUs; the engine reports it.
    assert engine.llm is not None and engine.prefix_caching is True
    shared = "Read the passage and write one yes/no question about it. " * 40  # > 1 KV block
    suffixes = ["zebra", "apple pie", "mango", "a cold winter night in the north", "kiwi fruit"]
    prompts = [f"{shared}\nPassage {i}: {s}\nQuestion:" for i, s in enumerate(suffixes)]
    tokenizer = engine.llm.get_tokenizer()
    lengths = [len(ids) for ids in tokenizer(prompts)["input_ids"]]
    sampling = SamplingConfig(max_tokens=4, temperature=0.0)
    engine.generate(prompts[:1], sampling)  # the shared prefix is now in the cache
    results = engine.generate(prompts, sampling)
    assert len(results) == len(prompts)
    assert [r.completions[0].prompt_tokens for r in results] == lengths
    for result in results:
        assert result.error is None and len(result.completions) == 1
        assert 0 < result.metadata["cached_prompt_tokens"] < len(tokenizer(shared)["input_ids"]) + 8


def test_structured_decoding_keeps_json_and_labels_in_their_sets(
    engine: VLLMEngine, documents: list[Document]
) -> None:
    """vLLM structured outputs (xgrammar on CPU): choices and JSON schemas are obeyed."""
    import json

    from langchain_taskgen.engines.base import OutputConstraint

    choice = OutputConstraint(choices=("entailment", "neutral", "contradiction"))
    schema = OutputConstraint(
        json_schema=json.dumps(
            {
                "type": "object",
                "properties": {"answer": {"type": "string", "enum": ["Yes", "No"]}},
                "required": ["answer"],
                "additionalProperties": False,
            }
        )
    )
    prompts = ["Cats are animals. Do cats sleep?", "Is water wet? Reply in JSON:", "Hello"]
    results = engine.generate(
        prompts,
        SamplingConfig(max_tokens=24, temperature=0.8, constraints=(choice, schema, None)),
    )
    assert results[0].completions[0].text in choice.choices
    assert json.loads(results[1].completions[0].text)["answer"] in {"Yes", "No"}
    assert results[2].completions and results[2].error is None

    from langchain_taskgen import TaskType, register_task_type
    from langchain_taskgen.tasks import AnswerKind, unregister_task_type

    # A custom label task rides along: its own labels become the schema's enum.
    register_task_type(
        TaskType(
            "licence_duty",
            "licence duty",
            "what the passage requires of someone who redistributes the work",
            AnswerKind.LABEL,
            frozenset({"keep notices", "share source", "none"}),
        )
    )
    try:
        gen = TaskGenerator(
            llm=engine,
            task_type=["ynqa", "nli", "licence_duty"],
            format="instruct-json",
            n=1,
            chunk_size=1200,
            chunk_overlap=0,
            max_tokens=160,
        )
        gen.invoke(documents[:1])
        check_report(gen, 1)  # per task type, every completion accepted or rejected once
    finally:
        unregister_task_type("licence_duty")
    report = gen.last_report
    assert report is not None
    # Every completion came through the constrained path, and none of them failed to
    # parse or fell outside its label set (truncation at max_tokens may still happen).
    assert report.completions_by_decoding == {"constrained": report.completions}
    assert not {"unparsable", "invalid_label", "empty"} & set(report.rejected), report.rejected
    allowed = {
        "ynqa": {"yes", "no"},
        "nli": {"entailment", "neutral", "contradiction"},
        "licence_duty": {"keep notices", "share source", "none"},
    }
    assert report.labels_by_task, report
    for task, labels in report.labels_by_task.items():
        assert {normalize_label(lab) for lab in labels} <= allowed[task], (task, labels)


def normalize_label(text: str) -> str:
    return text.strip(" .").casefold()


def test_round_trip_scores_come_from_the_model(engine: VLLMEngine) -> None:
    """Likelihood round trip on the real model: a pair's own passage beats another one."""
    from langchain_taskgen import TaskPair
    from langchain_taskgen.checks.roundtrip import RoundTripCheck

    passages = [
        "The dpkg tool installs a single .deb file but does not fetch missing dependencies.",
        "Reportbug sends bug reports to the Debian bug tracking system.",
    ]
    good = TaskPair("Which tool installs a single .deb file?", "dpkg", "exqa", passages[0])
    swapped = TaskPair(good.input, good.output, "exqa", passages[1])
    check = RoundTripCheck(engine)
    assert check.method == "likelihood"
    scores = check.score([good, swapped])
    assert scores[0] is not None and scores[0] > 0
    assert scores[1] is not None and scores[1] <= 0
    kept, rejected, counts = check.check([good, swapped])
    assert [p.context for p in kept] == [passages[0]]
    assert kept[0].metadata["round_trip"] == scores[0]
    assert [r for _, r in rejected] == ["not_grounded"]
    assert counts == {"checked": 2, "not_grounded": 1}
