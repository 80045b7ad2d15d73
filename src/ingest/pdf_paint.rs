//! Does a page paint anything? A page's content stream → whether it marks
//! the page: fills and strokes in a colour other than white, shadings,
//! XObjects and inline images.
//!
//! Asked of a page with neither text nor images: text drawn as curves (an
//! outlined font, a "print as image" driver, a vectorised scan) leaves an
//! empty text layer, and such a page is OCRed like a scanned one, while a
//! blank page (nothing painted, or only a white background) stays blank.
//! Operators are lopdf's (`Content::decode`); colours are followed through
//! `q`/`Q` and the device colour operators (`g` `rg` `k` and their stroke
//! forms); a colour set in any other way is taken for ink.

use lopdf::Object;
use lopdf::content::{Content, Operation};

/// A colour as far as painting goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    White,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Colours {
    fill: Ink,
    stroke: Ink,
}

/// Whether the content stream `content` paints anything visible. A stream
/// that does not parse paints nothing as far as this test goes (the page
/// is treated as before: nothing to read).
pub fn paints(content: &[u8]) -> bool {
    // The parser wants a space after the last operator (`EI` of an inline
    // image at the very end).
    let mut owned;
    let content = if content.last().is_some_and(u8::is_ascii_whitespace) {
        content
    } else {
        owned = content.to_vec();
        owned.push(b'\n');
        &owned
    };
    let Ok(content) = Content::decode(content) else {
        return false;
    };
    paints_ops(&content.operations)
}

fn paints_ops(ops: &[Operation]) -> bool {
    // The initial colours are black.
    let mut now = Colours {
        fill: Ink::Other,
        stroke: Ink::Other,
    };
    let mut saved: Vec<Colours> = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "q" => saved.push(now),
            "Q" => now = saved.pop().unwrap_or(now),
            "g" | "rg" | "k" => now.fill = ink(&op.operator, &op.operands),
            "G" | "RG" | "K" => now.stroke = ink(&op.operator, &op.operands),
            // Another colour space or colour: not known to be white.
            "cs" | "sc" | "scn" => now.fill = Ink::Other,
            "CS" | "SC" | "SCN" => now.stroke = Ink::Other,
            "f" | "F" | "f*" if now.fill == Ink::Other => return true,
            "S" | "s" if now.stroke == Ink::Other => return true,
            "B" | "B*" | "b" | "b*" if now.fill == Ink::Other || now.stroke == Ink::Other => {
                return true;
            }
            "sh" | "Do" | "BI" => return true,
            _ => {}
        }
    }
    false
}

/// The ink of a device colour operator's operands: white is gray 1, RGB 1
/// 1 1, CMYK 0 0 0 0; anything else, or operands that are not numbers, is
/// ink.
fn ink(operator: &str, operands: &[Object]) -> Ink {
    let values: Option<Vec<f32>> = operands.iter().map(|o| o.as_float().ok()).collect();
    let Some(values) = values else {
        return Ink::Other;
    };
    let cmyk = operator.eq_ignore_ascii_case("k");
    let want = match operator.to_ascii_lowercase().as_str() {
        "g" => 1,
        "rg" => 3,
        _ => 4,
    };
    let white = values.len() == want
        && values
            .iter()
            .all(|&v| if cmyk { v <= 0.001 } else { v >= 0.999 });
    if white { Ink::White } else { Ink::Other }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_paints_and_what_does_not() {
        let cases: &[(&str, &str, bool)] = &[
            ("empty stream", "", false),
            ("a path never painted", "0 0 m 100 100 l n", false),
            ("a clip only", "0 0 100 100 re W n", false),
            ("a white background", "1 g 0 0 595 842 re f", false),
            (
                "a white RGB background",
                "1 1 1 rg 0 0 595 842 re f 1 1 1 RG 10 10 m 20 20 l S",
                false,
            ),
            (
                "a white CMYK background",
                "0 0 0 0 k 0 0 595 842 re f",
                false,
            ),
            ("text only", "BT /F1 12 Tf 72 720 Td (Hej) Tj ET", false),
            (
                "a black fill (glyph outlines)",
                "72 700 m 80 720 l 88 700 l h f",
                true,
            ),
            ("an even-odd fill", "72 700 m 80 720 l 88 700 l h f*", true),
            ("a stroke", "0 0 m 100 100 l S", true),
            ("a grey fill", "0.5 g 0 0 10 10 re f", true),
            ("fill and stroke", "1 g 0 G 0 0 10 10 re B", true),
            (
                "white restored to black",
                "q 1 g 0 0 595 842 re f Q 0 0 10 10 re f",
                true,
            ),
            (
                "a colour space of its own",
                "/CS0 cs 1 sc 0 0 10 10 re f",
                true,
            ),
            ("an XObject", "q 100 0 0 100 0 0 cm /Im1 Do Q", true),
            ("a shading", "/Sh1 sh", true),
            (
                "an inline image",
                "BI /W 1 /H 1 /BPC 8 /CS /G ID \u{0} EI",
                true,
            ),
            ("an unbalanced Q", "Q Q 0 0 10 10 re f", true),
            ("bad colour operands", "/X g 0 0 10 10 re f", true),
        ];
        for (what, content, want) in cases {
            assert_eq!(paints(content.as_bytes()), *want, "{what}: {content:?}");
        }
    }

    #[test]
    fn junk_paints_nothing_and_does_not_panic() {
        for junk in [
            &b"((((("[..],
            b"<< /A",
            b"\xff\xfe\x00\x01",
            b"1 2 3 4 5 6 7 8 9 rg",
            b"BI ID",
        ] {
            let _ = paints(junk);
        }
        assert!(!paints(b"((((("));
    }
}
