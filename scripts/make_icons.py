"""Draw the home-screen icons (static/icons/*.png) from the favicon's design.

static/favicon.svg is a blue rounded square with a white trace of a twitch; Pillow cannot
read SVG, so the same shapes are drawn here, at four times the size and scaled down for
smooth edges. Run it again after changing the favicon:

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE = "#0d6efd"
WHITE = "#ffffff"
# The favicon's 32-unit drawing: corner radius, the trace's points and its width.
CORNER = 6
TRACE = [(4, 17), (10, 17), (13, 9), (17, 23), (20, 14), (22, 17), (28, 17)]
STROKE = 2.5
SUPERSAMPLE = 4


def draw_icon(size: int, *, rounded: bool, glyph_scale: float = 1.0) -> Image.Image:
    """The icon at `size` pixels; `glyph_scale` < 1 shrinks the trace towards the centre
    (a maskable icon must keep its drawing inside the middle 80 %)."""
    big = size * SUPERSAMPLE
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=CORNER * unit, fill=BLUE)
    else:
        draw.rectangle((0, 0, big, big), fill=BLUE)

    def place(x: float, y: float) -> tuple[float, float]:
        return (16 + (x - 16) * glyph_scale) * unit, (16 + (y - 16) * glyph_scale) * unit

    points = [place(x, y) for x, y in TRACE]
    width = STROKE * glyph_scale * unit
    draw.line(points, fill=WHITE, width=round(width), joint="curve")
    for x, y in (points[0], points[-1]):  # round line caps
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    icons = {
        "icon-192.png": draw_icon(192, rounded=True),
        "icon-512.png": draw_icon(512, rounded=True),
        "icon-maskable-512.png": draw_icon(512, rounded=False, glyph_scale=0.7),
        # iOS rounds the corners itself and shows transparency as black: a full square.
        "apple-touch-icon.png": draw_icon(180, rounded=False, glyph_scale=0.85),
    }
    for name, image in icons.items():
        image.save(ICONS / name, optimize=True)
        print(ICONS / name)


if __name__ == "__main__":
    main()
