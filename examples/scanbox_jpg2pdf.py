#!/usr/bin/env python3
"""scanbox_jpg2pdf.py OUT.pdf DPI a.jpg b.jpg ...: grey JPEGs as pages of an image-only PDF (like img2pdf)."""
import struct, sys

def jpeg_size(b):
    i = 2
    while i < len(b):
        if b[i] != 0xFF:
            i += 1; continue
        m = b[i + 1]
        if m in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", b[i + 5:i + 9]); return w, h
        i += 2 + struct.unpack(">H", b[i + 2:i + 4])[0]
    raise SystemExit("no SOF")

out, dpi, files = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
objs = []
def add(o): objs.append(o); return len(objs)
kids = []
catalog = add(None); pages = add(None)
for f in files:
    b = open(f, "rb").read(); w, h = jpeg_size(b)
    img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(b)) + b + b"\nendstream")
    pw, ph = w * 72 / dpi, h * 72 / dpi
    content = b"q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q" % (pw, ph)
    c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    p = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.3f %.3f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (pages, pw, ph, img, c))
    kids.append(p)
objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
objs[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
data = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(data)); data += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(data)
data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
data += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, x)
open(out, "wb").write(data)
