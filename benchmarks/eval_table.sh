#!/usr/bin/env bash
# The evaluation table of docs/evaluation.md and the README: hand-written gold questions
# about the Debian Reference manual (benchmarks/data/gold_debian_reference.jsonl, written
# by hand for issue 19 item 6) answered by the default model zero-shot, with k random and
# with k selected examples from pairs that `taskgen generate` builds from the same manual
# with code-built types, against the no-model baseline; every difference with its paired
# bootstrap 95% interval. Needs `apt-get install debian-reference-en`. Run from the
# repository root; TASKGEN overrides the command (default: the venv's taskgen), OUT the
# output folder, K the examples per prompt, GOLD the gold file. STEPS>0 also fine-tunes the
# default model on the pool for that many steps and adds the fine-tuned column (slow on a
# CPU: about 30 s a step).
#   bash benchmarks/eval_table.sh
set -euo pipefail
TASKGEN=${TASKGEN:-.venv/bin/taskgen}
OUT=${OUT:-out/eval-table}
GOLD=${GOLD:-benchmarks/data/gold_debian_reference.jsonl}
DR=/usr/share/debian-reference
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export VLLM_CPU_KVCACHE_SPACE=${VLLM_CPU_KVCACHE_SPACE:-1}
mkdir -p "$OUT"
{ lscpu | grep 'Model name'; uptime; } | tee "$OUT/machine.txt"

# 1. The train pool: code-built exqa, qa and ynqa pairs from every chapter (seconds).
$TASKGEN generate "$DR"/ch0[1-9].en.html "$DR"/ch1[0-2].en.html -t exqa -t qa -t ynqa \
  -o "$OUT/pool.jsonl" --report-json "$OUT/pool-report.json" >"$OUT/generate.txt"
tail -n 12 "$OUT/generate.txt"

# 2. Optional: fine-tune the default model on the pool.
finetune=()
if [ "${STEPS:-0}" -gt 0 ]; then
  OMP_NUM_THREADS=${FT_THREADS:-1} $TASKGEN finetune "$OUT/pool.jsonl" -o "$OUT/ft" \
    --eval-fraction 0 --max-steps "$STEPS" | tee "$OUT/finetune.txt"
  finetune=(--finetune "$OUT/ft")
fi

# 3. Every column on the gold questions: chat template (the default for an instruct
# model), k examples, greedy, 32 answer tokens; the table goes to stdout, vLLM's log to
# stderr.
$TASKGEN eval "$OUT/pool.jsonl" "$GOLD" -k "${K:-3}" "${finetune[@]}" -o "$OUT/eval" \
  2>"$OUT/eval.log" | tee "$OUT/eval.txt"
{ lscpu | grep 'Model name'; uptime; } | tee -a "$OUT/machine.txt"
