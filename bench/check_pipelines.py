"""A morph's first frame against diffusers' own pipelines on tiny SD 1.x, 2.x (v-prediction) and SDXL models, on any device.

    python bench/check_pipelines.py --device cuda --json results_pipelines_cuda.json

Each tiny model (random weights) makes frame 0 of a skunk → puppy morph (factor 0, from the seed's noise) and diffusers'
stock pipeline draws "A picture of a skunk" with the same seed, steps, guidance and LMS scheduler from the model's config.
The mean absolute difference is printed in grey levels; under 1 passes. In float16 on a GPU the two paths round
differently, so float32 is the check and float16 is reported."""
import argparse, json, sys, warnings

import numpy as np
import torch
from diffusers import LMSDiscreteScheduler, StableDiffusionPipeline, StableDiffusionXLPipeline

from morph_nbdev.models import tiny_sd, tiny_sdxl
from morph_nbdev.morph import morph

def stock(models, prompt:str, seed:int, steps:int, device):
    "diffusers' own pipeline on `models`' components, LMS from the model's config"
    parts = dict(vae=models.vae, text_encoder=models.text_encoder, tokenizer=models.tokenizer, unet=models.unet,
                 scheduler=LMSDiscreteScheduler.from_config(models.scheduler.config))
    pipe = (StableDiffusionXLPipeline(**parts, tokenizer_2=models.tokenizer_2, text_encoder_2=models.text_encoder_2) if models.xl else
            StableDiffusionPipeline(**parts, safety_checker=None, feature_extractor=None, requires_safety_checker=False))
    pipe.set_progress_bar_config(disable=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return pipe(prompt, num_inference_steps=steps, guidance_scale=7.5, generator=torch.Generator().manual_seed(seed),
                    height=models.size, width=models.size).images[0]

def on(models, device, dtype):
    "`models` moved to `device` in `dtype`"
    for name in ("vae", "text_encoder", "unet", "text_encoder_2"):
        m = getattr(models, name)
        if m is not None: m.to(device=device, dtype=dtype)
    return models

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--json", default=None, help="write the results here")
    args = p.parse_args(argv)
    dtypes = [torch.float32] + ([torch.float16] if args.device.startswith("cuda") else [])
    results, ok = [], True
    for name, build in (("sd1", tiny_sd), ("sd2_v", lambda: tiny_sd(v2=True)), ("sdxl", tiny_sdxl)):
        for dtype in dtypes:
            models = on(build(), args.device, dtype)
            ours = morph(models, "skunk", "puppy", frames=1, steps=args.steps, progress=False, pace="linear")[0]
            theirs = stock(models, "A picture of a skunk", 4, args.steps, args.device)
            diff = float(np.abs(np.asarray(ours, float) - np.asarray(theirs, float)).mean())
            passed = diff < 1 or dtype != torch.float32
            ok &= passed
            results.append(dict(model=name, device=args.device, dtype=str(dtype), grey_levels=round(diff, 5), passed=passed))
            print(json.dumps(results[-1]), flush=True)
    if args.json:
        with open(args.json, "w") as f: json.dump(results, f, indent=1)
    return 0 if ok else 1

if __name__ == "__main__": sys.exit(main())
