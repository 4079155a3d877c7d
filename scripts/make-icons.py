#!/usr/bin/python3
"""Draws the web app icons into web/icons/ (committed; not part of the build).

Needs Debian's python3-pil. Run: /usr/bin/python3 scripts/make-icons.py
Then, as committed (the 192 px icon is part of the first visit's transfer):
  for f in web/icons/*.png; do pngquant --quality=90-100 --speed 1 --strip -f -o "$f" "$f"; optipng -o7 -quiet "$f"; done
(Debian's pngquant and optipng: a 256-colour palette, 7.1 -> 3.4 KB for the 192 px icon.)
"""
import os

from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FONT = os.path.join(ROOT, "assets", "fonts", "NotoSans-Bold.ttf")
OUT = os.path.join(ROOT, "web", "icons")
BLUE = (33, 97, 191, 255)
WHITE = (255, 255, 255, 255)


def icon(size, maskable):
    scale = 4  # draw large, then downsample: smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle([0, 0, s, s], fill=BLUE)  # full bleed: the platform cuts the shape
        glyph = 0.50
    else:
        d.rounded_rectangle([0, 0, s - 1, s - 1], radius=int(s * 0.22), fill=BLUE)
        glyph = 0.66
    font = ImageFont.truetype(FONT, int(s * glyph))
    box = d.textbbox((0, 0), "R", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((s - w) / 2 - box[0], (s - h) / 2 - box[1]), "R", font=font, fill=WHITE)
    return img.resize((size, size), Image.LANCZOS)


os.makedirs(OUT, exist_ok=True)
icon(192, False).save(os.path.join(OUT, "icon-192.png"), optimize=True)
icon(512, False).save(os.path.join(OUT, "icon-512.png"), optimize=True)
icon(512, True).save(os.path.join(OUT, "icon-maskable-512.png"), optimize=True)
print("icons written to", OUT)
