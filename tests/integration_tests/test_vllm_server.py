"""The scale-out path for real: an OpenAI-compatible vLLM server on loopback, driven
through langchain-openai (chat and completion models) by the LangChain engine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from langchain_taskgen.engines.hardware import choose_dtype

pytest.importorskip("langchain_openai")
from langchain_openai import ChatOpenAI, OpenAI

from langchain_taskgen import LangChainEngine, TaskGenerator
from langchain_taskgen.engines import SamplingConfig
from langchain_taskgen.engines.default import default_model_dir

NAME = "smollm2"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {
        **os.environ,
        "VLLM_CPU_KVCACHE_SPACE": "1",
        "VLLM_CPU_NUM_OF_RESERVED_CPU": "0",
        "VLLM_CPU_OMP_THREADS_BIND": f"0-{(os.cpu_count() or 1) - 1}",
    }
    with log.open("w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "vllm.entrypoints.openai.api_server",
                "--model",
                str(default_model_dir()),
                "--served-model-name",
                NAME,
                "--enforce-eager",
                "--max-model-len",
                "2048",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dtype",
                choose_dtype("auto", on_cpu=True),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while True:
            if process.poll() is not None:
                pytest.fail("vLLM server exited:\n" + Path(log).read_text()[-3000:])
            try:
                with urllib.request.urlopen(url + "/v1/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail("vLLM server did not come up:\n" + Path(log).read_text()[-3000:])
            time.sleep(1)
        yield url + "/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


DOCS = [
    "Redistributions of source code must retain the above copyright notice.",
    "The software is provided as is, without warranty of any kind.",
    "You may not use the names of the contributors to endorse derived products.",
]


def test_chat_model_on_vllm_server(server: str) -> None:
    chat = ChatOpenAI(base_url=server, api_key="none", model=NAME, max_retries=0, timeout=120)
    gen = TaskGenerator(
        llm=LangChainEngine(chat, max_concurrency=4, structured_outputs=True),
        task_type=["ynqa", "qa"],
        format="instruct-json",
        n=2,
        max_tokens=64,
    )
    gen.invoke(DOCS)
    report = gen.last_report
    # Counted from what came back, not from what was asked: every sample answered, each
    # through the server's structured outputs (response_format json_schema).
    assert report.completions_by_decoding == {"constrained": 12}, (
        report.rejected,
        report.examples.get("engine_error"),
    )
    assert report.accepted + report.rejected_total == 12
    assert "engine_error" not in report.rejected
    # A schema-valid reply always parses; ynqa labels cannot leave their set (a reply cut
    # at max_tokens is the one way left to fail).
    assert not {"unparsable", "invalid_label", "empty"} & set(report.rejected), report.rejected
    assert report.completion_tokens > 0


async def test_completion_model_batched_and_async(server: str) -> None:
    llm = OpenAI(base_url=server, api_key="none", model=NAME, max_retries=0, timeout=120)
    engine = LangChainEngine(llm)
    results = await engine.agenerate(
        ["One, two,", "The licence says"], SamplingConfig(n=2, max_tokens=8)
    )
    assert [len(r.completions) for r in results] == [2, 2]
    assert all(c.finish_reason in {"stop", "length"} for r in results for c in r.completions)
    gen = TaskGenerator(llm=engine, task_type="ynqa", format="instruct", n=2, max_tokens=48)
    gen.invoke(DOCS)
    assert gen.last_report.accepted + gen.last_report.rejected_total == 6
