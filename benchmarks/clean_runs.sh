#!/usr/bin/env bash
# Wall time of the README's `make run`, from fresh clones of this repository, for the default model
# and for the model that was the default before the accuracy-cost study (two interaction layers, no
# stress in the loss), one after the other in one session. Run it with nothing else on the machine:
#
#     benchmarks/clean_runs.sh [WORKDIR [VARIANT ...]]   # default: benchmarks/work/clean_runs, both variants
#
# Each variant gets its own clone (HEAD of this checkout), its own venv (`make venv`, timed on its
# own) and `make run` (timed); stage sums go to WORKDIR/stage_times_<variant>.json and the wall
# times to WORKDIR/times.tsv. A variant whose run finished already is skipped, so a rerun resumes.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(realpath -m "${1:-$repo/benchmarks/work/clean_runs}")"
mkdir -p "$work"
[[ -f "$work/times.tsv" ]] || printf 'variant\tcommit\tstep\tstart_utc\twall_s\n' > "$work/times.tsv"

timed() {  # variant step command...: run the command and append its wall time
    local variant=$1 step=$2; shift 2
    local start; start=$(date +%s)
    "$@"
    printf '%s\t%s\t%s\t%s\t%s\n' "$variant" "$(git rev-parse --short HEAD)" "$step" \
        "$(date -u -d "@$start" +%FT%TZ)" "$(( $(date +%s) - start ))" >> "$work/times.tsv"
}

variants=("${@:2}")
[[ ${#variants[@]} -gt 0 ]] || variants=(default two_layer_no_stress)
for variant in "${variants[@]}"; do
    [[ $variant == default || $variant == two_layer_no_stress ]] || { echo "unknown variant: $variant" >&2; exit 2; }
    clone="$work/$variant"
    if [[ -f "$clone/.finished" ]]; then echo "$variant: finished already"; continue; fi
    rm -rf "$clone"
    git clone --quiet "$repo" "$clone"
    cd "$clone"
    if [[ $variant == two_layer_no_stress ]]; then
        sed -i -e 's/^\(  num_interactions:\) 1 /\1 2 /' -e 's/^\(  stress_weight:\) 1000.0 /\1 0.0    /' config.yaml
        grep -qE '^  num_interactions: 2 ' config.yaml && grep -qE '^  stress_weight: 0.0 ' config.yaml \
            || { echo "config.yaml: could not set the two-layer model" >&2; exit 1; }
    fi
    echo "== $variant: $(date -u +%T) make venv"
    timed "$variant" venv make venv > "$work/$variant.venv.log" 2>&1
    echo "== $variant: $(date -u +%T) make run"
    timed "$variant" run make run > "$work/$variant.run.log" 2>&1
    .venv/bin/python "$repo/benchmarks/stage_times.py" results/default --out "$work/stage_times_$variant.json"
    touch .finished
    cd "$repo"
done
column -t "$work/times.tsv"
