#!/bin/bash
# Whole-process CPU of lexsarah extract against a bare pdftoppm + tesseract pass (BENCHMARKS.md, issue 13).
# usage: benches/ocr_vs_bare.sh ROUNDS BIN[,BIN2...] FILE.pdf...
# With several binaries (comma-separated) each round runs them in turn, then the bare pass, per file
# (alternating: bin1, bin2, bare, bin1, bin2, bare, ...); each is reported as its ratio to bare.
R=$1; IFS=, read -ra BINS <<< "$2"; shift 2
out=/tmp/ocrbench.raw; : > $out
bare() { d=$(mktemp -d); pdftoppm -r 300 -gray "$1" $d/p; for p in $d/p*; do OMP_THREAD_LIMIT=1 tesseract $p - -l swe >/dev/null 2>&1; done; rm -rf $d; }
export -f bare
for i in $(seq $R); do for f in "$@"; do
  n=$(basename $f)
  for k in "${!BINS[@]}"; do
    label=ours; [ ${#BINS[@]} -gt 1 ] && label=ours$((k+1))
    rm -rf /tmp/ob-out
    /usr/bin/time -f "$label $n %U %S %e" ${BINS[$k]} extract $f -o /tmp/ob-out --jobs 1 --quiet >/dev/null 2>>$out
    grep -o 'a second pass on [0-9]* pages\?\|no second pass' /tmp/ob-out/files.csv | head -1 | sed "s/^/pass $label $n /" >> $out
  done
  /usr/bin/time -f "bare $n %U %S %e" bash -c "bare $f" 2>>$out
done; done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "${#BINS[@]}" <<'PY'
import collections,statistics,sys
nb=int(sys.argv[1]); labels=['ours'] if nb==1 else [f'ours{k+1}' for k in range(nb)]
d=collections.defaultdict(list); passes={}
for l in open('/tmp/ocrbench.raw'):
    p=l.split()
    if len(p)==5 and (p[0] in labels or p[0]=='bare'):
        d[(p[1],p[0])].append(float(p[2])+float(p[3]))
    elif len(p)>3 and p[0]=='pass':
        passes[(p[2],p[1])]=' '.join(p[3:])
for f in sorted({k[0] for k in d}):
    b=statistics.median(d[(f,'bare')])
    cols=[]
    for lab in labels:
        o=statistics.median(d[(f,lab)])
        cols.append(f"{lab} {o:.2f}s ratio {o/b:.2f} ({passes.get((f,lab),'?')})")
    print(f"{f}: bare {b:.2f}s  " + "  ".join(cols) + f"  (n={len(d[(f,'bare')])})")
PY
