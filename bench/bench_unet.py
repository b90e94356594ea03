"""One UNet call at SD v1-4's shapes (batch 2: classifier-free guidance, 64x64 latents = 512x512 pictures), random
weights, on a CUDA GPU: milliseconds per call and calls per second for each way `morph_nbdev` can run it, and how far
each one's output is from the eager model's in the same precision. The published figures to compare with (SD 1.5 at
512², batch 2, H100): 54.5 it/s plain PyTorch, 66 with torch.compile, 104.6 with stable-fast.

    python bench/bench_unet.py --calls 50 --json results_unet_cuda.json

Variants: eager float32 (the blog), eager float16, float16 + channels-last + CUDA graphs (`cuda_models`, `--fast`),
and the same compiled by Inductor first (`cuda_models(compile=True)`, `--fast --compile`; its compile time is reported).
Also the VAE's encoder and decoder at 512², float16. Times are medians over `--calls` calls after warm-up, each call
timed with CUDA events. The timestep is a CPU tensor, as in the morph's loop: an eager call copies it to the GPU and waits
for that copy (one stream synchronisation per call), so the eager figures are the blog loop's latency, launches included;
a CUDA-graph call only fills it in.
"""
import argparse, json, statistics, time
from dataclasses import replace
from pathlib import Path

import torch

def time_calls(fn, calls:int) -> list:
    "Milliseconds of each of `calls` calls of `fn`, back to back on the current stream (CUDA events)"
    events = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(calls)]
    for start, end in events: start.record(); fn(); end.record()
    torch.cuda.synchronize()
    return [start.elapsed_time(end) for start, end in events]

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--calls", type=int, default=50); p.add_argument("--json", default=None)
    p.add_argument("--no-compile", action="store_true", help="skip the Inductor variant (its compilation takes a minute or more)")
    args = p.parse_args()
    from morph_nbdev.fast import cuda_models
    from morph_nbdev.models import sd_v1_4_random
    base = sd_v1_4_random()
    x32 = torch.randn(2, 4, 64, 64, device="cuda", generator=torch.Generator("cuda").manual_seed(0))
    c32 = torch.randn(2, 77, 768, device="cuda", generator=torch.Generator("cuda").manual_seed(1))
    t = torch.tensor(500.)
    results, ref = {}, {}

    def measure(name, unet, dtype, warmup=3):
        x, c = x32.to(dtype), c32.to(dtype)
        call = lambda: unet(x, t, encoder_hidden_states=c).sample
        with torch.inference_mode():
            t0 = time.perf_counter()
            for _ in range(warmup): out = call()
            torch.cuda.synchronize(); first_s = time.perf_counter() - t0
            ms = time_calls(call, args.calls)
            out = call().float()
        key = str(dtype)
        if key not in ref: ref[key] = out   # the first variant of a precision is its eager reference
        diff = (out - ref[key]).abs()
        results[name] = dict(ms_per_call=statistics.median(ms), calls_per_s=1000 / statistics.median(ms), warmup_s=first_s,
                             max_abs_diff_vs_eager=diff.max().item(), mean_abs_diff_vs_eager=diff.mean().item(),
                             finite=bool(torch.isfinite(out).all()))
        print(name, {k: round(v, 4) if isinstance(v, float) else v for k, v in results[name].items()}, flush=True)
        write()

    def write():
        if args.json: Path(args.json).write_text(json.dumps(dict(gpu=torch.cuda.get_device_name(), torch=torch.__version__,
                                                                 calls=args.calls, results=results), indent=2) + "\n")

    unet32 = base.unet.to("cuda")
    measure("eager float32 (the blog)", unet32, torch.float32)
    measure("float32 + CUDA graphs (default)", cuda_models(replace(base, unet=unet32)).unet, torch.float32)
    del unet32; torch.cuda.empty_cache()
    half = replace(base, unet=base.unet.to("cuda", torch.float16), vae=base.vae.to("cuda", torch.float16))
    measure("eager float16", half.unet, torch.float16)
    measure("float16 + channels-last", cuda_models(half, graphs=False).unet, torch.float16)
    measure("float16 + channels-last + CUDA graphs (--fast)", cuda_models(half).unet, torch.float16)
    # the VAE at 512x512, float16: one encode and one decode per chained frame
    img = torch.rand(1, 3, 512, 512, device="cuda", dtype=torch.float16) * 2 - 1
    z = torch.randn(1, 4, 64, 64, device="cuda", dtype=torch.float16)
    with torch.inference_mode():
        for name, fn in (("vae encode float16", lambda: half.vae.encode(img).latent_dist.mean),
                         ("vae decode float16", lambda: half.vae.decode(z).sample)):
            for _ in range(2): fn()
            ms = statistics.median(time_calls(fn, 10))
            results[name] = dict(ms_per_call=ms, finite=bool(torch.isfinite(fn()).all()))
            print(name, round(ms, 3), flush=True)
    write()
    if not args.no_compile:
        try: measure("float16 + channels-last + Inductor + CUDA graphs (--fast --compile)", cuda_models(half, compile=True).unet, torch.float16)
        except Exception as e:   # a compiler failing on this machine: say so, keep the rest
            results["compile failed"] = dict(error=f"{type(e).__name__}: {e}"[:2000]); print(results["compile failed"], flush=True)
    write()

if __name__ == "__main__":
    main()
