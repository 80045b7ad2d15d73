//! Grey page images: the bytes of a binary PGM (`P5`, as `pdftoppm -gray`
//! writes without `-png`) → a `GrayImage` of 8-bit pixels, 0 black, 255 white.
//!
//! Only what pdftoppm writes is accepted: magic `P5`, width, height and a
//! maxval of at most 255, separated by whitespace (comments allowed), one
//! whitespace byte, then `width × height` bytes.

use crate::error::IngestError;

/// An 8-bit grey raster, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl GrayImage {
    /// A blank page of one grey level.
    pub fn filled(width: u32, height: u32, level: u8) -> Self {
        GrayImage {
            width,
            height,
            pixels: vec![level; width as usize * height as usize],
        }
    }

    /// The pixel at (x, y); white outside the image.
    pub fn get(&self, x: i32, y: i32) -> u8 {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return 255;
        }
        self.pixels[y as usize * self.width as usize + x as usize]
    }

    /// The image turned clockwise by `degrees` (90, 180 or 270; any other
    /// value gives the image as it is).
    pub fn rotated_cw(&self, degrees: u16) -> GrayImage {
        let (w, h) = (self.width as usize, self.height as usize);
        let at = |x: usize, y: usize| self.pixels[y * w + x];
        let (nw, nh) = match degrees {
            90 | 270 => (h, w),
            _ => (w, h),
        };
        let mut pixels = Vec::with_capacity(w * h);
        for y in 0..nh {
            for x in 0..nw {
                pixels.push(match degrees {
                    90 => at(y, h - 1 - x),
                    180 => at(w - 1 - x, h - 1 - y),
                    270 => at(w - 1 - y, x),
                    _ => at(x, y),
                });
            }
        }
        GrayImage {
            width: nw as u32,
            height: nh as u32,
            pixels,
        }
    }

    /// The image scaled down by `num/den` (e.g. 70/300 for a 70 dpi copy
    /// of a 300 dpi page), each new pixel the mean of the source pixels it
    /// covers; a factor of 1 or more gives the image as it is.
    pub fn downscaled(&self, num: u32, den: u32) -> GrayImage {
        if num == 0 || num >= den || self.width == 0 || self.height == 0 {
            return self.clone();
        }
        let (w, h) = (self.width as u64, self.height as u64);
        let (num, den) = (num as u64, den as u64);
        let nw = (w * num).div_ceil(den).max(1);
        let nh = (h * num).div_ceil(den).max(1);
        // Source span of output index i: [i*den/num, (i+1)*den/num).
        let span = |i: u64, len: u64| {
            (
                (i * den / num).min(len - 1),
                ((i + 1) * den / num).clamp(i * den / num + 1, len),
            )
        };
        let mut pixels = Vec::with_capacity((nw * nh) as usize);
        for y in 0..nh {
            let (y0, y1) = span(y, h);
            for x in 0..nw {
                let (x0, x1) = span(x, w);
                let mut sum = 0u64;
                for yy in y0..y1 {
                    let row = &self.pixels[(yy * w) as usize..((yy + 1) * w) as usize];
                    sum += row[x0 as usize..x1 as usize]
                        .iter()
                        .map(|&p| p as u64)
                        .sum::<u64>();
                }
                let n = (y1 - y0) * (x1 - x0);
                pixels.push((sum / n.max(1)) as u8);
            }
        }
        GrayImage {
            width: nw as u32,
            height: nh as u32,
            pixels,
        }
    }

    /// The rows from `top` to `bottom` (fractions of the height, clamped to
    /// the image; at least one row).
    pub fn band(&self, top: f64, bottom: f64) -> GrayImage {
        let h = f64::from(self.height);
        let y0 = ((top.clamp(0.0, 1.0) * h).round() as u32).min(self.height.saturating_sub(1));
        let y1 = ((bottom.clamp(0.0, 1.0) * h).round() as u32).clamp(y0 + 1, self.height.max(1));
        let w = self.width as usize;
        GrayImage {
            width: self.width,
            height: y1 - y0,
            pixels: self.pixels[y0 as usize * w..(y1 as usize * w).min(self.pixels.len())].to_vec(),
        }
    }

    /// The part of the image inside `r` (clamped to the image; at least one
    /// pixel), and where its top left corner lies in the image.
    pub fn crop(&self, r: crate::ingest::ocr_words::Rect) -> (GrayImage, (i32, i32)) {
        let (w, h) = (self.width as i32, self.height as i32);
        if w == 0 || h == 0 {
            return (self.clone(), (0, 0));
        }
        let x0 = r.x.clamp(0, w - 1);
        let y0 = r.y.clamp(0, h - 1);
        let x1 = r.right().clamp(x0 + 1, w);
        let y1 = r.bottom().clamp(y0 + 1, h);
        let mut pixels = Vec::with_capacity(((x1 - x0) * (y1 - y0)) as usize);
        for y in y0..y1 {
            let row = y as usize * self.width as usize;
            pixels.extend_from_slice(&self.pixels[row + x0 as usize..row + x1 as usize]);
        }
        let crop = GrayImage {
            width: (x1 - x0) as u32,
            height: (y1 - y0) as u32,
            pixels,
        };
        (crop, (x0, y0))
    }

    /// The image as PNG (8-bit grey), for the review page.
    pub fn to_png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width, self.height);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::Eight);
            let mut writer = enc.write_header()?;
            writer.write_image_data(&self.pixels)?;
        }
        Ok(out)
    }

    /// The image as a binary PGM (what `parse` reads).
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    /// Set the pixel at (x, y); ignored outside the image.
    pub fn set(&mut self, x: i32, y: i32, v: u8) {
        if x >= 0 && y >= 0 && x < self.width as i32 && y < self.height as i32 {
            self.pixels[y as usize * self.width as usize + x as usize] = v;
        }
    }
}

