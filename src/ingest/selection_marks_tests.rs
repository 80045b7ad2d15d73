//! Tests of the box classifier on pages drawn in code: a label (dark
//! strokes), a box beside it empty, crossed, filled, faint, broken, under
//! grain and dust or washed-out contrast, and things that are not boxes.

use super::*;

/// A page of `paper` with a label block of strokes in `ink` at (100, 100),
/// 200 × 40 pixels; returns the page and the label's rectangle.
fn page(paper: u8, ink: u8) -> (GrayImage, Rect) {
    let mut img = GrayImage::filled(600, 400, paper);
    let label = Rect {
        x: 100,
        y: 100,
        w: 200,
        h: 40,
    };
    for x in (label.x..label.right()).step_by(9) {
        fill(
            &mut img,
            Rect {
                x,
                y: label.y + 6,
                w: 3,
                h: 30,
            },
            ink,
        );
    }
    (img, label)
}

fn fill(img: &mut GrayImage, r: Rect, v: u8) {
    for y in r.y..r.bottom() {
        for x in r.x..r.right() {
            img.set(x, y, v);
        }
    }
}

/// A square outline of side `s`, stroke `t`, at (x, y).
fn square(img: &mut GrayImage, x: i32, y: i32, s: i32, t: i32, v: u8) {
    fill(img, Rect { x, y, w: s, h: t }, v);
    fill(
        img,
        Rect {
            x,
            y: y + s - t,
            w: s,
            h: t,
        },
        v,
    );
    fill(img, Rect { x, y, w: t, h: s }, v);
    fill(
        img,
        Rect {
            x: x + s - t,
            y,
            w: t,
            h: s,
        },
        v,
    );
}

fn cross(img: &mut GrayImage, x: i32, y: i32, s: i32, v: u8) {
    for i in 0..s {
        for d in -1..=1 {
            img.set(x + i + d, y + i, v);
            img.set(x + s - 1 - i + d, y + i, v);
        }
    }
}

/// Grain (uniform ±amp) and dust (a share of black and white specks),
/// from a fixed seed.
fn noise(img: &mut GrayImage, amp: i32, dust: f32, seed: u64) {
    let mut s = seed;
    let mut next = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) as u32
    };
    for p in img.pixels.iter_mut() {
        let r = next();
        let speck = (r % 10_000) as f32 / 10_000.0;
        *p = if speck < dust / 2.0 {
            0
        } else if speck < dust {
            255
        } else {
            (*p as i32 + (next() % (2 * amp as u32 + 1)) as i32 - amp).clamp(0, 255) as u8
        };
    }
}

/// The box right of the label: 36 px, stroke 3, 12 px after the label.
const BX: i32 = 312;
const BY: i32 = 102;
const BS: i32 = 36;

fn read(img: &GrayImage, label: Rect) -> Option<Mark> {
    find_mark(img, label, Side::Right)
}

#[test]
fn states_are_read_under_every_condition() {
    use MarkState::*;
    type Draw = fn(&mut GrayImage, u8);
    let empty: Draw = |_, _| {};
    let crossed: Draw = |img, ink| cross(img, BX + 5, BY + 5, BS - 10, ink);
    let filled: Draw = |img, ink| {
        fill(
            img,
            Rect {
                x: BX,
                y: BY,
                w: BS,
                h: BS,
            },
            ink,
        )
    };
    let speck: Draw = |img, ink| {
        fill(
            img,
            Rect {
                x: BX + 14,
                y: BY + 14,
                w: 7,
                h: 7,
            },
            ink,
        )
    };
    // (what, paper, ink, grain, dust, draw, want)
    let cases: &[(&str, u8, u8, i32, f32, Draw, MarkState)] = &[
        ("empty, clean", 235, 20, 0, 0.0, empty, Empty),
        ("X, clean", 235, 20, 0, 0.0, crossed, Ticked),
        ("filled, clean", 235, 20, 0, 0.0, filled, Ticked),
        ("empty, grain and dust", 230, 25, 30, 0.03, empty, Empty),
        ("X, grain and dust", 230, 25, 30, 0.03, crossed, Ticked),
        ("empty, washed out 22–78 %", 199, 56, 25, 0.06, empty, Empty),
        ("X, washed out 22–78 %", 199, 56, 25, 0.06, crossed, Ticked),
        ("filled, washed out", 199, 56, 25, 0.06, filled, Ticked),
        ("a speck: neither", 235, 20, 0, 0.0, speck, Undecided),
    ];
    for (what, paper, ink, grain, dust, draw, want) in cases {
        let (mut img, label) = page(*paper, *ink);
        square(&mut img, BX, BY, BS, 3, *ink);
        draw(&mut img, *ink);
        noise(&mut img, *grain, *dust, 7);
        let m = read(&img, label).unwrap_or_else(|| panic!("{what}: no box found"));
        assert_eq!(m.state, *want, "{what}: {m:?}");
        assert!(
            (m.rect.x - BX).abs() <= 2 && (m.rect.w - BS).abs() <= 3,
            "{what}: {m:?}"
        );
        if *want != Undecided {
            assert!(m.confidence >= 0.5, "{what}: {m:?}");
        } else {
            assert_eq!(m.confidence, 0.0, "{what}: {m:?}");
        }
    }
}

