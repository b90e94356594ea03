#!/bin/bash
# Issue 6's GPU checks in ONE call of the device tool (a lent H100), about 6-8 minutes:
#   1. the CUDA-graph cells of nbs/13_fast.ipynb (graph replay == eager, bit for bit; a morph's frames unchanged);
#   2. bench/bench_morph.py on SD v1-4's shapes (random weights) at 512x512 on the GPU: blog port (float32) vs eager
#      vs default (float32 + CUDA graphs) vs fast (float16 + channels-last + CUDA graphs), one repeat.
#
# The device image has PyTorch, transformers, accelerate, safetensors, tokenizers and onnx but not diffusers or
# fastcore: carry them as wheels (pure Python). Here, in the repo's root, once:
#   echo /.whl/ >> .git/info/exclude
#   python3 -m pip download --no-deps --only-binary=:all: -d .whl diffusers==0.42.1 fastcore==2.2.41
# then: run(command="bash bench/gpu_check.sh", carry=[".whl"], timeout_s=600)
set -o pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/out}; mkdir -p $OUT
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee $OUT/gpu.txt
python3 - <<'PY' 2>&1 | tee $OUT/cells.log
# the notebook's CUDA cells, run as a script
import json, torch
cells = json.load(open("nbs/13_fast.ipynb"))["cells"]
src = "\n".join("".join(c["source"]).replace("#| eval: false", "") for c in cells
                if c["cell_type"] == "code" and "nbdev_export" not in "".join(c["source"]))
exec(compile(src, "13_fast", "exec"), {})
print("13_fast cells, CUDA ones included: OK on", torch.cuda.get_device_name())
PY
python3 bench/bench_morph.py --model sd-random --device cuda --repeats 1 --json $OUT/results_sd_cuda.json 2>&1 | tee $OUT/bench.log
