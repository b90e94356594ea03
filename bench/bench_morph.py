"""Benchmark the 21-frame chained morph: (a) a straight port of the blog's loop, (b) morph_nbdev's exact default (on the CPU
the model's TorchScript export, on a GPU CUDA graphs; `eager`: the same loop with the PyTorch modules as they are), (c) its
fast mode (on the CPU the ONNX export run without PyTorch, on a GPU half precision with CUDA graphs).

Run it in the background on a quiet machine; it times every variant in the same run, so ratios are comparable:

    nohup python bench/bench_morph.py --model tiny --repeats 3 --json bench/results_cpu.json > bench/bench.log 2>&1 &

For each variant it reports, as medians over `--repeats` runs:
- whole process: wall seconds of a fresh Python process, start-up and model load included (for (b) and (c) the real
  `morph-gif` command; for (a) this script's worker running the blog's loop and its GIF one-liner);
- morph alone: wall seconds of the frames only, seconds per frame, UNet calls per second (on a GPU the CUDA graphs are
  recorded, and with `compile` the UNet compiled, before the morph starts: that time is reported apart, as graphs/compile);
- peak memory: the process's maximum resident set (CPU) or peak CUDA allocation;
and checks the frames against (a): (b) must be identical; for (c) the largest and mean pixel difference per frame.
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path

VARIANTS = ("blog", "eager", "default", "fast")          # on the CPU
GPU_VARIANTS = ("blog", "fast", "default", "compile")   # on a GPU: compile = --fast --compile (Inductor, then CUDA graphs)
FLAGS = {"fast": ["--fast"], "eager": ["--eager"], "compile": ["--fast", "--compile"]}   # morph-gif's flags for each

def _peak_rss() -> int:
    "This process's peak resident memory in bytes (VmHWM: ru_maxrss would carry over the parent's from before exec)"
    try: return next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    except (OSError, StopIteration): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

def worker(args):
    "One variant in this process: load, morph, write frames and timings to `args.result`"
    t0 = time.perf_counter()
    import numpy as np
    lite = args.variant in ("default", "fast") and args.device == "cpu" and not args.too_large
    if lite:   # what morph-gif runs on the CPU: the export (TorchScript: exact; --fast: ONNX Runtime, no PyTorch)
        from morph_nbdev.lite import lite_models
    else:
        import torch
        from morph_nbdev.models import load_models
        from transformers.utils import logging as transformers_logging
        transformers_logging.disable_progress_bar(); transformers_logging.set_verbosity_error()
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    calls, t_warm = [], 0.
    if lite:
        models = lite_models(args.model, "onnx" if args.variant == "fast" else "torchscript")
        unet = models.graph("unet")
        models._graphs["unet"] = lambda *a: calls.append(1) or unet(*a)
    else:
        dtype = torch.float16 if args.variant in ("fast", "compile") else torch.float32   # --fast on a GPU: half precision
        models = load_models(args.model, device=args.device, dtype=dtype)
        if args.variant in ("default", "fast", "compile"):   # what morph-gif does: traced on the CPU (a model too large to
            from morph_nbdev.fast import graphed_models       # export), CUDA graphs on a GPU
            models = graphed_models(models, compile=args.variant == "compile")
        if args.variant in ("default", "fast", "compile") and args.device != "cpu":
            tw, lat = time.perf_counter(), args.size // models.vae_scale_factor
            with torch.inference_mode():   # record the graphs (and compile) now and time it apart: "morph alone" is the morph
                models.unet(torch.zeros(2, models.unet.config.in_channels, lat, lat, device=args.device, dtype=dtype), torch.tensor(999.),
                            encoder_hidden_states=torch.zeros(2, 77, models.text_encoder.config.hidden_size, device=args.device, dtype=dtype))
            torch.cuda.synchronize(); t_warm = time.perf_counter() - tw
        class Count:   # counts UNet calls, whatever runs them
            def __init__(self, unet): self.unet = unet
            def __call__(self, *a, **k): calls.append(1); return self.unet(*a, **k)
            def __getattr__(self, k): return getattr(self.unet, k)
        from dataclasses import replace
        models = replace(models, unet=Count(models.unet))
    t_load = time.perf_counter() - t1 - t_warm
    cuda = args.device.startswith("cuda")
    if cuda: torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
    t2 = time.perf_counter()
    if args.variant == "blog":
        from morph_nbdev.blog import BlogPort
        frames = BlogPort(models).mk_imgs(args.seed, args.frames, height=args.size, width=args.size,
                                          num_inference_steps=args.steps, start_step_later=args.start_step)
    else:
        from morph_nbdev.morph import morph
        frames = morph(models, frames=args.frames, seed=args.seed, steps=args.steps, start_step=args.start_step,
                       size=args.size, pace="linear", progress=False).frames
    if cuda: torch.cuda.synchronize()
    t_morph = time.perf_counter() - t2
    peak = torch.cuda.max_memory_allocated() if cuda else _peak_rss()
    np.save(args.result + ".npy", np.stack([np.asarray(f) for f in frames]))
    if args.variant == "blog" and args.gif: frames[0].save(args.gif, save_all=True, append_images=frames[1:], duration=200, loop=0)
    Path(args.result).write_text(json.dumps(dict(t_import=t_import, t_load=t_load, t_warm=t_warm, t_morph=t_morph, unet_calls=len(calls),
                                                 frames=len(frames), peak_bytes=peak)))

def run_worker(args, variant, tmp, i):
    result = str(Path(tmp)/f"{variant}-{i}.json")
    cmd = [sys.executable, __file__, "--worker", variant, "--result", result] + common_args(args)
    subprocess.run(cmd, check=True)
    return json.loads(Path(result).read_text()), result + ".npy"

def common_args(args):
    return ["--model", args.model, "--device", args.device, "--frames", str(args.frames), "--seed", str(args.seed),
            "--steps", str(args.steps), "--start-step", str(args.start_step), "--size", str(args.size)] + ["--too-large"] * args.too_large

def whole_process(args, variant, tmp, i) -> float:
    "Wall seconds of the whole job as a user runs it"
    out = Path(tmp)/f"whole-{variant}-{i}.gif"
    if variant == "blog":
        cmd = [sys.executable, __file__, "--worker", "blog", "--result", str(Path(tmp)/f"w{i}.json"), "--gif", str(out)] + common_args(args)
    else:
        cmd = [sys.executable, "-c", "import sys; from morph_nbdev.cli import morph_gif; sys.argv[0] = 'morph-gif'; morph_gif()", "skunk", "puppy", "--model", args.model, "--device", args.device, "--frames", str(args.frames),
               "--seed", str(args.seed), "--steps", str(args.steps), "--start-step", str(args.start_step), "--size", str(args.size),
               "--pace", "linear", "--out", str(out), "--quiet", "--clean"] + FLAGS.get(variant, [])   # (the blog's factors: frames compared with its loop)
    t0 = time.perf_counter(); subprocess.run(cmd, check=True, capture_output=True); return time.perf_counter() - t0

def _cpu_name() -> str:
    try: return next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration): return ""

def report(args, stats, wholes, export_s, failed, final=False):
    "Medians, ratios to the blog and frame differences of the runs so far: to `--json`, and as a table if `final`"
    import numpy as np
    rows, frames = {}, {}
    for v in [v for v in stats if stats[v]]:
        med = lambda k: statistics.median(s[k] for s, _ in stats[v])
        first = stats[v][0][0]
        rows[v] = dict(whole_s=statistics.median(wholes[v]) if wholes[v] else float("nan"), morph_s=med("t_morph"),
                       import_s=med("t_import"), load_s=med("t_load"), warmup_s=med("t_warm"),
                       s_per_frame=med("t_morph") / first["frames"], unet_calls=first["unet_calls"],
                       unet_calls_per_s=first["unet_calls"] / med("t_morph"), peak_mb=max(s["peak_bytes"] for s, _ in stats[v]) / 2**20,
                       whole_runs_s=[round(w, 3) for w in wholes[v]], morph_runs_s=[round(s["t_morph"], 3) for s, _ in stats[v]])
        frames[v] = np.load(stats[v][0][1]).astype(int)
    for v, secs in export_s.items():
        if v in rows: rows[v]["export_once_s"] = secs
    base = rows.get("blog")
    for v, r in rows.items():
        if base: r["whole_speedup"], r["morph_speedup"] = base["whole_s"] / r["whole_s"], base["morph_s"] / r["morph_s"]
        if "blog" in frames:
            d = np.abs(frames[v] - frames["blog"]).reshape(len(frames[v]), -1)
            r["identical_to_blog"] = bool((d == 0).all())
            r["max_pixel_diff_per_frame"], r["mean_pixel_diff_per_frame"] = d.max(1).tolist(), d.mean(1).round(4).tolist()
    import platform, torch
    info = dict(machine=platform.processor() or platform.machine(), cpu=_cpu_name(), cpus=os.cpu_count(), torch=torch.__version__,
                device=args.device, model=args.model, size=args.size, frames=args.frames + 1, steps=args.steps,
                start_step=args.start_step, repeats=args.repeats)
    if args.json: Path(args.json).write_text(json.dumps(dict(info=info, results=rows, failed=failed), indent=2) + "\n")
    if not final: return
    print("\n| variant | whole process s | ×blog | morph s | ×blog | s/frame | UNet calls/s | graphs/compile s | peak MB | frames vs blog |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for v, r in rows.items():
        same = ("—" if "identical_to_blog" not in r else "identical" if r["identical_to_blog"] else f"max {max(r['max_pixel_diff_per_frame'])}, mean {np.mean(r['mean_pixel_diff_per_frame']):.3f} levels")
        print(f"| {v} | {r['whole_s']:.2f} | {r.get('whole_speedup', 1):.2f} | {r['morph_s']:.2f} | {r.get('morph_speedup', 1):.2f} | "
              f"{r['s_per_frame']:.3f} | {r['unet_calls_per_s']:.0f} | {r['warmup_s']:.1f} | {r['peak_mb']:.0f} | {same} |")
    print(info)

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="emoji", help="'emoji' (the embedded model), a model folder or hub id; 'tiny' saves a tiny random SD, 'sd-random' SD v1-4's shapes with random weights (3.4 GB, in a temporary folder)")
    p.add_argument("--device", default="cpu"); p.add_argument("--frames", type=int, default=20); p.add_argument("--seed", type=int, default=4)
    p.add_argument("--steps", type=int, default=30); p.add_argument("--start-step", type=int, default=10); p.add_argument("--size", type=int, default=None)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--variants", default=None, help=f"comma-separated (default: {','.join(VARIANTS)} on the CPU, {','.join(GPU_VARIANTS)} on a GPU)")
    p.add_argument("--json", default=None, help="write the results here too")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS); p.add_argument("--result", default=None, help=argparse.SUPPRESS)
    p.add_argument("--gif", default=None, help=argparse.SUPPRESS)
    p.add_argument("--too-large", action="store_true", help=argparse.SUPPRESS)   # too large to export: the CPU default is traced
    args = p.parse_args()
    if args.worker:
        args.variant = args.worker
        return worker(args)
    tmp = tempfile.mkdtemp()
    if args.model in ("tiny", "sd-random"):   # saved once in the diffusers layout: every variant loads it as a user's model
        from morph_nbdev.models import tiny_sd, save_models, sd_v1_4_random
        args.model = str(save_models(tiny_sd(size=64) if args.model == "tiny" else sd_v1_4_random(), Path(tmp)/args.model))
    if args.size is None:
        from morph_nbdev.models import load_models
        args.size = load_models(args.model).size
    variants = args.variants.split(",") if args.variants else list(VARIANTS if args.device == "cpu" else GPU_VARIANTS)
    os.environ["MORPH_NBDEV_CACHE"] = str(Path(tmp)/"cache")   # a cold cache: the fast mode's one-off export is timed too
    export_s, failed = {}, {}
    for v, backend in (("default", "torchscript"), ("fast", "onnx")):   # the one-off exports, timed as a first run sees them
        if v in variants and args.device == "cpu" and not args.too_large:
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", f"from morph_nbdev.lite import lite_models; lite_models({args.model!r}, {backend!r})"],
                                  capture_output=True, text=True)
            if "ModelTooLarge" in done.stderr:   # as morph-gif: the default runs traced PyTorch modules, --fast is refused
                args.too_large, failed["fast"] = True, "the model is too large to export: morph-gif --fast refuses it on the CPU"
            elif done.returncode: raise RuntimeError(f"exporting for {v} failed:\n{done.stderr[-2000:]}")
            else: export_s[v] = time.perf_counter() - t0
    # interleaved, so that a machine getting slower or faster during the run weighs on every variant alike
    stats, wholes = {v: [] for v in variants}, {v: [] for v in variants}
    for i in range(args.repeats):
        for v in [v for v in variants if v not in failed]:
            try:   # each run's results are reported as soon as they exist, in case the run is cut short
                stats[v].append(run_worker(args, v, tmp, i))
                print(v, i, "morph alone", round(stats[v][-1][0]["t_morph"], 2), flush=True)
                report(args, stats, wholes, export_s, failed)
                wholes[v].append(whole_process(args, v, tmp, i))
                print(v, i, "whole process", round(wholes[v][-1], 2), flush=True)
                report(args, stats, wholes, export_s, failed)
            except subprocess.CalledProcessError as e:   # one variant failing (say, a compiler on a new GPU) stops only that one
                failed[v] = (e.stderr or b"").decode(errors="replace")[-2000:] or f"exit status {e.returncode}"
                print(f"{v} failed:\n{failed[v]}", flush=True)
    report(args, stats, wholes, export_s, failed, final=True)

if __name__ == "__main__":
    main()
