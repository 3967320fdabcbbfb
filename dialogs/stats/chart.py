"""The /stats chart as a PNG: members by language and new members per month.

Matplotlib (3.11 and newer, with its bundled libraqm) shapes Arabic and Farsi letters and puts
mixed text into visual order by itself, so labels are given to it in logical order, as people
type them; shaping or reordering them here as well would mirror every label. For right-to-left
readers each label starts with a RIGHT-TO-LEFT MARK (so "Wien فيينا" reads from the right),
the bars grow from the right and the labels stand on the right. Matplotlib loads on the first
chart, not at start-up.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Fonts tried in order, glyph by glyph (Matplotlib's fallback); DejaVu Sans ships with
#: Matplotlib and has Arabic letters, Noto looks better where installed.
FONTS = ["Noto Sans Arabic", "Noto Sans", "DejaVu Sans"]
RLM = "\u200f"


def label(text: str, rtl: bool) -> str:
    """Text as the chart hands it to Matplotlib: logical order, right-to-left base if rtl."""
    return f"{RLM}{text}" if rtl else text


def render_chart(
    title: str,
    panels: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    rtl: bool,
    value_label: Any = str,
) -> bytes:
    """A PNG with one horizontal bar panel per (heading, [(label, value), ...])."""
    figure = build_figure(title, panels, rtl=rtl, value_label=value_label)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def build_figure(
    title: str,
    panels: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    rtl: bool,
    value_label: Any = str,
) -> Figure:
    """The chart's figure (Agg canvas), before it is saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    installed = {font.name for font in font_manager.fontManager.ttflist}
    family = [name for name in FONTS if name in installed] or ["DejaVu Sans"]
    rows = max(len(bars) for _, bars in panels) if panels else 1
    figure = Figure(figsize=(7, 1.2 + 0.45 * rows * len(panels)), dpi=110)
    figure.suptitle(label(title, rtl), fontsize=14, family=family)
    axes = figure.subplots(len(panels), 1, squeeze=False)
    for ax, (heading, bars) in zip(axes[:, 0], panels, strict=True):
        labels = [label(text, rtl) for text, _ in bars]
        values = [value for _, value in bars]
        positions = list(range(len(bars)))
        ax.barh(positions, values, color="#2a7f62")
        ax.set_yticks(positions, labels, family=family)
        ax.invert_yaxis()  # the first bar on top
        ax.set_title(label(heading, rtl), family=family, loc="right" if rtl else "left")
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        top = max(values, default=0) or 1
        ax.set_xlim(0, top * 1.25)
        for position, value in zip(positions, values, strict=True):
            ax.text(
                value + top * 0.02,
                position,
                label(value_label(value), rtl),
                va="center",
                ha="left",
                family=family,
            )
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            for text in ax.texts:
                text.set_horizontalalignment("right")
    figure.tight_layout()
    return figure
