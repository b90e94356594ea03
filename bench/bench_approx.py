"""Approximate speed-ups against the exact morph, on the embedded model: chaining in latent space (no VAE round trip),
fewer steps with Euler or DPM-Solver++.

For each variant and seed it runs the 21-frame chained skunk -> puppy morph (traced graphs on the CPU, as morph-gif) and
reports, as medians over the seeds: seconds for the morph alone and the ratio to the exact one, the smoothness scores of
`morph_nbdev.metrics` (RMS distances: largest jump, uniformity, path length), the endpoint errors against the *exact*
scheduler's plain-prompt pictures, and the mean per-pixel difference from the exact morph's frames.

    python bench/bench_approx.py --seeds 0-4 --json bench/results_approx_cpu.json
"""
import argparse, json, statistics, time
from pathlib import Path

import numpy as np

VARIANTS = {"exact (LMS 30/10)": ("lms", 30, 10, "pixels"), "chained in latent space": ("lms", 30, 10, "latents"),
            "Euler 30/10": ("euler", 30, 10, "pixels"), "DPM-Solver++ 15/5": ("dpm", 15, 5, "pixels"),
            "DPM-Solver++ 10/3": ("dpm", 10, 3, "pixels")}

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="emoji"); p.add_argument("--seeds", default="0-4"); p.add_argument("--json", default=None)
    args = p.parse_args()
    from morph_nbdev.fast import traced_models, with_scheduler
    from morph_nbdev.metrics import endpoint_errors, smoothness
    from morph_nbdev.sweep import plain_endpoints
    from morph_nbdev.models import load_models
    from morph_nbdev.morph import morph
    lo, hi = map(int, args.seeds.split("-"))
    seeds = range(lo, hi + 1)
    base = traced_models(load_models(args.model))
    rows, exact = {}, {}
    for name, (sched, steps, start, chain) in VARIANTS.items():
        models = with_scheduler(base, sched)
        per = []
        for seed in seeds:
            ends = plain_endpoints(base, seed=seed)   # what the exact scheduler's plain prompts give
            t0 = time.perf_counter()
            res = morph(models, seed=seed, steps=steps, start_step=start, chain=chain, pace="linear", progress=False)
            secs = time.perf_counter() - t0
            frames = np.stack([np.asarray(f, float) for f in res.frames])
            if name.startswith("exact"): exact[seed] = frames
            s = smoothness(res)
            e0, e1 = endpoint_errors(res, ends)
            per.append(dict(s=secs, max_jump=s["rms_max_jump"], uniformity=s["rms_uniformity"], path_length=s["rms_path_length"],
                            start_error=e0, end_error=e1, diff_from_exact=float(np.abs(frames - exact[seed]).mean())))
        rows[name] = {k: statistics.median(r[k] for r in per) for k in per[0]}
        rows[name]["unet_calls"] = steps + 20 * (steps - start)   # batch-2 calls: frame 0, then 20 frames from `start`
        print(name, {k: round(v, 3) for k, v in rows[name].items()}, flush=True)
    ref = rows["exact (LMS 30/10)"]["s"]
    print("\n| variant | UNet calls | morph s | ×exact | largest jump | uniformity | path length | start error | end error | mean diff from exact |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        r["speedup"] = ref / r["s"]
        print(f"| {name} | {r['unet_calls']} | {r['s']:.2f} | {r['speedup']:.2f} | {r['max_jump']:.3f} | {r['uniformity']:.3f} | "
              f"{r['path_length']:.2f} | {r['start_error']:.3f} | {r['end_error']:.3f} | {r['diff_from_exact']:.1f} |")
    if args.json: Path(args.json).write_text(json.dumps(dict(model=args.model, seeds=list(seeds), results=rows), indent=2) + "\n")

if __name__ == "__main__":
    main()
