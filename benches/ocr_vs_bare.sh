#!/bin/bash
# Whole-process CPU of lexsarah extract against a bare pdftoppm + tesseract pass (BENCHMARKS.md, issue 13).
# usage: benches/ocr_vs_bare.sh ROUNDS BIN FILE.pdf...
R=$1; B=$2; shift 2
out=/tmp/ocrbench.raw; : > $out
bare() { d=$(mktemp -d); pdftoppm -r 300 -gray "$1" $d/p; for p in $d/p*; do OMP_THREAD_LIMIT=1 tesseract $p - -l swe >/dev/null 2>&1; done; rm -rf $d; }
export -f bare
for i in $(seq $R); do for f in "$@"; do
  n=$(basename $f)
  /usr/bin/time -f "ours $n %U %S %e" $B extract $f -o /tmp/ob-out --jobs 1 --quiet >/dev/null 2>>$out
  /usr/bin/time -f "bare $n %U %S %e" bash -c "bare $f" 2>>$out
done; done
python3 - <<'PY'
import collections,statistics
d=collections.defaultdict(list)
for l in open('/tmp/ocrbench.raw'):
    p=l.split()
    if len(p)==5 and p[0] in('ours','bare'):
        d[(p[1],p[0])].append(float(p[2])+float(p[3]))
for f in sorted({k[0] for k in d}):
    o=statistics.median(d[(f,'ours')]); b=statistics.median(d[(f,'bare')])
    print(f"{f}: ours {o:.2f}s bare {b:.2f}s ratio {o/b:.2f}  (n={len(d[(f,'ours')])})")
PY
