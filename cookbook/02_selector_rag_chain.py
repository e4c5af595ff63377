"""Generated pairs as dynamic few-shot examples in an LCEL RAG chain.

A retriever supplies context, the selector supplies the most similar generated pairs
through FewShotChatMessagePromptTemplate, and the model answers. The model here is the
embedded default model on vLLM through a small Runnable; pass any LangChain chat model
(e.g. ChatOpenAI(base_url=...)) instead.

Run: .venv/bin/python cookbook/02_selector_rag_chain.py
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.documents import Document
from langchain_core.prompts import ChatPromptTemplate, FewShotChatMessagePromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough
from langchain_core.vectorstores import InMemoryVectorStore

from langchain_taskgen import TaskPair, TaskPairExampleSelector
from langchain_taskgen.embeddings import SentenceTransformerEmbeddings
from langchain_taskgen.engines import SamplingConfig
from langchain_taskgen.engines.default import default_engine
from langchain_taskgen.generation.chunking import DocumentChunker

ROOT = Path(__file__).resolve().parents[1]

# Pairs as `taskgen generate` writes them (a few hand-checked ones keep this runnable alone).
PAIRS = [
    TaskPair("Must redistributions of source code retain the copyright notice?", "Yes", "ynqa"),
    TaskPair(
        "May the names of the contributors be used to endorse derived products?",
        "No, not without specific prior written permission.",
        "qa",
    ),
    TaskPair("Is the software provided with a warranty?", "No", "ynqa"),
    TaskPair(
        "What must a redistribution in binary form reproduce?",
        "The copyright notice, the list of conditions and the disclaimer",
        "exqa",
    ),
]


def main() -> None:
    embeddings = SentenceTransformerEmbeddings()
    text = (ROOT / "samples" / "corpus" / "bsd-3-clause.txt").read_text()
    chunks, _ = DocumentChunker(chunk_size=500, chunk_overlap=50).split([Document(text)])
    retriever = InMemoryVectorStore.from_texts([c.text for c in chunks], embeddings).as_retriever(
        search_kwargs={"k": 1}
    )
    selector = TaskPairExampleSelector.from_pairs(PAIRS, k=2, embeddings=embeddings)
    few_shot = FewShotChatMessagePromptTemplate(
        example_selector=selector,
        example_prompt=ChatPromptTemplate.from_messages([("human", "{input}"), ("ai", "{output}")]),
        input_variables=["input"],
    )
    prompt = ChatPromptTemplate.from_messages(
        [("system", "Answer from this licence text:\n{context}"), few_shot, ("human", "{input}")]
    )
    engine = default_engine()

    def answer(prompt_value: object) -> str:
        text = prompt_value.to_string()  # type: ignore[attr-defined]
        result = engine.generate(
            [text + "\nAI:"], SamplingConfig(max_tokens=32, temperature=0.0, stop=("\n",))
        )
        return result[0].completions[0].text.strip()

    chain = (
        {
            "context": retriever | (lambda docs: "\n".join(d.page_content for d in docs)),
            "input": RunnablePassthrough(),
        }
        | prompt
        | RunnableLambda(answer)
    )
    question = "Do I have to keep the copyright notice when I share the source?"
    print("selected examples:", [e["input"] for e in selector.select_examples({"input": question})])
    print("answer:", chain.invoke(question))


if __name__ == "__main__":
    main()
