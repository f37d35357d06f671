"""Helper package for the course 跨境电商平台营销：阿里巴巴国际站与速卖通.

One module per step of the course:

- ``cbec.data``: load the shipped datasets, typed and checked against their schemas;
- ``cbec.style``: one call for the seaborn theme and a CJK font;
- ``cbec.questions``: the question types learners answer (check, hint, solution);
- ``cbec.widgets``: the ipywidgets controls that answer them;
- ``cbec.answer_store``: the file beside each notebook that keeps widget answers;
- ``cbec.grading``: what changes when a notebook runs under the grader;
- ``cbec.build``: writes ``exercises/`` from ``solutions/``, and ``lessons/glossary.md``;
- ``cbec.glossary``: the course glossary (术语表), one CSV of preferred terms and their variants;
- ``cbec.exercises``: each lesson's question bank;
- ``cbec.release``: the student bundle, with sealed question banks (``cbec.questions.sealed``);
- ``cbec.probe`` and ``cbec.answer_codec``: how a grading kernel reports answers, as data;
- ``cbec.grader``: ``cbec grade``, from submissions to gradebook, feedback and report.
"""

__version__ = "0.1.0"
