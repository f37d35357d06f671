"""Parts of ``tools/bench_grading.py``: generated submissions, timed runs, the nbgrader course."""
