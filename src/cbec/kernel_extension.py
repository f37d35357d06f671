"""An IPython extension the course environment loads in every kernel it starts.

A learner who opens an exercise and runs a check before the first cell gets
``NameError: name 'q1' is not defined`` and a traceback. With this extension, that NameError is
explained in Chinese from the very first cell: nothing of the course has to be imported yet.
``make env`` installs ``$(VENV)/etc/ipython/ipython_kernel_config.py``, which IPython reads
from ``sys.prefix`` at every kernel start, to load it.
"""

from __future__ import annotations

from cbec import friendly_errors


def load_ipython_extension(shell) -> None:
    friendly_errors.install_name_errors(shell)
