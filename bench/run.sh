#!/usr/bin/env bash
# Benchmark irready against wafpass (WAF-REL-060 only), checkov and a floor, with hyperfine.
#
#   bench/run.sh                      # 1k, 10k and 50k; peers skipped at 50k
#   SIZES="1k 10k" bench/run.sh       # a subset
#   PEERS_AT_50K=1 bench/run.sh       # also time wafpass and checkov at 50k (slow: minutes)
#
# Everything it needs is installed when missing: hyperfine and GNU time (apt), wafpass-core
# and checkov in a venv at bench/.venv (pip). Results: bench/results/<size>.json (hyperfine
# --export-json), bench/results/<size>-memory.json (peak RSS from /usr/bin/time -v, one
# run per command), bench/results/BENCHMARKS.md (bench/summarize.py).
#
# Overridable through the environment (the irready flags are still moving):
#   IRREADY_BIN        irready binary            (default: target/release/irready)
#   IRREADY_CMD        the measured irready run  (default: "$IRREADY_BIN check {dir} --format json --out /dev/null")
#   IRREADY_FLOOR_CMD  irready parsing only      (default: "$IRREADY_BIN parse {dir}")
#   WAFPASS_BIN, CHECKOV_BIN                     (default: bench/.venv/bin/{wafpass,checkov})
#   WAFPASS_CONTROL    the WAF-REL-060 YAML given to wafpass (default: controls/WAF-REL-060.yml)
#   NO_BUILD=1         do not run cargo build --release
# {dir} in a command is replaced by the corpus directory.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
CORPUS="$BENCH_DIR/corpus"
RESULTS="$BENCH_DIR/results"
VENV="$BENCH_DIR/.venv"
SIZES="${SIZES:-1k 10k 50k}"
PEERS_AT_50K="${PEERS_AT_50K:-0}"

IRREADY_BIN="${IRREADY_BIN:-$REPO/target/release/irready}"
# (not ${VAR:-default}: the braces of {dir} would end the expansion early)
if [ -z "${IRREADY_CMD:-}" ]; then IRREADY_CMD="$IRREADY_BIN check {dir} --format json --out /dev/null"; fi
if [ -z "${IRREADY_FLOOR_CMD:-}" ]; then IRREADY_FLOOR_CMD="$IRREADY_BIN parse {dir}"; fi
WAFPASS_BIN="${WAFPASS_BIN:-$VENV/bin/wafpass}"
CHECKOV_BIN="${CHECKOV_BIN:-$VENV/bin/checkov}"
WAFPASS_CONTROL="${WAFPASS_CONTROL:-$REPO/controls/WAF-REL-060.yml}"

