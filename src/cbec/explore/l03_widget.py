"""The lesson's price simulator: a slider of prices above the report of ``cbec.explore.l03``.

Kept apart from the arithmetic (``cbec.explore.l03``), which is tested without widgets. Its
text form is fixed, so a stored notebook compares equal run after run: the lesson prints a
static result beside it for readers without a live kernel.
"""

from __future__ import annotations

import html

import ipywidgets as w

from cbec.explore.l03 import DemandCurve, report


class PriceSimulator:
    """A price slider (USD) and, below it, what ``curve`` predicts at that price."""

    def __init__(self, curve: DemandCurve, low: float, high: float, step: float = 0.1, value=None):
        start = (low + high) / 2 if value is None else value
        self.curve = curve
        self.slider = w.FloatSlider(
            value=start, min=low, max=high, step=step, description="售价（美元）", readout_format=".2f"
        )
        self.slider.style.description_width = "initial"
        # An HTML view, not an Output area: setting its value prints nothing, so a stored
        # notebook holds the same outputs whether or not a widget frontend was there.
        self.view = w.HTML()
        self.box = w.VBox([self.slider, self.view])
        self.slider.observe(lambda _change: self.show(), names="value")
        self.show()

    def show(self) -> None:
        self.shown = report(self.curve, self.slider.value)
        self.view.value = f"<pre>{html.escape(self.shown)}</pre>"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "[价格模拟器：请在 JupyterLab 中拖动滑块]"
        return bundle
