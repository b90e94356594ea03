"""Even pacing against the blog's linear factors, on the embedded model, as a user runs them.

For each pair of concepts and each seed, `morph-gif SRC DST --seed S --pace linear` and `--pace even` run side by side
(in alternating order), each in a fresh process writing PNG frames, and the table reports per run:

- the largest progress step and the backsteps (`metrics.progress`: each frame projected on the first -> last line),
- the concept the model sees in the first and the last frame (`emoji.model_nearest`, the model as its own classifier), and the
  one nearest in pixels (`metrics.nearest` against the model's references),
- the frames whose fine detail spikes above both neighbours' (`metrics.noisy_frames`),
- the textured frames: those the even pace's own guard (`morph.texture_guard`) refuses against the first and the last frame,
  more than `TEXTURE_RATIO` times as unlike the model's own pictures (`morph.model_error`) or more than `EDGE_RATIO` times their
  edges (`metrics.total_variation`), and the largest of each ratio in any frame (`error_ratio_max`, `edge_ratio_max`: the guard's margins),
- the UNet calls (batch 2) and the whole process's seconds (start-up, export cache, morph, writing the frames).

    python bench/bench_pace.py                      # 5 pairs x 5 seeds, about 35 minutes on 2 CPU cores
    python bench/bench_pace.py --pairs skunk:puppy --seeds 4
    python bench/bench_pace.py --pairs dog:bear,lion:cow,horse:wolf --seeds 0,1,2 --json bench/results_words.json --sheet bench/words_sheet.png

Results go to bench/results_pace.json and a contact sheet of every even morph (bench/pace_even_sheet.png).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

PAIRS = "skunk:puppy,cat:fox,panda:koala,apple:banana,owl:penguin"
COUNT_FILE = "MORPH_NBDEV_BENCH_COUNT"

def child(argv:list):
    "Run `morph-gif argv`, counting the UNet calls of every chained frame (batch 2 each) into $MORPH_NBDEV_BENCH_COUNT"
    from morph_nbdev import cli, lite, morph
    calls = [0]
    def counting(frame):
        def wrapper(self, embs, uncond, encoded, first, steps, *args, **kwargs):
            calls[0] += steps - (first if encoded is not None else 0)
            return frame(self, embs, uncond, encoded, first, steps, *args, **kwargs)
        return wrapper
    for cls in (lite.LiteModels, morph.TorchRuntime): cls.frame = counting(cls.frame)
    status = cli.main(argv)
    Path(os.environ[COUNT_FILE]).write_text(str(calls[0]))
    sys.exit(status)

_scorer = {}
def scorer(model:str="emoji") -> tuple:
    "The model's runtime and its empty prompt, loaded once, to score frames with"
    from morph_nbdev.models import load_models
    from morph_nbdev.morph import as_runtime
    if model not in _scorer:
        ops = as_runtime(load_models(model)); _scorer[model] = ops, ops.uncond()
    return _scorer[model]

def texture(frames:list, model:str="emoji") -> dict:
    "How many `frames` `morph.texture_guard` refuses against the first and the last, and the largest ratio of any to them: model_error and edges"
    from morph_nbdev.metrics import total_variation
    from morph_nbdev.morph import model_error, texture_guard
    ops, empty = scorer(model)
    errors = {id(f): model_error(ops, f, empty) for f in frames}
    error = lambda picture: errors[id(picture)]
    textured, edges = texture_guard(ops, [frames[0], frames[-1]], empty, error), total_variation(frames)
    return dict(textured=sum(map(textured, frames)), error_ratio_max=max(map(error, frames)) / max(error(frames[0]), error(frames[-1])),
                edge_ratio_max=float(edges.max() / edges[[0, -1]].max()))

def run_one(src:str, dst:str, seed:int, pace:str, folder:Path, model:str="emoji") -> dict:
    "One `morph-gif` process: its seconds, UNet calls and scores"
    from morph_nbdev.emoji import emoji_concepts, model_nearest
    from morph_nbdev.metrics import nearest
    from morph_nbdev.metrics import frames_to_array, noisy_frames, progress, progress_stats
    from PIL import Image
    out, count = folder/f"{src}-{dst}-{seed}-{pace}", folder/f"{src}-{dst}-{seed}-{pace}.count"
    cmd = [sys.executable, __file__, "--child", src, dst, "--seed", str(seed), "--pace", pace, "--model", model, "--out", str(out), "--quiet"]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env={**os.environ, COUNT_FILE: str(count)})
    seconds = time.perf_counter() - t0
    frames = [Image.open(p).convert("RGB") for p in sorted(out.glob("frame_*.png"))]
    stats = progress_stats(progress(frames))
    concepts = emoji_concepts(model)
    first, last = model_nearest(scorer(model)[0].models, [frames[0], frames[-1]], list(concepts))
    first_pixels, last_pixels = nearest([frames[0], frames[-1]], concepts)
    return dict(src=src, dst=dst, seed=seed, pace=pace, max_step=stats["max_step"], backsteps=stats["backsteps"],
                first=first, last=last, first_pixels=first_pixels, last_pixels=last_pixels, noisy=len(noisy_frames(frames)), **texture(frames, model), unet_calls=int(count.read_text()), whole_s=seconds,
                frames=[str(p) for p in sorted(out.glob("frame_*.png"))])

def sheet(rows:list, path:Path):
    "The even morphs, one row each"
    from PIL import Image
    pics = [[Image.open(p) for p in r["frames"]] for r in rows]
    w, h = pics[0][0].size
    out = Image.new("RGB", (w * max(map(len, pics)), h * len(pics)), "white")
    for y, row in enumerate(pics):
        for x, im in enumerate(row): out.paste(im, (x * w, y * h))
    out.save(path)

def summary(rows:list) -> dict:
    even, linear = [r for r in rows if r["pace"] == "even"], [r for r in rows if r["pace"] == "linear"]
    s = {}
    for name, rs in (("even", even), ("linear", linear)):
        if not rs: continue
        steps = [r["max_step"] for r in rs]
        s[name] = dict(runs=len(rs), max_step_median=statistics.median(steps), max_step_at_most_0_20=sum(v <= 0.2 for v in steps) / len(rs),
                       backsteps_max=max(r["backsteps"] for r in rs), ends_right=sum(r["first"] == r["src"] and r["last"] == r["dst"] for r in rs) / len(rs),
                       ends_right_pixels=sum(r["first_pixels"] == r["src"] and r["last_pixels"] == r["dst"] for r in rs) / len(rs),
                       noisy_frames=sum(r["noisy"] for r in rs), textured_frames=sum(r["textured"] for r in rs),
                       runs_textured=sum(r["textured"] > 0 for r in rs), error_ratio_max=max(r["error_ratio_max"] for r in rs),
                       edge_ratio_max=max(r["edge_ratio_max"] for r in rs))
    if even and linear:
        ratio = [e["whole_s"] / l["whole_s"] for e, l in zip(even, linear)]
        calls = [e["unet_calls"] / l["unet_calls"] for e, l in zip(even, linear)]
        s["cost"] = dict(whole_s_ratio_median=statistics.median(ratio), whole_s_ratio_max=max(ratio),
                         whole_s_ratio_total=sum(e["whole_s"] for e in even) / sum(l["whole_s"] for l in linear),
                         unet_calls_ratio_median=statistics.median(calls), unet_calls_ratio_max=max(calls))
    return s

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="emoji", help="the embedded model, or a model folder with a concepts.json")
    p.add_argument("--pairs", default=PAIRS, help="SRC:DST pairs of the embedded model's concepts, comma-separated")
    p.add_argument("--seeds", default="0,1,2,3,4")
    p.add_argument("--paces", default="linear,even", help="the paces to run, comma-separated")
    p.add_argument("--json", default=str(Path(__file__).parent/"results_pace.json"))
    p.add_argument("--sheet", default=str(Path(__file__).parent/"pace_even_sheet.png"))
    args = p.parse_args()
    pairs, seeds, paces = [tuple(s.split(":")) for s in args.pairs.split(",")], [int(s) for s in args.seeds.split(",")], args.paces.split(",")
    folder = Path(tempfile.mkdtemp(prefix="bench-pace-"))
    subprocess.run([sys.executable, __file__, "--child", "skunk", "puppy", "--frames", "1", "--model", args.model, "--quiet", "--out", str(folder/"warm")], check=True,
                   env={**os.environ, COUNT_FILE: str(folder/"warm.count")})   # the model's export, once, before any timing
    rows, n = [], 0
    for src, dst in pairs:
        for seed in seeds:
            order = paces if n % 2 == 0 else paces[::-1]   # alternate: drift of a shared machine hits both
            got = {pace: run_one(src, dst, seed, pace, folder, args.model) for pace in order}
            rows += [got[pace] for pace in paces]; n += 1
            for r in (got[pace] for pace in paces):
                print(f"{src:>6} -> {dst:<7} seed {seed} {r['pace']:>6}: max step {r['max_step']:.3f}, backsteps {r['backsteps']:.3f}, "
                      f"{r['first']} -> {r['last']} (pixels {r['first_pixels']} -> {r['last_pixels']}), noisy {r['noisy']}, textured {r['textured']} (largest error ratio {r['error_ratio_max']:.2f}, edge ratio {r['edge_ratio_max']:.2f}), {r['unet_calls']} UNet calls, {r['whole_s']:.1f} s", flush=True)
            Path(args.json).write_text(json.dumps(dict(rows=[{k: v for k, v in r.items() if k != "frames"} for r in rows], summary=summary(rows)), indent=1) + "\n")
    sheet([r for r in rows if r["pace"] == "even"], Path(args.sheet))
    print("\n| pair | seed | pace | largest progress step | backsteps | first / last, as the model sees them (pixels) | noisy frames | textured frames (largest error, edge ratio) | UNet calls | whole s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['src']} → {r['dst']} | {r['seed']} | {r['pace']} | {r['max_step']:.3f} | {r['backsteps']:.3f} | {r['first']} / {r['last']} ({r['first_pixels']} / {r['last_pixels']}) | "
              f"{r['noisy']} | {r['textured']} ({r['error_ratio_max']:.2f}, {r['edge_ratio_max']:.2f}) | {r['unet_calls']} | {r['whole_s']:.1f} |")
    print(json.dumps(summary(rows), indent=1))

if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]: child(sys.argv[2:])
    else: main()
