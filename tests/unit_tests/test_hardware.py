from pathlib import Path

import pytest

from langchain_taskgen.engines.hardware import (
    choose_dtype,
    cpu_environment,
    cpu_flags,
    cpu_has_bf16,
    cpu_model_name,
)
from langchain_taskgen.engines.vllm import VLLMEngine

# Trimmed /proc/cpuinfo of the two CPUs this project's machines have shown.
AMD_ZEN3 = """processor\t: 0
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC 7B13
flags\t\t: fpu sse sse2 avx avx2 fma bmi2 sha_ni
"""
INTEL_SPR = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
flags\t\t: fpu sse sse2 avx avx2 avx512f avx512_bf16 amx_bf16 amx_tile amx_int8
"""


@pytest.mark.parametrize(("cpuinfo", "expected"), [(AMD_ZEN3, "float32"), (INTEL_SPR, "bfloat16")])
def test_auto_dtype_follows_cpu_flags(tmp_path: Path, cpuinfo: str, expected: str) -> None:
    path = tmp_path / "cpuinfo"
    path.write_text(cpuinfo)
    flags = cpu_flags(path)
    assert choose_dtype("auto", on_cpu=True, flags=flags) == expected
    assert cpu_has_bf16(flags) == (expected == "bfloat16")
    assert cpu_model_name(path).startswith(("AMD", "Intel"))


def test_explicit_dtype_is_kept_and_gpu_is_left_to_vllm() -> None:
    assert choose_dtype("bfloat16", on_cpu=True, flags={"avx2"}) == "bfloat16"
    assert choose_dtype("float32", on_cpu=True, flags={"amx_bf16"}) == "float32"
    assert choose_dtype("auto", on_cpu=False, flags={"avx2"}) == "auto"
    with pytest.raises(ValueError, match="dtype must be one of"):
        choose_dtype("fp8", on_cpu=True)


def test_unreadable_cpuinfo_means_no_flags(tmp_path: Path) -> None:
    assert cpu_flags(tmp_path / "missing") == frozenset()
    assert choose_dtype("auto", on_cpu=True, flags=cpu_flags(tmp_path / "missing")) == "float32"


def test_cpu_environment_sized_from_machine_and_user_values_win() -> None:
    env = cpu_environment({}, cores=4, memory_gib=24)
    assert env.values == {
        "VLLM_CPU_KVCACHE_SPACE": "1",
        "VLLM_CPU_OMP_THREADS_BIND": "0-3",
        "VLLM_CPU_NUM_OF_RESERVED_CPU": "0",
    }
    assert cpu_environment({}, cores=2, memory_gib=512).values["VLLM_CPU_KVCACHE_SPACE"] == "16"
    mine = cpu_environment({"VLLM_CPU_OMP_THREADS_BIND": "0"}, cores=4, memory_gib=24)
    assert mine.values["VLLM_CPU_OMP_THREADS_BIND"] == "0"
    assert mine.from_user == {"VLLM_CPU_OMP_THREADS_BIND"}
    assert "(yours)" in mine.describe()


def test_engine_rejects_unknown_dtype_at_construction(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ValueError, match="dtype must be one of"):
        VLLMEngine(str(tmp_path), dtype="half-ish")
    engine = VLLMEngine(str(tmp_path), chat=True, dtype="float32")
    assert engine.identity()["dtype"] == "float32"
    assert engine.identity()["chat"] is True


def test_run_fingerprint_covers_chat_dtype_and_context(tmp_path: Path) -> None:
    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.generation.runs import run_fingerprint

    (tmp_path / "config.json").write_text("{}")

    def fingerprint(**options: object) -> str:
        engine = VLLMEngine(str(tmp_path), **options)  # type: ignore[arg-type]
        return run_fingerprint(TaskGenerator(llm=engine, task_type="ynqa", format="instruct"))

    base = fingerprint(dtype="float32")
    assert fingerprint(dtype="float32") == base
    assert fingerprint(dtype="float32", chat=True) != base
    assert fingerprint(dtype="bfloat16") != base
    assert fingerprint(dtype="float32", max_model_len=1024) != base
