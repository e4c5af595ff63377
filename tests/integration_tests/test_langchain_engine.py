"""The LangChain-model path against real HTTP endpoints (down and failing servers)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

pytest.importorskip("langchain_openai")
from langchain_openai import ChatOpenAI

from langchain_taskgen import LangChainEngine, TaskGenerator
from langchain_taskgen.engines import SamplingConfig


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FlakyServer:
    """An OpenAI-compatible chat endpoint that fails the first `failures` requests with 500."""

    def __init__(self, failures: int, reply: str) -> None:
        self.failures = failures
        self.requests = 0
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                self.rfile.read(length)
                with outer._lock:
                    outer.requests += 1
                    outer._in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer._in_flight)
                    fail = outer.requests <= outer.failures
                import time

                time.sleep(0.05)
                with outer._lock:
                    outer._in_flight -= 1
                if fail:
                    self.send_response(500)
                    self.send_header("content-type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "boom"}}')
                    return
                body = json.dumps(
                    {
                        "id": "x",
                        "object": "chat.completion",
                        "created": 0,
                        "model": "m",
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": reply},
                            }
                        ],
                        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def chat(url: str) -> ChatOpenAI:
    return ChatOpenAI(base_url=url, api_key="none", model="m", max_retries=0, timeout=5)


def test_server_that_is_down_is_counted_and_the_run_completes() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    engine = LangChainEngine(chat(url), max_retries=1, retry_backoff=0.01)
    gen = TaskGenerator(llm=engine, task_type="ynqa", format="instruct", n=2)
    assert gen.invoke(["Text one.", "Text two."]) == []
    report = gen.last_report
    assert report.rejected == {"engine_error": 4}
    assert "Connection" in report.examples["engine_error"][0]


def test_500s_are_retried_then_succeed_with_bounded_concurrency() -> None:
    server = FlakyServer(failures=2, reply='{"input": "Is a copy required?", "output": "Yes"}')
    try:
        engine = LangChainEngine(
            chat(server.url), max_concurrency=3, max_retries=3, retry_backoff=0.01
        )
        gen = TaskGenerator(llm=engine, task_type="ynqa", format="instruct-json", n=1)
        docs = [f"Document {i}: a copy of the licence is required." for i in range(8)]
        pairs = gen.invoke(docs)
        assert len(pairs) == 8
        assert gen.last_report.accepted == 8
        assert gen.last_report.prompt_tokens == 40
        assert server.requests == 10
        assert 1 < server.max_in_flight <= 3
    finally:
        server.close()


async def test_async_path_is_concurrent_and_keeps_finish_reason() -> None:
    server = FlakyServer(failures=0, reply="Yes")
    try:
        engine = LangChainEngine(chat(server.url), max_concurrency=4)
        results = await engine.agenerate([f"p{i}" for i in range(8)], SamplingConfig(n=2))
        assert all(len(r.completions) == 2 for r in results)
        assert results[0].completions[0].finish_reason == "stop"
        assert 1 < server.max_in_flight <= 4
    finally:
        server.close()


def test_persistent_500s_are_counted() -> None:
    server = FlakyServer(failures=10_000, reply="")
    try:
        engine = LangChainEngine(chat(server.url), max_retries=1, retry_backoff=0.01)
        gen = TaskGenerator(llm=engine, task_type="qa", format="instruct")
        gen.invoke(["A", "B"])
        assert gen.last_report.rejected == {"engine_error": 2}
    finally:
        server.close()
