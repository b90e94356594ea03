"""Teach a trained emoji Stable Diffusion all of `train.CONCEPTS` (`train.grow_model`): the decoder alone, then the UNet and text encoder.

Resumable: run the same command again after a stop. Writes RUNS/training_log.txt, checkpoints, and RUNS/emoji_sd/.

    nohup python -u scripts/grow_emoji_sd.py runs/emoji_sd_24 runs/grown > runs/grow.out 2>&1 &
"""
import sys
import torch
from morph_nbdev.train import CONCEPTS, grow_model

if __name__ == "__main__":
    init, runs = sys.argv[1:3]
    torch.set_num_threads(2)
    grow_model(runs, init, CONCEPTS, n_decoder=800, n_unet=2400)