#[test]
fn a_broken_outline_is_still_a_box() {
    let (mut img, label) = page(235, 20);
    square(&mut img, BX, BY, BS, 3, 20);
    fill(
        &mut img,
        Rect {
            x: BX + 10,
            y: BY,
            w: 2,
            h: 3,
        },
        235,
    );
    fill(
        &mut img,
        Rect {
            x: BX,
            y: BY + 20,
            w: 3,
            h: 1,
        },
        235,
    );
    let m = read(&img, label).expect("found");
    assert_eq!(m.state, MarkState::Empty, "{m:?}");
}

#[test]
fn boxes_under_a_label_are_found_on_that_side() {
    let (mut img, label) = page(235, 20);
    square(&mut img, label.x + 2, label.bottom() + 20, 34, 3, 20);
    cross(&mut img, label.x + 7, label.bottom() + 25, 24, 20);
    assert_eq!(read(&img, label), None, "nothing to the right");
    let m = find_mark(&img, label, Side::Below).expect("found below");
    assert_eq!(m.state, MarkState::Ticked, "{m:?}");
}

#[test]
fn letters_rings_rules_and_blank_paper_are_not_boxes() {
    type Draw = fn(&mut GrayImage);
    let cases: &[(&str, Draw)] = &[
        ("blank", |_| {}),
        ("ring", |img| {
            for a in 0..720 {
                let t = a as f32 * std::f32::consts::PI / 360.0;
                for r in 16..19 {
                    img.set(
                        BX + 18 + (r as f32 * t.cos()) as i32,
                        BY + 18 + (r as f32 * t.sin()) as i32,
                        20,
                    );
                }
            }
        }),
        ("letter E", |img| {
            fill(
                img,
                Rect {
                    x: BX,
                    y: BY,
                    w: 4,
                    h: BS,
                },
                20,
            );
            for dy in [0, BS / 2, BS - 4] {
                fill(
                    img,
                    Rect {
                        x: BX,
                        y: BY + dy,
                        w: 26,
                        h: 4,
                    },
                    20,
                );
            }
        }),
        ("table rule", |img| {
            fill(
                img,
                Rect {
                    x: 0,
                    y: 150,
                    w: 600,
                    h: 3,
                },
                20,
            )
        }),
        ("too small", |img| square(img, BX, BY + 10, 12, 2, 20)),
    ];
    for (what, draw) in cases {
        let (mut img, label) = page(235, 20);
        draw(&mut img);
        assert_eq!(read(&img, label), None, "{what}");
    }
}

#[test]
fn a_page_without_contrast_gives_nothing() {
    let (mut img, label) = page(200, 190);
    square(&mut img, BX, BY, BS, 3, 190);
    assert_eq!(read(&img, label), None);
}

#[test]
fn confidence_is_the_margin_from_the_thresholds() {
    let r = Rect::default();
    assert_eq!(judge(r, 0.0, 1.0).confidence, 1.0);
    assert_eq!(judge(r, 0.04, 1.0).confidence, 0.5);
    assert_eq!(judge(r, 0.12, 1.0).state, MarkState::Undecided);
    assert_eq!(judge(r, 0.32, 1.0).confidence, 1.0);
    assert!((judge(r, 0.32, 0.85).confidence - 0.5).abs() < 1e-6);
}

fn mark(ink: f32) -> Mark {
    judge(Rect::default(), ink, 1.0)
}

