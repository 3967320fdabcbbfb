"""The /stats chart draws Arabic and Farsi the way the library itself draws those words.

A chart once passed every test while each Arabic label was mirrored (our own reshaping and
reordering on top of Matplotlib's). These tests cut each label out of the rendered chart and
compare its pixels with Matplotlib's own rendering of the same word in logical order.
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

from dialogs.stats.chart import build_figure, render_chart

WORDS = {"ar": "سلام", "fa": "خوش آمدید"}


def _ink(pixels: np.ndarray) -> np.ndarray:
    """Darkness (0-255) of an RGBA crop, trimmed to the rows and columns holding ink."""
    darkness = 255 - pixels[..., :3].mean(axis=2)
    rows = np.flatnonzero(darkness.max(axis=1) > 40)
    columns = np.flatnonzero(darkness.max(axis=0) > 40)
    assert rows.size and columns.size, "no ink"
    return darkness[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]


def _crop(canvas: FigureCanvasAgg, text: Text) -> np.ndarray:
    box = text.get_window_extent(canvas.get_renderer())
    pixels = np.asarray(canvas.buffer_rgba())
    top, bottom = int(pixels.shape[0] - box.y1) - 2, int(pixels.shape[0] - box.y0) + 2
    return _ink(pixels[max(top, 0) : bottom, max(int(box.x0) - 2, 0) : int(box.x1) + 2])


def _rendered(chart: Figure, text: Text, word: str) -> np.ndarray:
    """Matplotlib's own rendering of `word` (logical order), where and as `text` stands."""
    figure = Figure(figsize=chart.get_size_inches(), dpi=chart.dpi)
    canvas = FigureCanvasAgg(figure)
    x, y = text.get_transform().transform(text.get_unitless_position())
    reference = figure.text(
        x,
        y,
        word,
        fontproperties=text.get_fontproperties(),
        horizontalalignment=text.get_horizontalalignment(),
        verticalalignment=text.get_verticalalignment(),
        transform=IdentityTransform(),
    )
    canvas.draw()
    return _crop(canvas, reference)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape:
        return False
    return bool(np.abs(a - b).mean() < 3)


def _labels(figure: Figure, word: str) -> tuple[FigureCanvasAgg, list[Text]]:
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    texts = [t for t in figure.findobj(Text) if t.get_visible() and word in t.get_text()]
    return canvas, texts  # type: ignore[return-value]


@pytest.mark.parametrize("locale", sorted(WORDS))
def test_every_label_is_drawn_as_the_library_draws_the_word(locale: str) -> None:
    word = WORDS[locale]
    figure = build_figure(word, [(word, [(word, 3)])], rtl=True)
    canvas, labels = _labels(figure, word)
    assert len(labels) == 3  # the title, the panel heading and the bar's label
    for text in labels:
        drawn = _crop(canvas, text)
        assert _same(drawn, _rendered(figure, text, word)), text.get_text()
        # The comparison tells a mirrored word apart: the reversed letters look different.
        assert not _same(drawn, _rendered(figure, text, word[::-1]))


def test_right_to_left_labels_read_from_the_right() -> None:
    """The first word of a right-to-left label stands rightmost, even when it is Latin."""
    figure = build_figure("Wien فيينا", [("فيينا", [("Wien فيينا", 3)])], rtl=True)
    canvas, labels = _labels(figure, "Wien")
    assert len(labels) == 2
    left_to_right = "\u200e"  # the references are laid out from the left, word by word
    for text in labels:
        drawn = _crop(canvas, text)
        assert _same(drawn, _rendered(figure, text, f"{left_to_right}فيينا Wien"))
        assert not _same(drawn, _rendered(figure, text, f"{left_to_right}Wien فيينا"))


def test_the_chart_is_a_png() -> None:
    assert render_chart("Wien", [("Members", [("English", 2)])], rtl=False).startswith(b"\x89PNG")
