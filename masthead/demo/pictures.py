"""Pictures for the demo, painted with Pillow: stylised landscapes, harbours,
town roofs and sports grounds, and a wordmark logo per title. Pure: each
function takes a seeded `random.Random` and returns JPEG or PNG bytes with a
description for the alt text."""

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1200, 675

SKIES = [
    ((122, 170, 214), (214, 232, 245), "on a clear morning"),
    ((244, 162, 97), (255, 224, 178), "at sunset"),
    ((96, 108, 128), (180, 188, 198), "under an overcast sky"),
    ((44, 62, 110), (231, 111, 81), "at dusk"),
]
GREENS = [(86, 130, 72), (60, 110, 70), (120, 150, 80), (98, 124, 60)]


@dataclass
class Picture:
    title: str
    description: str
    data: bytes
    filename: str


def _sky(draw, top, bottom):
    for y in range(HEIGHT):
        ratio = y / HEIGHT
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * ratio) for i in range(3))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def _ridge(rng, base, roughness):
    points, y = [], base
    for x in range(0, WIDTH + 60, 60):
        y = max(HEIGHT * 0.25, min(HEIGHT * 0.85, y + rng.uniform(-roughness, roughness)))
        points.append((x, y))
    return [*points, (WIDTH, HEIGHT), (0, HEIGHT)]


def _shade(colour, amount):
    return tuple(max(0, min(255, int(channel * amount))) for channel in colour)


def _hills(rng, draw):
    green = rng.choice(GREENS)
    for layer, base in enumerate((HEIGHT * 0.45, HEIGHT * 0.58, HEIGHT * 0.72)):
        draw.polygon(_ridge(rng, base, 30 - layer * 6), fill=_shade(green, 0.7 + layer * 0.15))
    for _ in range(rng.randrange(4, 12)):
        x, y = rng.uniform(0, WIDTH), rng.uniform(HEIGHT * 0.7, HEIGHT * 0.95)
        draw.polygon([(x, y - 60), (x - 22, y), (x + 22, y)], fill=_shade(green, 0.5))
    return "rolling green hills"


def _harbour(rng, draw):
    sea_top = int(HEIGHT * rng.uniform(0.55, 0.65))
    draw.rectangle([0, sea_top, WIDTH, HEIGHT], fill=(46, 94, 130))
    for y in range(sea_top + 10, HEIGHT, 14):
        draw.line([(rng.uniform(0, 200), y), (WIDTH - rng.uniform(0, 200), y)], fill=(92, 140, 170), width=2)
    x = 40
    while x < WIDTH * 0.55:
        width, height = rng.randrange(50, 90), rng.randrange(60, 140)
        colour = rng.choice([(236, 226, 198), (200, 80, 70), (80, 120, 160), (240, 200, 90), (245, 245, 240)])
        draw.rectangle([x, sea_top - height, x + width, sea_top], fill=colour)
        draw.polygon(
            [(x - 6, sea_top - height), (x + width / 2, sea_top - height - 30), (x + width + 6, sea_top - height)],
            fill=(70, 60, 60),
        )
        x += width + rng.randrange(0, 8)
    for _ in range(rng.randrange(2, 6)):
        bx, by = rng.uniform(WIDTH * 0.45, WIDTH - 120), rng.uniform(sea_top + 20, HEIGHT - 40)
        draw.polygon([(bx, by), (bx + 110, by), (bx + 90, by + 24), (bx + 16, by + 24)], fill=(240, 240, 235))
        draw.line([(bx + 55, by), (bx + 55, by - 90)], fill=(60, 60, 60), width=3)
    return "painted houses along a harbour, boats on the water"


def _town(rng, draw):
    ground = int(HEIGHT * 0.8)
    x = 0
    while x < WIDTH:
        width, height = rng.randrange(70, 160), rng.randrange(140, 330)
        colour = _shade(rng.choice([(180, 160, 140), (150, 150, 160), (200, 180, 150), (120, 110, 100)]), 1)
        draw.rectangle([x, ground - height, x + width, ground], fill=colour)
        for wy in range(ground - height + 20, ground - 30, 40):
            for wx in range(x + 12, x + width - 20, 30):
                draw.rectangle([wx, wy, wx + 14, wy + 20], fill=(250, 230, 160) if rng.random() < 0.3 else (70, 80, 90))
        if rng.random() < 0.15:
            draw.polygon(
                [
                    (x + width / 2 - 10, ground - height),
                    (x + width / 2, ground - height - 120),
                    (x + width / 2 + 10, ground - height),
                ],
                fill=colour,
            )
        x += width
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=(90, 90, 95))
    return "rooftops and a church spire over a town street"