/// Parse a binary PGM.
///
/// Grammar: `P5` WS+ width WS+ height WS+ maxval WS pixels, where WS may hold
/// `#` comments up to the end of their line; maxval in 1..=255.
pub fn parse(bytes: &[u8]) -> Result<GrayImage, IngestError> {
    let bad = |what: &str| IngestError::Ocr(format!("page image: expected {what}"));
    if !bytes.starts_with(b"P5") {
        return Err(bad("a binary PGM (P5) header"));
    }
    let mut pos = 2;
    let mut fields = [0u32; 3];
    for f in &mut fields {
        pos = skip_space(bytes, pos);
        let start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        *f = std::str::from_utf8(&bytes[start..pos])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("a number in the PGM header"))?;
    }
    let [width, height, maxval] = fields;
    if maxval == 0 || maxval > 255 {
        return Err(bad("an 8-bit PGM (maxval 1..=255)"));
    }
    let start = pos + 1;
    let len = width as usize * height as usize;
    let pixels = bytes
        .get(start..start + len)
        .ok_or_else(|| bad("width × height pixel bytes"))?;
    let pixels = if maxval == 255 {
        pixels.to_vec()
    } else {
        pixels
            .iter()
            .map(|&p| (p as u32 * 255 / maxval) as u8)
            .collect()
    };
    Ok(GrayImage {
        width,
        height,
        pixels,
    })
}

