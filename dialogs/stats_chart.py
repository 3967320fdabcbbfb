"""The /stats chart as a PNG: members by language and new members per month.

Matplotlib draws text glyph by glyph, left to right, without shaping. Arabic and Farsi labels
are therefore shaped first (arabic-reshaper picks each letter's joined form) and put into
visual order (python-bidi), and for right-to-left readers the bars grow from the right with
the labels on the right. Matplotlib loads on the first chart, not at start-up.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

#: Fonts tried in order, glyph by glyph (Matplotlib's fallback); DejaVu Sans ships with
#: Matplotlib and has the Arabic presentation forms, Noto looks better where installed.
FONTS = ["Noto Sans Arabic", "Noto Sans", "DejaVu Sans"]


def visual(text: str, rtl: bool) -> str:
    """Text as Matplotlib must draw it: shaped and in visual order for Arabic script."""
    if not rtl and not any("\u0600" <= char <= "\u06ff" for char in text):
        return text
    from arabic_reshaper import ArabicReshaper  # type: ignore[import-untyped]
    from bidi import get_display  # type: ignore[import-untyped]

    reshaper = ArabicReshaper(configuration={"delete_harakat": False})
    return str(get_display(reshaper.reshape(text), base_dir="R" if rtl else "L"))


def render_chart(
    title: str,
    panels: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    rtl: bool,
    value_label: Any = str,
) -> bytes:
    """A PNG with one horizontal bar panel per (heading, [(label, value), ...])."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    installed = {font.name for font in font_manager.fontManager.ttflist}
    family = [name for name in FONTS if name in installed] or ["DejaVu Sans"]
    rows = max(len(bars) for _, bars in panels) if panels else 1
    figure = Figure(figsize=(7, 1.2 + 0.45 * rows * len(panels)), dpi=110)
    figure.suptitle(visual(title, rtl), fontsize=14, family=family)
    axes = figure.subplots(len(panels), 1, squeeze=False)
    for ax, (heading, bars) in zip(axes[:, 0], panels, strict=True):
        labels = [visual(label, rtl) for label, _ in bars]
        values = [value for _, value in bars]
        positions = list(range(len(bars)))
        ax.barh(positions, values, color="#2a7f62")
        ax.set_yticks(positions, labels, family=family)
        ax.invert_yaxis()  # the first bar on top
        ax.set_title(visual(heading, rtl), family=family, loc="right" if rtl else "left")
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        top = max(values, default=0) or 1
        ax.set_xlim(0, top * 1.25)
        for position, value in zip(positions, values, strict=True):
            ax.text(
                value + top * 0.02,
                position,
                visual(value_label(value), rtl),
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
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