say() { printf '==> %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------
apt_install() {
    local missing=("$@")
    say "installing ${missing[*]} with apt-get"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y "${missing[@]}" || { $sudo apt-get update && $sudo apt-get install -y "${missing[@]}"; }
}

need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
[ ${#need_apt[@]} -eq 0 ] || apt_install "${need_apt[@]}"

if [ ! -x "$WAFPASS_BIN" ] || [ ! -x "$CHECKOV_BIN" ]; then
    if [ ! -x "$VENV/bin/pip" ]; then
        say "creating $VENV"
        python3 -m venv "$VENV"
    fi
    say "pip install wafpass-core checkov into $VENV"
    "$VENV/bin/pip" install --quiet wafpass-core checkov
    WAFPASS_BIN="$VENV/bin/wafpass"
    CHECKOV_BIN="$VENV/bin/checkov"
fi

if [ "${NO_BUILD:-0}" != 1 ] && [ -f "$REPO/Cargo.toml" ]; then
    say "cargo build --release"
    (cd "$REPO" && cargo build --release --quiet) || say "cargo build failed: irready will be skipped"
fi

# --- corpora ---------------------------------------------------------------------------
mkdir -p "$CORPUS" "$RESULTS"
resources_of() {
    case "$1" in
        *k) echo $(( ${1%k} * 1000 )) ;;
        *) echo "$1" ;;
    esac
}
for size in $SIZES; do
    manifest="$RESULTS/$size-corpus.json"
    if [ ! -f "$manifest" ] || [ "$BENCH_DIR/gen_corpus.py" -nt "$manifest" ]; then
        say "generating the $size corpus"
        python3 "$BENCH_DIR/gen_corpus.py" --resources "$(resources_of "$size")" --out "$CORPUS/$size" >"$manifest"
    fi
done

# wafpass reads every YAML of --controls-dir: give it a folder holding only WAF-REL-060,
# so it loads exactly one control, as irready's built-in catalog does.
WAFPASS_CONTROLS="$CORPUS/wafpass-controls"
WAFPASS_CWD="$CORPUS/wafpass-cwd"   # wafpass may write state files into its working directory
rm -rf "$WAFPASS_CONTROLS" && mkdir -p "$WAFPASS_CONTROLS" "$WAFPASS_CWD"
if [ -f "$WAFPASS_CONTROL" ]; then
    cp "$WAFPASS_CONTROL" "$WAFPASS_CONTROLS/WAF-REL-060.yml"
else
    say "no control file at $WAFPASS_CONTROL (set WAFPASS_CONTROL): wafpass will be skipped"
fi

# A tool takes part only if it runs on the smallest corpus and exits 0 or 1 (1 = findings).
first_size="${SIZES%% *}"
smoke_dir="$CORPUS/$first_size"
runs_ok() { (cd "$WAFPASS_CWD" && eval "$1") >/dev/null 2>&1 || [ $? -eq 1 ]; }
cmd_for() { printf '%s' "${1//\{dir\}/$2}"; }

use_irready=0
if runs_ok "$(cmd_for "$IRREADY_CMD" "$smoke_dir")"; then use_irready=1
else say "irready does not run ($(cmd_for "$IRREADY_CMD" "$smoke_dir")): skipped"; fi
use_floor=0
if runs_ok "$(cmd_for "$IRREADY_FLOOR_CMD" "$smoke_dir")"; then use_floor=1
else say "irready parse (floor) floor does not run: skipped"; fi
use_wafpass=0
WAFPASS_CMD="$WAFPASS_BIN check {dir} --controls-dir $WAFPASS_CONTROLS --controls WAF-REL-060 --output json --no-state --no-secrets"
if [ -f "$WAFPASS_CONTROLS/WAF-REL-060.yml" ]; then
    # It must load the control and evaluate something, or the timing means nothing.
    smoke_json="$RESULTS/.wafpass-smoke.json"
    (cd "$WAFPASS_CWD" && eval "$(cmd_for "$WAFPASS_CMD" "$smoke_dir")" >"$smoke_json" 2>/dev/null) || true
    if python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    sys.exit(1)
sys.exit(0 if d.get("controls_run") == 1 and d.get("findings") else 1)' "$smoke_json"; then
        use_wafpass=1
    else
        say "wafpass does not evaluate $WAFPASS_CONTROL: skipped"
    fi
fi
use_checkov=0
CHECKOV_CMD="$CHECKOV_BIN -d {dir} --framework terraform --quiet --compact --output json"
if runs_ok "$(cmd_for "$CHECKOV_CMD" "$smoke_dir")"; then use_checkov=1
else say "checkov does not run: skipped"; fi

# --- versions --------------------------------------------------------------------------
{
    printf '{\n'
    printf '  "hyperfine": "%s",\n' "$(hyperfine --version | awk '{print $2}')"
    printf '  "irready": "%s",\n' "$([ $use_irready = 1 ] && "$IRREADY_BIN" --version 2>/dev/null | head -1 || echo n/a)"
    printf '  "wafpass": "%s",\n' "$("$WAFPASS_BIN" --version 2>/dev/null | tail -1 || echo n/a)"
    printf '  "checkov": "%s",\n' "$("$CHECKOV_BIN" --version 2>/dev/null | tail -1 || echo n/a)"
    printf '  "cpus": %s,\n' "$(nproc)"
    printf '  "cpu": "%s"\n' "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
    printf '}\n'
} >"$RESULTS/versions.json"

# --- measure ---------------------------------------------------------------------------
for size in $SIZES; do
    dir="$CORPUS/$size"
    names=() cmds=()
    add() { names+=("$1"); cmds+=("$(cmd_for "$2" "$dir")"); }
    add "cat (read all files)" "find {dir} -type f \( -name '*.tf' -o -name '*.tfvars' \) -exec cat {} + >/dev/null"
    if [ $use_floor = 1 ]; then add "irready parse (floor)" "$IRREADY_FLOOR_CMD"; fi
    if [ $use_irready = 1 ]; then add "irready check" "$IRREADY_CMD"; fi
    peers=1
    if [ "$size" = 50k ] && [ "$PEERS_AT_50K" != 1 ]; then
        peers=0
        say "50k: wafpass and checkov skipped (minutes per run); PEERS_AT_50K=1 to include them"
    fi
    if [ $peers = 1 ]; then
        if [ $use_wafpass = 1 ]; then add "wafpass --controls WAF-REL-060" "$WAFPASS_CMD"; fi
        if [ $use_checkov = 1 ]; then add "checkov (all terraform checks)" "$CHECKOV_CMD"; fi
    fi

    # Slow peers: fewer runs on the big corpora. The cat run warms the page cache first.
    case "$size" in
        1k) runs=5 warmup=1 ;;
        10k) runs=2 warmup=0 ;;
        *) runs=3 warmup=0 ;;
    esac
    eval "${cmds[0]}"

    # hyperfine's export keeps only the names: keep the exact commands next to it.
    python3 -c '
import json, sys
half = (len(sys.argv) - 2) // 2
names, cmds = sys.argv[2:2 + half], sys.argv[2 + half:]
json.dump(dict(zip(names, cmds)), open(sys.argv[1], "w"), indent=2)' \
        "$RESULTS/$size-commands.json" "${names[@]}" "${cmds[@]}"

    args=()
    for i in "${!cmds[@]}"; do
        # Findings make every tool exit 1; anything above 1 is a broken run and fails hyperfine.
        args+=(--command-name "${names[$i]}" "${cmds[$i]}; test \$? -le 1")
    done
    say "$size: hyperfine over ${#cmds[@]} commands, $runs runs each"
    (cd "$WAFPASS_CWD" && hyperfine --style basic --runs "$runs" --warmup "$warmup" \
        --export-json "$RESULTS/$size.json" "${args[@]}")

    say "$size: peak memory (/usr/bin/time -v, one run each)"
    {
        printf '{\n'
        for i in "${!cmds[@]}"; do
            timing="$RESULTS/.time-$size-$i.txt"
            (cd "$WAFPASS_CWD" && /usr/bin/time -v -o "$timing" sh -c "${cmds[$i]}" >/dev/null 2>&1) || true
            rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$timing" 2>/dev/null || true)
            rm -f "$timing"
            sep=","; [ "$i" -eq $(( ${#cmds[@]} - 1 )) ] && sep=""
            printf '  "%s": %s%s\n' "${names[$i]}" "${rss:-null}" "$sep"
        done
        printf '}\n'
    } >"$RESULTS/.$size-memory.json"
    mv "$RESULTS/.$size-memory.json" "$RESULTS/$size-memory.json"
done

python3 "$BENCH_DIR/summarize.py" "$RESULTS" | tee "$RESULTS/BENCHMARKS.md"
