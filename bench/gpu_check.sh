#!/bin/bash
# The GPU checks in ONE call of the device tool (a lent GPU), at most about 9 minutes, in four stages, most
# important first; each has its own time limit and writes its results under $OUT as it goes, so a stage that fails or
# runs out of time leaves the others' results:
#   1. bench/bench_morph.py on SD v1-4's shapes (random weights) at 512x512: the float32 blog port vs --fast (float16,
#      channels-last, CUDA graphs) vs the default (float32, CUDA graphs) vs --fast --compile (Inductor, then CUDA
#      graphs), the 21-frame chained morph, whole process and morph alone, frames compared with the blog's;
#   2. the CUDA cells of nbs/16_fast.ipynb (graph replay == eager, bit for bit; a morph's frames unchanged; compiled
#      UNet close to eager);
#   3. bench/check_pipelines.py: a morph's first frame against diffusers' stock SD, SD 2.x (v-prediction) and SDXL
#      pipelines on tiny models, in float32 (must be within a grey level) and float16 (reported);
#   4. bench/bench_unet.py: one UNet call at batch 2, 512x512, in each precision and mode, ms/call and calls/s, next
#      to the published H100 figures; the VAE's encode and decode.
#
# The device image has PyTorch, transformers, accelerate, safetensors, tokenizers, scipy, Pillow and onnx but not
# diffusers or fastcore: carry them as wheels (pure Python). Here, in the repo's root, once:
#   echo /.whl/ >> .git/info/exclude
#   python3 -m pip download --no-deps --only-binary=:all: -d .whl diffusers==0.42.1 fastcore==2.2.41
# then: run(command="bash bench/gpu_check.sh", carry=[".whl"], timeout_s=600)
set -o pipefail
START=$SECONDS
left() { echo $(( ${BUDGET:-540} - (SECONDS - START) )); }   # seconds left of this script's budget
upto() { local s=$(( $(left) - $1 )); echo $(( s < 20 ? 20 : s )); }   # a stage's limit: all but $1 s of what is left
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 TQDM_DISABLE=1
OUT=${OUT:-/tmp/out}; mkdir -p $OUT
{ nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv
  python3 -c "import torch, diffusers, transformers; print('torch', torch.__version__, 'diffusers', diffusers.__version__, 'transformers', transformers.__version__)"
} 2>&1 | tee $OUT/gpu.txt

echo "== 1. the morph benchmark ($(left) s left)"
timeout $(upto 150) python3 bench/bench_morph.py --model sd-random --device cuda --size 512 --repeats 1 \
    --json $OUT/results_sd_cuda.json 2>&1 | tee $OUT/bench.log

echo "== 2. the CUDA cells of 16_fast ($(left) s left)"
timeout $(upto 70) python3 - <<'PY' 2>&1 | tee $OUT/cells.log
# the notebook's cells, the CUDA ones included, run as a script
import json, torch
cells = json.load(open("nbs/16_fast.ipynb"))["cells"]
src = "\n".join("".join(c["source"]).replace("#| eval: false", "") for c in cells
                if c["cell_type"] == "code" and "nbdev_export" not in "".join(c["source"]))
exec(compile(src, "16_fast", "exec"), {"__name__": "__main__"})
print("16_fast cells, CUDA ones included: OK on", torch.cuda.get_device_name())
PY

echo "== 3. the first frame against diffusers' own pipelines: tiny SD 1.x, 2.x (v-prediction), SDXL ($(left) s left)"
timeout $(upto 60) python3 bench/check_pipelines.py --device cuda --json $OUT/results_pipelines_cuda.json 2>&1 | tee $OUT/pipelines.log

echo "== 4. one UNet call ($(left) s left)"
timeout $(upto 0) python3 bench/bench_unet.py --calls 30 --json $OUT/results_unet_cuda.json 2>&1 | tee $OUT/unet.log
echo "== done in $((SECONDS - START)) s"
