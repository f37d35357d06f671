"""Explore functions for slider questions: ``Numeric(..., explore="cbec.explore.l01:name")``.

Each ``lNN`` module holds a lesson's functions ``f(value) -> None``. The question's widget calls
one whenever its slider moves, inside an output area under the slider, so ``f`` draws a chart
(ending with ``plt.show()``) or prints a simulated result for that value. These modules ship
in the student release as they are: they must hold no answer.
"""
