#!/usr/bin/env python3
"""Confidence against correctness over the development set.

Runs `lexsarah extract` over ../shared/devset/docs (text dumps), its
text-layer PDFs and its scans (real OCR, no cache), scores each run with the
set's own score.py (which pairs every scored field with the tool's
`confidence`), and prints one table of confidence bins against accuracy for
the three together, with the figures issue 12 asks for: the accuracy of the
fields at or above 0.9 and the share of fields below it.

    python3 scripts/calibration.py [--bin target/release/lexsarah] [--markdown]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEVSET = os.path.join(ROOT, "..", "shared", "devset")
SETS = [
    ("text dumps", "docs"),
    ("text-layer PDFs", os.path.join("pdf", "text")),
    ("scans (OCR)", os.path.join("pdf", "scan")),
]
CUT = 0.9


def run_set(binary, docs, out, cache=None):
    """Extract `docs` into `out` and score it against the labels of the
    documents in `docs` (the PDF sets hold 12 of the 80)."""
    labels = os.path.join(out, "labels")
    os.makedirs(labels)
    stems = {os.path.splitext(n)[0] for n in os.listdir(docs)}
    for n in os.listdir(os.path.join(DEVSET, "expected")):
        if os.path.splitext(n)[0] in stems:
            os.symlink(os.path.join(DEVSET, "expected", n), os.path.join(labels, n))
    extra = ["--ocr-cache", cache] if cache else []
    subprocess.run([binary, "extract", docs, "-o", out, "--quiet"] + extra,
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rep = subprocess.run([sys.executable, os.path.join(DEVSET, "score.py"), "--cases",
                          os.path.join(out, "cases.jsonl"), "--labels", labels,
                          "--docs", docs, "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(rep.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "lexsarah"))
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--ocr-cache", help="OCR cache folder, for repeated runs (default: none, "
                    "every scan is read by Tesseract)")
    args = ap.parse_args()
    if not os.path.isdir(DEVSET):
        sys.exit(f"no development set at {DEVSET}")
    bins = None
    total = right_hi = n_hi = 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, sub in SETS:
            out = os.path.join(tmp, sub.replace(os.sep, "-"))
            rep = run_set(args.bin, os.path.join(DEVSET, sub), out, args.ocr_cache)
            s = rep["summary"]
            cal = s["calibration"]
            rows.append((name, s["field_acc"], cal))
            total += cal["fields"]
            if bins is None:
                bins = [{"from": b["from"], "to": b["to"], "fields": 0, "right": 0}
                        for b in cal["bins"]]
            for acc, b in zip(bins, cal["bins"]):
                acc["fields"] += b["fields"]
                if b["fields"]:
                    r = round(b["accuracy"] * b["fields"])
                    acc["right"] += r
                    if b["from"] >= CUT:
                        right_hi += r
                        n_hi += b["fields"]
    if args.markdown:
        print("| set | field_acc | fields | at or above 0.9 | accuracy there | share below 0.9 |")
        print("|---|---|---|---|---|---|")
        for name, acc, cal in rows:
            a = cal["accuracy_at_or_above_cut"]
            print(f"| {name} | {acc:.3f} | {cal['fields']} | {cal['at_or_above_cut']} | "
                  f"{a if a is None else f'{a:.4f}'} | {cal['share_below_cut']:.3f} |")
        print()
        print("| confidence | fields | right | accuracy |")
        print("|---|---|---|---|")
        for b in bins:
            acc = f"{b['right'] / b['fields']:.3f}" if b["fields"] else "–"
            print(f"| [{b['from']:.2f}, {b['to']:.2f}) | {b['fields']} | {b['right']} | {acc} |")
    else:
        for name, acc, cal in rows:
            print(f"{name}: field_acc {acc:.3f}, {cal['fields']} fields, "
                  f"{cal['at_or_above_cut']} at or above {CUT} "
                  f"(accuracy {cal['accuracy_at_or_above_cut']}), "
                  f"share below {cal['share_below_cut']:.3f}")
        for b in bins:
            acc = f"{b['right'] / b['fields']:.3f}" if b["fields"] else "-"
            print(f"  [{b['from']:.2f}, {b['to']:.2f})  {b['fields']:>5} fields  accuracy {acc}")
    acc_hi = right_hi / n_hi if n_hi else 0.0
    below = 1 - n_hi / total if total else 1.0
    ok = acc_hi >= 0.99 and below <= 0.15
    print(f"\nall together: {total} fields; confidence >= {CUT}: {n_hi} fields, accuracy "
          f"{acc_hi:.4f} (bar 0.99); share below {CUT}: {below:.3f} (bar 0.15): "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