def _pitch(rng, draw):
    horizon = int(HEIGHT * 0.42)
    draw.rectangle([0, horizon - 40, WIDTH, horizon], fill=(70, 70, 80))
    for x in range(0, WIDTH, 7):
        draw.point(
            (x, horizon - rng.randrange(5, 35)), fill=rng.choice([(200, 60, 60), (240, 240, 240), (40, 80, 160)])
        )
    green = rng.choice(GREENS)
    for index, y in enumerate(range(horizon, HEIGHT, 40)):
        draw.rectangle([0, y, WIDTH, y + 40], fill=_shade(green, 1.0 if index % 2 else 0.88))
    draw.line([(WIDTH / 2, horizon), (WIDTH / 2, HEIGHT)], fill=(245, 245, 245), width=4)
    draw.ellipse([WIDTH / 2 - 120, HEIGHT * 0.62, WIDTH / 2 + 120, HEIGHT * 0.86], outline=(245, 245, 245), width=4)
    for _ in range(rng.randrange(6, 14)):
        px, py = rng.uniform(80, WIDTH - 80), rng.uniform(horizon + 40, HEIGHT - 60)
        shirt = rng.choice([(200, 40, 40), (30, 70, 150)])
        draw.rectangle([px - 8, py - 40, px + 8, py], fill=shirt)
        draw.ellipse([px - 7, py - 56, px + 7, py - 42], fill=(230, 190, 160))
    return "players on a floodlit sports ground in front of a stand"


def _fields(rng, draw):
    horizon = int(HEIGHT * rng.uniform(0.4, 0.5))
    for index in range(8):
        top = horizon + index * (HEIGHT - horizon) / 8
        colour = rng.choice([(164, 170, 80), (110, 150, 70), (190, 170, 100), (90, 130, 60)])
        draw.polygon([(0, top), (WIDTH, top + rng.uniform(-20, 20)), (WIDTH, HEIGHT), (0, HEIGHT)], fill=colour)
    for _ in range(rng.randrange(3, 7)):
        x, y = rng.uniform(0, WIDTH), horizon + rng.uniform(0, 60)
        draw.ellipse([x - 40, y - 80, x + 40, y], fill=(50, 90, 50))
        draw.rectangle([x - 5, y - 10, x + 5, y + 20], fill=(80, 60, 40))
    return "a patchwork of farm fields and trees"


SCENES = [_hills, _harbour, _town, _pitch, _fields]


def scene(rng, number):
    """One stylised photograph (1200×675 JPEG)."""
    top, bottom, light = rng.choice(SKIES)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, top, bottom)
    if rng.random() < 0.6:
        x, y = rng.uniform(100, WIDTH - 100), rng.uniform(60, HEIGHT * 0.3)
        draw.ellipse([x - 40, y - 40, x + 40, y + 40], fill=(255, 240, 200))
    painter = SCENES[number % len(SCENES)]
    subject = painter(rng, draw)
    image = image.filter(ImageFilter.GaussianBlur(radius=1.2))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return Picture(
        title=f"Demo picture {number + 1}: {subject}",
        description=f"An illustration of {subject} {light}.",
        data=buffer.getvalue(),
        filename=f"demo-picture-{number + 1:02d}.jpg",
    )


def _font(size):
    for name in ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def logo(name, colour, slug):
    """A wordmark: the title's name in white on its colour (PNG, 800×160)."""
    image = Image.new("RGB", (800, 160), colour)
    draw = ImageDraw.Draw(image)
    font = _font(64)
    while draw.textlength(name, font=font) > 740 and font.size > 20:
        font = _font(font.size - 4)
    draw.text((400, 80), name, font=font, fill=(255, 255, 255), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return Picture(
        title=f"{name} logo", description=f"The {name} wordmark", data=buffer.getvalue(), filename=f"logo-{slug}.png"
    )
