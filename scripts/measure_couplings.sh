#!/usr/bin/env bash
# Straightness and NFE-to-accuracy of independent, minibatch-OT and reflow couplings (README,
# "Couplings and straightness"). Trains three models per scene, measures their ODE paths with
# `paths`, then sweeps Euler steps N with `sample` + `metrics` (energy distance to target samples).
# Usage: scripts/measure_couplings.sh [OUT_DIR]   (FLOWLAB_CLI, STEPS, BATCH, SCENES="base:target ..."
# override the defaults; the CSVs in OUT_DIR are appended to)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${FLOWLAB_CLI:-$here/build/app/flowlab-cli}"
out="${1:-$here/build/couplings}"
steps="${STEPS:-4000}"
batch="${BATCH:-256}"
n=4000
mkdir -p "$out"
nfes="1 2 3 4 6 8 12 16 24 32 64"

# target samples: the first state of a backward trajectory is drawn from the target's exact law
target_samples() {  # base target file
  "$cli" sample --base "$1" --target "$2" --n "$n" --steps 2 --solver euler --direction backward --trajectory \
    --seed 12345 --out - | awk -F, 'NR == 1 { print "x,y"; next } $1 == 0 { print $3 "," $4 }' > "$3"
}

scenes="${SCENES:-gaussian:8gaussians moons:checkerboard}"
[ -f "$out/straightness.csv" ] || echo "scene,coupling,straightness,path_length,chord" > "$out/straightness.csv"
[ -f "$out/nfe.csv" ] || echo "scene,coupling,nfe,energy_distance" > "$out/nfe.csv"
for scene in $scenes; do
  base="${scene%%:*}"; target="${scene##*:}"; tag="$base-$target"
  target_samples "$base" "$target" "$out/$tag-target.csv"
  common=(--base "$base" --target "$target" --interpolant linear)
  # few progress reports: each one compares with the exact field, slow on large mixtures
  train=("${common[@]}" --steps "$steps" --batch "$batch" --threads 2 --progress-every "$steps")
  "$cli" train "${train[@]}" --coupling independent --out "$out/$tag-independent.model" > "$out/$tag-independent.log"
  "$cli" train "${train[@]}" --coupling ot --out "$out/$tag-ot.model" > "$out/$tag-ot.log"
  "$cli" train "${train[@]}" --coupling "reflow:$out/$tag-independent.model" --out "$out/$tag-reflow.model" > "$out/$tag-reflow.log"
  for c in independent ot reflow; do
    model="$out/$tag-$c.model"
    line=$("$cli" paths "${common[@]}" --model "$model" --steps 64 --n 2000 | tail -1)
    s=$(echo "$line" | sed -E 's/straightness ([^,]+), path length (.*)/\1/')
    l=$(echo "$line" | sed -E 's/straightness ([^,]+), path length (.*)/\2/')
    chord=$("$cli" paths "${common[@]}" --model "$model" --steps 64 --n 2000 | grep chord | awk '{print $NF}')
    echo "$tag,$c,$s,$l,$chord" >> "$out/straightness.csv"
    for k in $nfes; do
      "$cli" sample "${common[@]}" --model "$model" --n "$n" --steps "$k" --solver euler --seed 7 --out "$out/s.csv" 2>/dev/null
      e=$("$cli" metrics --a "$out/s.csv" --b "$out/$tag-target.csv" | tail -1 | cut -d, -f1)
      echo "$tag,$c,$k,$e" >> "$out/nfe.csv"
    done
  done
  # the exact fields of independent pairs and of the component OT coupling (no training)
  for c in independent components-ot; do
    for k in $nfes; do
      "$cli" sample "${common[@]}" --coupling "$c" --n "$n" --steps "$k" --solver euler --seed 7 --out "$out/s.csv" 2>/dev/null
      e=$("$cli" metrics --a "$out/s.csv" --b "$out/$tag-target.csv" | tail -1 | cut -d, -f1)
      echo "$tag,exact-$c,$k,$e" >> "$out/nfe.csv"
    done
    line=$("$cli" paths "${common[@]}" --coupling "$c" --steps 64 --n 2000)
    s=$(echo "$line" | tail -1 | sed -E 's/straightness ([^,]+), path length (.*)/\1/')
    l=$(echo "$line" | tail -1 | sed -E 's/straightness ([^,]+), path length (.*)/\2/')
    chord=$(echo "$line" | grep chord | awk '{print $NF}')
    echo "$tag,exact-$c,$s,$l,$chord" >> "$out/straightness.csv"
  done
done
cat "$out/straightness.csv"
cat "$out/nfe.csv"
