#!/usr/bin/env bash
# Quality against training time on images (issue 11): one training run per size, saved at
# 2, 5 and 10 minutes of training (each leg continues the last with --resume, so the three models
# are one run at three times: constant learning rate after the warm-up, EMA 0.99), and at each
# checkpoint the classifier Fréchet distance, class entropy and memorisation of 128 samples
# (`images metrics`, Heun 20 steps) and a grid of 64 samples.
#   scripts/measure_image_quality.sh OUTDIR      (env: SIZES "14 28", DATA fashion-mnist,
#   MINUTES "2 5 10", WIDTH 32, LEVELS 1,2,2, BATCH 64, THREADS 2, CLI build/app/flowlab-cli)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: measure_image_quality.sh OUTDIR}"
cli="${CLI:-$here/build/app/flowlab-cli}"
data="${DATA:-fashion-mnist}"
sizes="${SIZES:-14 28}"
minutes="${MINUTES:-2 5 10}"
threads="${THREADS:-2}"
mkdir -p "$out"
for size in $sizes; do
  net=(--width "${WIDTH:-32}" --levels "${LEVELS:-1,2,2}" --batch "${BATCH:-64}")
  done_min=0
  model=""
  for m in $minutes; do
    leg=$(python3 -c "print($m - $done_min)")
    next="$out/s${size}-${m}min.flowlab"
    echo "== size $size: training to $m min (leg of $leg min) at load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/log.txt"
    if [ -z "$model" ]; then
      "$cli" images train --data "$data" --size "$size" "${net[@]}" --interpolant fm-ot --lr 1e-3 \
        --schedule constant --warmup 100 --ema 0.99 --steps 1000000 --minutes "$leg" --threads "$threads" \
        --classifier-out "$out/s${size}-classifier.flowlab" --classifier-steps 1500 --out "$next" \
        > "$out/s${size}-${m}min.train.txt" 2>&1
    else
      "$cli" images train --resume "$model" --minutes "$leg" --threads "$threads" --out "$next" \
        > "$out/s${size}-${m}min.train.txt" 2>&1
    fi
    grep -E "^(stopped after|training |  on |classifier test)" "$out/s${size}-${m}min.train.txt" | tee -a "$out/log.txt"
    "$cli" images metrics --data "$data" --size "$size" --field learned --model "$next" --interpolant fm-ot \
      --classifier "$out/s${size}-classifier.flowlab" --n 128 --solver heun --steps 20 --seed 1 \
      > "$out/s${size}-${m}min.metrics.txt" 2>&1
    cat "$out/s${size}-${m}min.metrics.txt" | tee -a "$out/log.txt"
    "$cli" images sample --data "$data" --size "$size" --field learned --model "$next" --interpolant fm-ot \
      --solver heun --steps 20 --seed 1 --grid 8x8 --scale 3 --out "$out/s${size}-${m}min.png" >> "$out/log.txt" 2>&1
    model="$next"
    done_min=$m
  done
done
