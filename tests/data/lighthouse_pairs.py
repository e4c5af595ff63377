"""Two pairs on one lighthouse passage: an extractive (exqa) and a yes/no (ynqa) one."""

from langchain_taskgen.pairs import TaskPair

CONTEXT = "The lighthouse was built in 1872 and automated in 1990."
EXQA = TaskPair(
    CONTEXT + "\nWhen was it automated?",
    "1990",
    "exqa",
    CONTEXT,
    {"source": "l.txt", "chunk_index": 0, "start_index": 0, "end_index": 55},
)
YNQA = TaskPair("Was it built in 1872?", "Yes", "ynqa", CONTEXT, {"source": "l.txt"})
