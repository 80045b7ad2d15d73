#!/bin/bash
# Degrade a text-layer PDF into an image-only scan, harder than the devset's
# (the pipeline of /work/shared/devset/pdf/README.md: rotate, Gaussian grain,
# impulse dust, blur, +level, JPEG), keeping only the pages with box glyphs
# (☐/☒ in the text layer), for examples/scanbox_eval.rs:
#
#   examples/scanbox_degrade.sh TEXT.pdf COND [OUTDIR]   → OUTDIR/STEM.COND.pdf
#
# COND  dpi  skew   grain  dust  blur σ  grey range  JPEG q
#  A    150   2.0°   1.4   0.07   1.1    25–75 %      35   (harder than the devset's hardest)
#  B    200  -2.5°   0.8   0.03   0.8    15–85 %      45   (strong skew)
#  C    300   1.0°   1.0   0.04   1.4    30–70 %      30   (very washed out and blurred)
#
# Needs pdftoppm, pdftotext, ImageMagick's convert and python3. The noise is
# seeded per page, so a run is repeatable.
set -euo pipefail
pdf=$1; cond=$2; out=${3:-/tmp/scanbox-cache/degraded}
stem=$(basename "$pdf" .pdf); stem=${stem%.text}
case $cond in
  A) dpi=150 skew=2.0 grain=1.4 dust=0.07 blur=1.1 lo=25 hi=75 q=35 ;;
  B) dpi=200 skew=-2.5 grain=0.8 dust=0.03 blur=0.8 lo=15 hi=85 q=45 ;;
  C) dpi=300 skew=1.0 grain=1.0 dust=0.04 blur=1.4 lo=30 hi=70 q=30 ;;
  *) echo "COND is A, B or C" >&2; exit 2 ;;
esac
mkdir -p "$out"
w=$(( 2480 * dpi / 300 )); h=$(( 3508 * dpi / 300 ))
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=$(pdfinfo "$pdf" | awk '/^Pages:/{print $2}')
jpgs=()
for p in $(seq 1 "$n"); do
  pdftotext -f "$p" -l "$p" "$pdf" - | grep -q '[☐☒]' || continue
  pdftoppm -r $dpi -gray -png -f "$p" -l "$p" -singlefile "$pdf" "$tmp/page-$p"
  convert "$tmp/page-$p.png" -seed $((7000 + p)) -background white -rotate $skew -gravity center \
    -extent ${w}x${h} -attenuate $grain +noise Gaussian -attenuate $dust +noise Impulse -blur 0x$blur \
    +level $lo%,$hi% -colorspace Gray -type Grayscale -density $dpi -units PixelsPerInch -quality $q \
    "$tmp/page-$p.jpg"
  jpgs+=("$tmp/page-$p.jpg")
done
if [ ${#jpgs[@]} -eq 0 ]; then echo "$stem: no page with box glyphs" >&2; exit 0; fi
python3 "$(dirname "$0")/scanbox_jpg2pdf.py" "$out/$stem.$cond.pdf" $dpi "${jpgs[@]}"
echo "$stem.$cond: ${#jpgs[@]} pages"