#[test]
fn a_row_is_decided_against_its_empty_level() {
    use MarkState::*;
    // (what, kind, inks, want)
    let cases: &[(&str, RowKind, &[f32], &[MarkState])] = &[
        (
            "one of eight stands out",
            RowKind::List,
            &[0.01, 0.45, 0.0, 0.02, 0.01, 0.0, 0.03, 0.01],
            &[Empty, Ticked, Empty, Empty, Empty, Empty, Empty, Empty],
        ),
        (
            "a faint tick on a clean list: above the level by the margin",
            RowKind::List,
            &[0.0, 0.16, 0.01, 0.0, 0.01],
            &[Empty, Ticked, Empty, Empty, Empty],
        ),
        (
            "a list with nothing ticked, grainy",
            RowKind::List,
            &[0.01, 0.07, 0.02, 0.0, 0.08],
            &[Empty, Empty, Empty, Empty, Empty],
        ),
        (
            "a greyish box between: undecided",
            RowKind::List,
            &[0.0, 0.09, 0.01, 0.0],
            &[Empty, Undecided, Empty, Empty],
        ),
        (
            "a pair, SoL ticked",
            RowKind::Pair,
            &[0.5, 0.02],
            &[Ticked, Empty],
        ),
        (
            "a pair alike and light: both empty",
            RowKind::Pair,
            &[0.02, 0.03],
            &[Empty, Empty],
        ),
        (
            "a pair alike and dark: each judged alone",
            RowKind::Pair,
            &[0.4, 0.45],
            &[Ticked, Ticked],
        ),
        (
            "a pair, one smudged a little: undecided",
            RowKind::Pair,
            &[0.0, 0.095],
            &[Empty, Undecided],
        ),
        (
            "a lone box: the absolute thresholds",
            RowKind::List,
            &[0.12],
            &[Undecided],
        ),
    ];
    for (what, kind, inks, want) in cases {
        let marks: Vec<Mark> = inks.iter().map(|&i| mark(i)).collect();
        let got = decide_row(&marks, *kind);
        let states: Vec<MarkState> = got.iter().map(|v| v.state).collect();
        assert_eq!(&states, want, "{what}: {got:?}");
        for v in &got {
            assert_eq!(v.reason.is_some(), v.state == Undecided, "{what}: {v:?}");
            if v.state != Undecided {
                assert!(v.confidence >= 0.5, "{what}: {v:?}");
            }
        }
    }
}

/// Blur with a box filter of radius `r`, `n` passes (about Gaussian).
fn blur(img: &mut GrayImage, r: i32, n: usize) {
    for _ in 0..n {
        let src = img.clone();
        for y in 0..img.height as i32 {
            for x in 0..img.width as i32 {
                let mut sum = 0u32;
                let mut k = 0u32;
                for dy in -r..=r {
                    for dx in -r..=r {
                        sum += src.get(x + dx, y + dy) as u32;
                        k += 1;
                    }
                }
                img.set(x, y, (sum / k) as u8);
            }
        }
    }
}

#[test]
fn ink_is_measured_against_the_box_own_outline() {
    // The same X and empty box, sharp and dark, then blurred and washed
    // out: the interior ink relative to the outline stays on its side.
    for (what, paper, ink, r) in [
        ("sharp", 235u8, 20u8, 0),
        ("blurred", 235, 20, 1),
        ("blurred, washed out", 200, 90, 1),
        ("very blurred, washed out", 190, 100, 2),
    ] {
        for ticked in [false, true] {
            let (mut img, label) = page(paper, ink);
            square(&mut img, BX, BY, BS, 3, ink);
            if ticked {
                cross(&mut img, BX + 6, BY + 6, BS - 12, ink);
            }
            if r > 0 {
                blur(&mut img, r, 2);
            }
            let m = read(&img, label).unwrap_or_else(|| panic!("{what}: no box"));
            if ticked {
                assert!(m.ink > TICKED_ABOVE, "{what}, X: {m:?}");
            } else {
                assert!(m.ink < EMPTY_BELOW / 2.0, "{what}, empty: {m:?}");
            }
        }
    }
}

#[test]
fn boxes_before_a_label_are_found_and_bullets_are_not_boxes() {
    let (mut img, _) = page(235, 20);
    let label = Rect {
        x: 400,
        y: 200,
        w: 150,
        h: 40,
    };
    fill(
        &mut img,
        Rect {
            x: 400,
            y: 206,
            w: 150,
            h: 28,
        },
        20,
    );
    square(&mut img, 350, 202, BS, 3, 20);
    cross(&mut img, 356, 208, BS - 12, 20);
    let m = find_mark(&img, label, Side::Left).expect("found before the label");
    assert_eq!(m.state, MarkState::Ticked, "{m:?}");
    assert_eq!(find_mark(&img, label, Side::Right), None);
    // A list bullet: a filled square a third of the label's height.
    let (mut img, label) = page(235, 20);
    fill(
        &mut img,
        Rect {
            x: BX + 4,
            y: BY + 12,
            w: 14,
            h: 14,
        },
        20,
    );
    assert_eq!(read(&img, label), None);
}

#[test]
fn a_label_box_spanning_two_lines_is_cut_to_its_letters() {
    let (img, label) = page(235, 20);
    // Tesseract's box: the label's 40 rows and 70 rows of paper under it.
    let tall = Rect { h: 110, ..label };
    let t = tighten(&img, tall);
    assert!(
        (t.y - (label.y + 6)).abs() <= 2 && (t.h - 30).abs() <= 3,
        "{t:?}"
    );
    let fitting = Rect {
        y: label.y + 4,
        h: 34,
        ..label
    };
    assert_eq!(tighten(&img, fitting), fitting, "a fitting box is kept");
}
