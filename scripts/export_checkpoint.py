"Save the pipeline from the latest UNet checkpoint (EMA weights) without stopping training: runs/emoji_sd_step<N>/"
import copy, sys, torch
torch.set_num_threads(1)
from pathlib import Path
from morph_nbdev.train import *
RUNS = Path(__file__).resolve().parent.parent/"runs"
vae, text_encoder, unet = build_models(seed=0)
vae_state = dict(vae=vae)
ck = torch.load(RUNS / "vae.pt", weights_only=False)
vae.load_state_dict(ck["state"]["vae"])
images, labels = torch.load(RUNS / "data.pt")
means, stds = encode_dataset(vae.eval().requires_grad_(False), images)
set_scaling_factor(vae, means)
ck = torch.load(RUNS / "unet.pt", weights_only=False)
ema_unet, ema_text = copy.deepcopy(unet), copy.deepcopy(text_encoder)
ema_unet.load_state_dict(ck["state"]["ema_unet"]); ema_text.load_state_dict(ck["state"]["ema_text"])
path = save_concepts(save_pipeline(RUNS / f"emoji_sd_step{ck['step']}", vae, ema_text.eval(), ema_unet.eval()))
print(path, ck["step"], folder_size(path) / 1e6, "MB", vae.config.scaling_factor)
