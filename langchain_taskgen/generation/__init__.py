"""Documents in, task pairs out: chunking, the generator Runnable, its report, resumable runs.

The pipeline, in order: :mod:`~langchain_taskgen.generation.chunking` splits documents
into passages with provenance; :mod:`~langchain_taskgen.generation.generator` plans the
tasks of each passage (``construct`` and ``formats``), asks an engine (``engines``) and
judges every completion with the checks (``checks``); every completion ends accepted or
rejected with a reason in :mod:`~langchain_taskgen.generation.report`;
:mod:`~langchain_taskgen.generation.runs` makes long jobs resumable.
"""
