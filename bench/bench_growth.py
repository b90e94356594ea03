"""The embedded model against the one it was grown from, side by side in one run.

1. The cost of one UNet call (batch 2, the morph's call), both models timed in alternating rounds: medians and their ratio.
2. How each model's linear morph moves with the mix factor: for a few pairs and seeds, `morph(..., pace="linear")`, and for
   each frame its progress (`metrics.progress`); the table reports the largest step and the factor where the morph first
   passes half way, and a chart draws progress against the factor for both models.

The earlier model is taken from git (`--old-rev`, the commit before the model grew), so nothing outside the repository is needed:

    python bench/bench_growth.py                       # about 10 minutes on 2 CPU cores
    python bench/bench_growth.py --pairs skunk:puppy --seeds 0

Results go to bench/results_growth.json and bench/growth_progress.png.
"""
import argparse, json, statistics, subprocess, tarfile, tempfile, time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_REV = "a4dc682"   # the last commit with the 24-concept model
PAIRS = "skunk:puppy,cat:fox,panda:koala"

def old_model(rev:str, dest:Path) -> Path:
    "The embedded model folder as it was at `rev`, extracted from git into `dest`"
    blob = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "morph_nbdev/emoji_sd"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(blob)) as tar: tar.extractall(dest, filter="data")
    return dest/"morph_nbdev"/"emoji_sd"

def unet_times(models:dict, rounds:int=15, calls:int=10) -> dict:
    "Median seconds of one UNet call (batch 2, 77 text tokens) per model, timed in alternating rounds"
    import torch
    out = {}
    for name, m in models.items():
        side, width = m.unet.config.sample_size, m.text_encoder.config.hidden_size
        out[name] = (m.unet, torch.randn(2, 4, side, side), torch.randn(2, 77, width), [])
    with torch.no_grad():
        for r in range(rounds):
            for name in (list(out) if r % 2 == 0 else list(out)[::-1]):
                unet, x, text, times = out[name]
                unet(x, 500, encoder_hidden_states=text)
                t0 = time.perf_counter()
                for _ in range(calls): unet(x, 500, encoder_hidden_states=text)
                times.append((time.perf_counter() - t0) / calls)
    return {name: statistics.median(v[3]) for name, v in out.items()}

def progress_row(models, src:str, dst:str, seed:int) -> dict:
    "One linear morph: its progress per frame, largest step, and the factor where it first passes half way"
    from morph_nbdev.morph import morph
    from morph_nbdev.metrics import progress, progress_stats
    res = morph(models, src, dst, seed=seed, pace="linear", progress=False)
    p = [float(v) for v in progress(res.frames)]
    half = next(f for f, v in zip(res.factors, p) if v >= 0.5)
    return dict(src=src, dst=dst, seed=seed, factors=[float(f) for f in res.factors], progress=p,
                max_step=progress_stats(p)["max_step"], half_way_factor=float(half))

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--old-rev", default=OLD_REV, help="the git commit whose embedded model is compared")
    p.add_argument("--new", default="emoji", help="the grown model: the embedded one, or a model folder")
    p.add_argument("--pairs", default=PAIRS, help="SRC:DST pairs both models know, comma-separated")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--json", default=str(ROOT/"bench"/"results_growth.json"))
    p.add_argument("--chart", default=str(ROOT/"bench"/"growth_progress.png"))
    args = p.parse_args()
    import torch
    from morph_nbdev.models import load_models
    from morph_nbdev.metrics import progress_chart
    from morph_nbdev.latents import image_grid
    torch.manual_seed(0)
    models = dict(old=load_models(old_model(args.old_rev, Path(tempfile.mkdtemp()))), new=load_models(args.new))
    times = unet_times(models)
    print(f"UNet call (batch 2): old {times['old'] * 1e3:.1f} ms, new {times['new'] * 1e3:.1f} ms, ratio {times['new'] / times['old']:.2f}", flush=True)
    pairs, seeds = [tuple(s.split(":")) for s in args.pairs.split(",")], [int(s) for s in args.seeds.split(",")]
    rows = []
    for src, dst in pairs:
        for seed in seeds:
            for name, m in models.items():
                rows.append(dict(model=name, **progress_row(m, src, dst, seed)))
                r = rows[-1]
                print(f"{name:>3} {src:>6} -> {dst:<7} seed {seed}: largest step {r['max_step']:.3f}, half way at factor {r['half_way_factor']:.2f}", flush=True)
    summary = {name: dict(max_step_median=statistics.median(r["max_step"] for r in rows if r["model"] == name),
                          half_way_factor_median=statistics.median(r["half_way_factor"] for r in rows if r["model"] == name))
               for name in models}
    summary["unet_call_ms"] = {k: v * 1e3 for k, v in times.items()}
    summary["unet_call_ratio"] = times["new"] / times["old"]
    Path(args.json).write_text(json.dumps(dict(old_rev=args.old_rev, summary=summary, rows=rows), indent=1) + "\n")
    charts = [progress_chart({f"{r['model']} seed {r['seed']}": (r["factors"], r["progress"]) for r in rows if (r["src"], r["dst"]) == pair},
                             title=f"{pair[0]} -> {pair[1]}: progress by mix factor, linear pace") for pair in pairs]
    image_grid(charts, cols=len(charts)).save(args.chart)
    print(json.dumps(summary, indent=1))

if __name__ == "__main__":
    main()