/// Skip whitespace and `#` comments from `pos`.
fn skip_space(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() {
        match bytes[pos] {
            b'#' => {
                while pos < bytes.len() && bytes[pos] != b'\n' {
                    pos += 1;
                }
            }
            b if b.is_ascii_whitespace() => pos += 1,
            _ => break,
        }
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse_and_bad_ones_are_errors() {
        let img = parse(b"P5\n3 2\n255\n\x00\x01\x02\x03\x04\x05").expect("valid");
        assert_eq!((img.width, img.height), (3, 2));
        assert_eq!(img.get(2, 1), 5);
        assert_eq!(img.get(3, 1), 255);
        let img = parse(b"P5 # made by hand\n1 1 15\n\x0f").expect("valid");
        assert_eq!(img.pixels, [255]);
        for bad in [
            &b"P6\n1 1\n255\n\x00"[..],
            b"P5\n2 2\n255\n\x00",
            b"P5\n1 1\n65535\n\x00\x00",
            b"P5\nx 1\n255\n\x00",
            b"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn images_turn_and_write_back() {
        // 3 x 2:  1 2 3
        //         4 5 6
        let img = GrayImage {
            width: 3,
            height: 2,
            pixels: vec![1, 2, 3, 4, 5, 6],
        };
        let cases: [(u16, (u32, u32), Vec<u8>); 4] = [
            (0, (3, 2), vec![1, 2, 3, 4, 5, 6]),
            (90, (2, 3), vec![4, 1, 5, 2, 6, 3]),
            (180, (3, 2), vec![6, 5, 4, 3, 2, 1]),
            (270, (2, 3), vec![3, 6, 2, 5, 1, 4]),
        ];
        for (deg, (w, h), px) in cases {
            let r = img.rotated_cw(deg);
            assert_eq!((r.width, r.height, &r.pixels), (w, h, &px), "{deg}");
            assert_eq!(parse(&r.to_pgm()).unwrap(), r, "{deg}");
        }
        assert_eq!(img.rotated_cw(90).rotated_cw(270), img);
    }

    #[test]
    fn images_scale_down_by_area_and_cut_into_bands() {
        // 4 x 2, scaled by 1/2: each new pixel the mean of a 2 x 2 block.
        let img = GrayImage {
            width: 4,
            height: 2,
            pixels: vec![0, 100, 200, 200, 100, 200, 50, 150],
        };
        type Case = ((u32, u32), (u32, u32), Vec<u8>);
        let cases: [Case; 4] = [
            ((1, 2), (2, 1), vec![100, 150]),
            // 3/4 of 4 x 2 is 3 x 2 (rounded up); the last column
            // averages source columns 2 and 3.
            ((3, 4), (3, 2), vec![0, 100, 200, 100, 200, 100]),
            ((1, 1), (4, 2), img.pixels.clone()),
            ((1, 100), (1, 1), vec![125]),
        ];
        for ((num, den), (w, h), px) in cases {
            let d = img.downscaled(num, den);
            assert_eq!((d.width, d.height, &d.pixels), (w, h, &px), "{num}/{den}");
        }
        let tall = GrayImage {
            width: 1,
            height: 10,
            pixels: (0..10).collect(),
        };
        assert_eq!(tall.band(0.2, 0.5).pixels, vec![2, 3, 4]);
        assert_eq!(tall.band(-1.0, 0.0).pixels, vec![0], "at least one row");
        assert_eq!(tall.band(0.95, 2.0).pixels, vec![9]);
        let png = tall.band(0.0, 1.0).to_png().unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn crops_are_clamped_to_the_image() {
        use crate::ingest::ocr_words::Rect;
        // 4 x 3:  0 1 2 3 / 4 5 6 7 / 8 9 10 11
        let img = GrayImage {
            width: 4,
            height: 3,
            pixels: (0..12).collect(),
        };
        let rect = |x, y, w, h| Rect { x, y, w, h };
        let cases = [
            (rect(1, 1, 2, 2), (1, 1), (2, 2), vec![5, 6, 9, 10]),
            (rect(-5, -5, 7, 6), (0, 0), (2, 1), vec![0, 1]),
            (rect(3, 2, 10, 10), (3, 2), (1, 1), vec![11]),
            // Outside the image: its nearest pixel.
            (rect(9, 9, 2, 2), (3, 2), (1, 1), vec![11]),
        ];
        for (r, at, (w, h), px) in cases {
            let (c, got_at) = img.crop(r);
            assert_eq!(
                (got_at, c.width, c.height, &c.pixels),
                (at, w, h, &px),
                "{r:?}"
            );
        }
    }
}
