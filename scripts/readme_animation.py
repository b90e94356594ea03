"""The README's animation: skunk -> puppy on the embedded model, seed 4, the blog's linear factors beside the even pace.

    python scripts/readme_animation.py              # writes assets/skunk-to-puppy.gif
"""
from pathlib import Path
from PIL import Image, ImageDraw

from morph_nbdev.files import save_gif
from morph_nbdev.models import load_models
from morph_nbdev.morph import morph

SCALE, GAP, LABEL = 3, 8, 18   # each 64 px picture shown 3x, panels 8 px apart, 18 px of label above

def side_by_side(left:list, right:list, titles=("--pace linear (the blog)", "--pace even")) -> list:
    "Frame i of `left` beside frame i of `right`, each enlarged and titled"
    side = left[0].width * SCALE
    out = []
    for a, b in zip(left, right):
        frame = Image.new("RGB", (2 * side + GAP, side + LABEL), "white")
        draw = ImageDraw.Draw(frame)
        for x, picture, title in ((0, a, titles[0]), (side + GAP, b, titles[1])):
            frame.paste(picture.resize((side, side), Image.NEAREST), (x, LABEL))
            draw.text((x + 2, 3), title, fill="black")
        out.append(frame)
    return out

if __name__ == "__main__":
    models = load_models()
    runs = {pace: morph(models, "skunk", "puppy", seed=4, pace=pace).frames for pace in ("linear", "even")}
    path = Path(__file__).resolve().parent.parent/"assets"/"skunk-to-puppy.gif"
    print(save_gif(side_by_side(runs["linear"], runs["even"]), path))
