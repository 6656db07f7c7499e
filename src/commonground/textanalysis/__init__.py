"""Text analysis of consultation comments, without Django.

Sentence embeddings (a NumPy port of all-MiniLM-L6-v2, :mod:`.embedding`), themes proposed by
clustering them (:mod:`.themes`), codes suggested against a codebook (:mod:`.coding`), personal
data masked before quotes are published (:mod:`.pii`), synthetic comments with known themes for
tests, demos and benchmarks (:mod:`.synthetic`) and the ``commonground consult code|themes``
commands (:mod:`.cli`).  The Django ``consult`` app calls these functions; nothing here touches
the database, so the CLI, background tasks and benchmarks share one implementation.
"""
