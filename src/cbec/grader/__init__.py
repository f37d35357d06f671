"""Grade a class: ``cbec grade SUBMISSIONS --out DIR``.

One module per step, in the order an answer travels:

- ``submissions``: find each student's files in a folder or an LMS zip;
- ``precheck``: refuse a broken file with a reason, before any kernel starts;
- ``assemble``: the learner's cells, with the authoritative check cells restored by question id;
- ``kernel``: fresh kernels, forked from a warm template so start-up costs little;
- ``sandbox``: each kernel's own root, built from an allowlist (Linux namespaces);
- ``nbval_runner``: nbval, under pytest, executes every assembled notebook in parallel;
- ``judge``: the authoritative checks and hidden tests, run by the grader, outside the kernel;
- ``results``: the grades as data; ``gradebook``, ``feedback_html``, ``class_report`` write them out.
- ``marking``: the workspace for written answers (pages beside the rubric, ``marks.csv``, the key);
- ``marks``: the teacher's ``marks.csv``, checked line by line and merged (``cbec grade --marks``).
"""

import sys

# nbformat imports jsonschema, which builds a URI grammar on import (~0.7 s) for a format check
# that grading never uses. Every grading process (the command, the pytest workers) skips it.
sys.modules.setdefault("rfc3987_syntax", None)
