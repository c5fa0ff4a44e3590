#!/usr/bin/env python3
"""Turn bench/results/*.json (hyperfine + peak memory) into the BENCHMARKS.md tables.

    python3 bench/summarize.py bench/results > BENCHMARKS.md

For every corpus size: median wall time, min..max, peak RSS and the ratio of each
command's median to irready's ("n/a" when irready was not measured). The exact commands
follow each table, so anyone can rerun one by hand. Python standard library only.
"""

import json
import os
import re
import sys

SIZE_ORDER = re.compile(r"^(\d+)k$")


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def sizes_in(results_dir):
    """Corpus sizes with a hyperfine export, smallest first (1k, 10k, 50k)."""
    sizes = []
    for name in os.listdir(results_dir):
        match = SIZE_ORDER.match(name[: -len(".json")]) if name.endswith(".json") else None
        if match:
            sizes.append((int(match.group(1)), name[: -len(".json")]))
    return [label for _, label in sorted(sizes)]


def seconds(value):
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def megabytes(kilobytes):
    return "n/a" if kilobytes is None else f"{kilobytes / 1024:.0f} MB"


def strip_exit_guard(command):
    """run.sh appends `; test $? -le 1` so that findings (exit 1) are not failures."""
    return command[: -len("; test $? -le 1")] if command.endswith("; test $? -le 1") else command


def table(results_dir, size):
    runs = load(os.path.join(results_dir, f"{size}.json"))["results"]
    memory_path = os.path.join(results_dir, f"{size}-memory.json")
    try:
        memory = load(memory_path) if os.path.exists(memory_path) else {}
    except ValueError:
        print(f"summarize.py: {memory_path} is incomplete (interrupted run?); "
              "peak RSS left out", file=sys.stderr)
        memory = {}
    corpus_path = os.path.join(results_dir, f"{size}-corpus.json")
    corpus = load(corpus_path) if os.path.exists(corpus_path) else None

    base = next((r["median"] for r in runs if r["command"] == "irready check"), None)
    lines = []
    heading = f"### {size} resources"
    if corpus:
        heading += (
            f" ({corpus['resources']:,} resource blocks and module calls, "
            f"{corpus['files']:,} files, {corpus['bytes'] / 1e6:.2f} MB, "
            f"{corpus['root_modules']} root modules)"
        )
    lines.append(heading)
    lines.append("")
    lines.append("| command | median wall | min … max | runs | peak RSS | × irready |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for r in runs:
        name = r["command"]
        ratio = "n/a" if base is None or base == 0 else f"{r['median'] / base:.1f}×"
        lines.append(
            f"| {name} | {seconds(r['median'])} | {seconds(r['min'])} … {seconds(r['max'])} "
            f"| {len(r.get('times', []))} | {megabytes(memory.get(name))} | {ratio} |"
        )
    lines.append("")
    lines.append("Exact commands (`{corpus}` = `bench/corpus/" + size + "`):")
    lines.append("")
    lines.append("```")
    commands_path = os.path.join(results_dir, f"{size}-commands.json")
    commands = load(commands_path) if os.path.exists(commands_path) else {}
    root = os.path.dirname(os.path.abspath(results_dir))
    for r in runs:
        command = strip_exit_guard(commands.get(r["command"], "(not recorded)"))
        command = command.replace(os.path.join(root, "corpus", size), "{corpus}")
        command = command.replace(root + "/", "bench/")
        lines.append(f"# {r['command']}")
        lines.append(command)
    lines.append("```")
    lines.append("")
    return lines


def main():
    results_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "results")
    sizes = sizes_in(results_dir)
    if not sizes:
        print(f"summarize.py: no <size>.json in {results_dir}; run bench/run.sh first",
              file=sys.stderr)
        return 2
    out = ["## Results", ""]
    versions_path = os.path.join(results_dir, "versions.json")
    if os.path.exists(versions_path):
        v = load(versions_path)
        out.append(
            f"Machine: {v.get('cpu', '?')}, {v.get('cpus', '?')} CPUs. Tools: irready "
            f"{v.get('irready')}, {v.get('wafpass')}, checkov {v.get('checkov')}, "
            f"hyperfine {v.get('hyperfine')}."
        )
        out.append("")
    out.append("Median of hyperfine runs (page cache warm); peak RSS from one "
               "`/usr/bin/time -v` run (the largest process of the tree, not their sum).")
    out.append("")
    for size in sizes:
        out.extend(table(results_dir, size))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
