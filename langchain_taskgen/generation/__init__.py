"""Documents in, task pairs out: chunking, the plan, the engine call, the judge, resumable runs.

The pipeline, in order: :mod:`~langchain_taskgen.generation.chunking` splits documents
into passages with provenance; :mod:`~langchain_taskgen.generation.plan` turns every
chunk into jobs (a prompt or a code-built task, how many completions, how a completion
becomes a pair), the same way for every format; :mod:`~langchain_taskgen.generation.sending`
sends the plan's prompts to an engine (``engines``); :mod:`~langchain_taskgen.generation.judge`
ends every completion accepted or rejected with a reason (``checks``), counted in
:mod:`~langchain_taskgen.generation.report`. :mod:`~langchain_taskgen.generation.generator`
holds :class:`TaskGenerator`, whose public ``plan``/``complete``/``judge`` are these steps;
:mod:`~langchain_taskgen.generation.runs` journals long jobs so they resume
(:mod:`~langchain_taskgen.generation.locking`: one run per output file).
"""
