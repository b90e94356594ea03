"Train the first 24 concepts of the embedded emoji Stable Diffusion from scratch (VAE, then UNet + text encoder), resumable from runs/*.pt; writes runs/emoji_sd/. scripts/grow_emoji_sd.py then teaches it all 128. Usage: nohup python -u scripts/train_emoji_sd.py [N_VAE N_UNET] >> runs/train.log 2>&1 &"
import time, sys
import torch
torch.set_num_threads(1)
from pathlib import Path
from morph_nbdev.train import *
from morph_nbdev.tokenizer import clip_tokenizer
CONCEPTS = CONCEPTS[:24]   # the first model's concepts

RUNS = Path(__file__).resolve().parent.parent/"runs"; RUNS.mkdir(exist_ok=True)   # git-ignored
N_VAE, N_UNET = int(sys.argv[1]) if len(sys.argv) > 1 else 2000, int(sys.argv[2]) if len(sys.argv) > 2 else 12000
T0 = time.time()
def log(s): print(f"[{(time.time() - T0) / 60:6.1f} min] {s}", flush=True)

data = RUNS / "data.pt"
if data.exists(): images, labels = torch.load(data)
else:
    images, labels = make_dataset(CONCEPTS, n_per_concept=64, seed=0)
    torch.save((images, labels), data)
refs = images[labels.diff(prepend=torch.tensor([-1])) != 0]
log(f"data {tuple(images.shape)}, {len(refs)} concepts")
vae, text_encoder, unet = build_models(seed=0)
log(f"params vae {n_params(vae)/1e6:.2f}M text {n_params(text_encoder)/1e6:.2f}M unet {n_params(unet)/1e6:.2f}M")

# Stage 1: VAE
step_fn, state = vae_trainer(vae, images, N_VAE, batch_size=16, lr=1e-3)
train(step_fn, N_VAE, state, ckpt=RUNS / "vae.pt", log_every=50, eval_every=250, log=log,
      evaluate=lambda s: log(f"VAE step {s} PSNR plain {tensor_psnr(reconstruct(vae, refs), refs):.2f} dB, "
                             f"augmented {tensor_psnr(reconstruct(vae, images[1::16]), images[1::16]):.2f} dB"))
vae.requires_grad_(False).eval()

# Stage 2: UNet + text encoder on precomputed latents
means, stds = encode_dataset(vae, images)
scale = set_scaling_factor(vae, means)
log(f"scaling_factor {scale:.4f}, posterior std mean {stds.mean():.4f}")
ids = caption_ids(clip_tokenizer(), CONCEPTS)
step_fn, state = unet_trainer(unet, text_encoder, means * scale, stds * scale, labels, ids, N_UNET, batch_size=32, lr=5e-4)
def evaluate(step):
    t = time.time(); right = []
    for seed in range(2):
        pics = sample(state["ema_unet"], state["ema_text"], vae, ids[:-1], ids[-1:], generator=torch.Generator().manual_seed(1000 * step + seed))
        right.append(nearest_concept(pics, refs) == torch.arange(len(refs)))
    right = torch.stack(right)
    wrong = [CONCEPTS[i] for i in (~right).any(0).nonzero().flatten().tolist()]
    log(f"UNet step {step} accuracy {right.float().mean():.3f} (2 seeds, {time.time() - t:.0f}s) wrong: {wrong}")
train(step_fn, N_UNET, state, ckpt=RUNS / "unet.pt", log_every=100, eval_every=1000, log=log, evaluate=evaluate)

path = save_concepts(save_pipeline(RUNS / "emoji_sd", vae, state["ema_text"], state["ema_unet"]), {c: EMOJI[c] for c in CONCEPTS})
log(f"saved {path} ({folder_size(path) / 1e6:.1f} MB)")
