"""Twenty pairs on licence clauses from five documents (``doc0.txt`` .. ``doc4.txt``):
ten yes/no questions and ten free-text ones, for splits, scoring and evaluation."""

from langchain_taskgen.pairs import TaskPair

PAIRS = [
    TaskPair(
        f"Clause {i}: may licensees sublicense {topic}?",
        answer,
        "ynqa",
        metadata={"source": f"doc{i % 5}.txt"},
    )
    for i, (topic, answer) in enumerate(
        [
            ("patents", "Yes"),
            ("trademarks", "No"),
            ("copyright", "Yes"),
            ("names", "No"),
            ("logos", "No"),
            ("code", "Yes"),
            ("docs", "Yes"),
            ("marks", "No"),
            ("data", "Yes"),
            ("fonts", "No"),
        ]
    )
] + [
    TaskPair(
        f"Clause {i}: who signs notice {i}?",
        "The licensor",
        "qa",
        metadata={"source": f"doc{i % 5}.txt"},
    )
    for i in range(10)
]
