"""Teach a trained emoji Stable Diffusion all of `train.CONCEPTS` (`train.grow_model`): the decoder alone, then the UNet and text encoder.

Resumable: run the same command again after a stop. Writes RUNS/training_log.txt, checkpoints, and RUNS/emoji_sd/.

    nohup python -u scripts/grow_emoji_sd.py runs/emoji_sd_24 runs/grown [N_UNET] [P_MIX] [THREADS] [NEARER] > runs/grow.out 2>&1 &

INIT: the model to grow (`15_train`'s first run writes the 24-concept one to runs/emoji_sd_24).

N_UNET: UNet and text-encoder steps (2400); P_MIX: share of mixed captions (0); THREADS: PyTorch threads (2);
NEARER: 1 for mixed captions that show the nearer word's picture (0).
"""
import sys
import torch
from morph_nbdev.train import CONCEPTS, grow_model

if __name__ == "__main__":
    init, runs, *rest = sys.argv[1:]
    n_unet, p_mix, threads, nearer = [t(v) for t, v in zip((int, float, int, int), rest)] + [2400, 0.0, 2, 0][len(rest):]
    torch.set_num_threads(threads)
    grow_model(runs, init, CONCEPTS, n_decoder=800, n_unet=n_unet, p_mix=p_mix, mix_nearer=bool(nearer), eval_every=1000)
