//! Checkboxes: box renderings, their binding to labels, the ticked areas of
//! activity and SoL/LSS.
//!
//! Renderings read (clean has already turned `<input … checkbox>` tags into
//! ☐ and ☒):
//! - ticked: ☒ ☑ ■ ▣ `[X]` `[x]`, and as OCR writes a ticked box at the start
//!   of a row: `~`, `X`, `x`;
//! - empty: ☐ □ ▢ `[ ]`, and as Tesseract writes an empty box at the start of
//!   a row: `CI`, `Cl`, `C3`, `Cd`, `0`, `O`, `03`;
//! - no rendering at all (a ticked box OCR dropped): undecided, never
//!   guessed.
//!
//! Binding, per row of tokens: labels then as many boxes (`SoL LSS ☒ ☐`) pair
//! in order; a row that starts with a box binds each box to the label after
//! it (`☐ Äldreomsorg`); otherwise each label takes the box after it
//! (`Äldreomsorg ☐`). A row of labels followed by a row of boxes pairs too.
//!
//! Boxes ahead of a case's first section (where ingest puts the values of
//! a fillable PDF form: `Jobbtorg ☒`, `Lag: SoL ☒`) are read first: a
//! label decided there is not read again from the page, whose printed form
//! shows the label without its box.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{BoxRead, CaseView, Doubt, Found, Gap};
use crate::model::{Area, Law, Line, MarkKind, PageMark, SectionKind, Tick, WEAK_BOX};
use crate::vocab;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxState {
    Ticked,
    Empty,
    Undecided,
}

/// The label patterns of the areas, in `vocab::AREAS`'s (the form's) order.
static AREA_RE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    crate::vocab::AREAS
        .iter()
        .map(|(_, p, _, _)| Regex::new(&format!("(?i){p}")).expect("valid regex"))
        .collect()
});
static SOL_LSS_RE: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [
        Regex::new(r"(?:^|\s)(SoL|Sol|SOL)(?:\s|$)").expect("valid regex"),
        Regex::new(r"(?:^|\s)(LSS)(?:\s|$)").expect("valid regex"),
    ]
});
/// Box glyphs anywhere in a row.
static GLYPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[☐☑☒□■▢▣]|\[\s*[xX]?\s*\]").expect("valid regex"));
/// What OCR makes of a box, read only at the start of a row.
static OCR_BOX: LazyLock<Regex> = LazyLock::new(|| {
    let readings: Vec<&str> = vocab::BOX_TICKED_READINGS
        .iter()
        .chain(&vocab::BOX_EMPTY_READINGS)
        .copied()
        .collect();
    Regex::new(&format!(r"^\s*({})\s+", readings.join("|"))).expect("valid regex")
});

/// The state a box glyph or OCR token stands for.
pub fn glyph_state(tok: &str) -> BoxState {
    match tok.trim() {
        "☒" | "☑" | "■" | "▣" => BoxState::Ticked,
        t if vocab::BOX_TICKED_READINGS.contains(&t) => BoxState::Ticked,
        t if t.starts_with('[') && t.contains(['x', 'X']) => BoxState::Ticked,
        "☐" | "□" | "▢" => BoxState::Empty,
        t if vocab::BOX_EMPTY_READINGS.contains(&t) => BoxState::Empty,
        t if t.starts_with('[') => BoxState::Empty,
        _ => BoxState::Undecided,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Label(usize),
    Box(BoxState),
}

/// Tokens of one row: labels (index into `labels`) and boxes, by position.
fn tokens(text: &str, labels: &[Regex]) -> Vec<(Range<usize>, Tok)> {
    let mut toks: Vec<(Range<usize>, Tok)> = Vec::new();
    for (i, re) in labels.iter().enumerate() {
        for m in re.find_iter(text) {
            toks.push((m.range(), Tok::Label(i)));
        }
    }
    for m in GLYPH.find_iter(text) {
        toks.push((m.range(), Tok::Box(glyph_state(m.as_str()))));
    }
    if let Some(c) = OCR_BOX.captures(text) {
        let m = c.get(1).expect("group 1 is not optional");
        if !toks.iter().any(|(r, _)| r.start < m.end()) {
            toks.push((m.range(), Tok::Box(glyph_state(m.as_str()))));
        }
    }
    toks.sort_by_key(|(r, _)| r.start);
    toks
}

/// Bind the boxes of a row to its labels: (label index, state, box span).
/// The span of a bound box is returned widened to cover its label too, so
/// free text is read after both.
fn bind(toks: &[(Range<usize>, Tok)]) -> Vec<(usize, BoxState, Option<Range<usize>>)> {
    let labels: Vec<(usize, &Range<usize>)> = toks
        .iter()
        .filter_map(|(r, t)| {
            if let Tok::Label(i) = t {
                Some((*i, r))
            } else {
                None
            }
        })
        .collect();
    let boxes: Vec<(BoxState, &Range<usize>)> = toks
        .iter()
        .filter_map(|(r, t)| {
            if let Tok::Box(s) = t {
                Some((*s, r))
            } else {
                None
            }
        })
        .collect();
    let labels_first = labels.len() > 1
        && labels.len() == boxes.len()
        && labels.last().map(|l| l.1.start) < boxes.first().map(|b| b.1.start);
    if labels_first {
        return labels
            .iter()
            .zip(&boxes)
            .map(|(l, b)| (l.0, b.0, Some(b.1.clone())))
            .collect();
    }
    let box_first = matches!(toks.first(), Some((_, Tok::Box(_))));
    let mut out = Vec::new();
    for (k, (r, t)) in toks.iter().enumerate() {
        let Tok::Label(i) = t else { continue };
        let neighbour = if box_first {
            k.checked_sub(1).map(|j| &toks[j])
        } else {
            toks.get(k + 1)
        };
        match neighbour {
            Some((br, Tok::Box(s))) => {
                out.push((*i, *s, Some(br.start.min(r.start)..br.end.max(r.end))))
            }
            _ => out.push((*i, BoxState::Undecided, None)),
        }
    }
    out
}

/// Read the labelled boxes in `range`: (label index, state, line index, text
/// after a ticked box).
fn read_rows(
    lines: &[Line],
    range: Range<usize>,
    labels: &[Regex],
) -> Vec<(usize, BoxState, usize, String)> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let text = &lines[i].text;
        let toks = tokens(text, labels);
        let n_labels = toks.iter().filter(|t| matches!(t.1, Tok::Label(_))).count();
        if n_labels == 0 {
            i += 1;
            continue;
        }
        let mut toks = toks;
        let mut row_text = text.clone();
        let mut box_line = i;
        if toks.iter().all(|t| matches!(t.1, Tok::Label(_))) {
            // Labels alone: the boxes may stand on the next non-empty row.
            if let Some(j) =
                (i + 1..range.end.min(i + 3)).find(|&j| !lines[j].text.trim().is_empty())
            {
                let below = tokens(&lines[j].text, labels);
                if !below.is_empty()
                    && below.iter().all(|t| matches!(t.1, Tok::Box(_)))
                    && below.len() == n_labels
                {
                    let shift = text.len() + 1;
                    toks.extend(
                        below
                            .into_iter()
                            .map(|(r, t)| (r.start + shift..r.end + shift, t)),
                    );
                    row_text = format!("{text}\n{}", lines[j].text);
                    box_line = j;
                }
            }
        }
        for (label, state, span) in bind(&toks) {
            let after = match (state, span) {
                (BoxState::Ticked, Some(s)) => free_text_after(&row_text, s.end, labels),
                _ => String::new(),
            };
            out.push((
                label,
                state,
                if span_is_below(&row_text, text) {
                    box_line
                } else {
                    i
                },
                after,
            ));
        }
        i = box_line + 1;
    }
    out
}

fn span_is_below(row_text: &str, text: &str) -> bool {
    row_text.len() > text.len()
}

/// Free text written after a ticked box on its row (`Annat stöd (VO insatser)`).
fn free_text_after(row: &str, from: usize, labels: &[Regex]) -> String {
    let line_end = row[from..].find('\n').map_or(row.len(), |k| from + k);
    let rest = &row[from..line_end];
    // Another box later on the row: what stands before it is that box's label.
    let rest = match GLYPH.find(rest) {
        Some(m) if labels.iter().any(|re| re.is_match(&rest[..m.start()])) => return String::new(),
        Some(m) => &rest[..m.start()],
        None => rest,
    };
    rest.trim()
        .trim_matches(['\t', ' ', ':', '-'])
        .trim()
        .to_string()
}

/// Every labelled box in `text`, each line a row: the area boxes, then the
/// SoL/LSS boxes, as (label, state, line number from 1, text after a ticked
/// box). Tokenising and binding without a case around them; for fuzzing and
/// tools.
pub fn read_boxes(text: &str) -> Vec<(&'static str, BoxState, u32, String)> {
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, t)| Line {
            no: i as u32 + 1,
            page: 1,
            text: t.to_string(),
        })
        .collect();
    let areas = read_rows(&lines, 0..lines.len(), &AREA_RE)
        .into_iter()
        .map(|(l, s, i, a)| (Area::ALL[l].name(), s, lines[i].no, a));
    let sol_lss = read_rows(&lines, 0..lines.len(), &*SOL_LSS_RE)
        .into_iter()
        .map(|(l, s, i, a)| (["SoL", "LSS"][l], s, lines[i].no, a));
    areas.chain(sol_lss).collect()
}

/// The rows where areas of activity are ticked: the report's area block.
fn area_range(view: &CaseView) -> Range<usize> {
    let report = view.section_ranges(SectionKind::Report).next();
    let r = report.unwrap_or_else(|| view.range());
    let start = (r.start..r.end)
        .find(|&i| {
            view.lines[i]
                .text
                .to_lowercase()
                .contains("verksamhetsområde där")
        })
        .unwrap_or(r.start);
    let end = (start..r.end)
        .find(|&i| {
            view.lines[i]
                .text
                .trim_start()
                .starts_with("Uppgifter om missförhållandet")
        })
        .unwrap_or(r.end.min(start + 40));
    start..end
}

/// The case's boxes: the areas ticked on the report's list (with the text
/// written after a ticked box) and SoL/LSS, each with its line; and every
/// box as read, for the checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Boxes {
    /// In the form's order (the enum's), each once.
    pub areas: Vec<Found<Area>>,
    pub area_other: Option<Found<String>>,
    pub area_boxes: Vec<BoxRead>,
    /// What the area list's boxes doubt of the areas, ticked or not: a box
    /// with no readable mark in the text, one the page image could not
    /// decide or decided narrowly.
    pub area_doubts: Vec<Doubt>,
    pub sol_lss: Option<Found<Law>>,
    pub sol_lss_boxes: Vec<BoxRead>,
    /// What the SoL/LSS boxes doubt of the law, read or not.
    pub sol_lss_doubts: Vec<Doubt>,
    /// No area ticked on the report's list.
    pub gaps: Vec<Gap>,
}

/// Read the case's area list (when it holds a report) and its SoL/LSS boxes.
pub fn extract(view: &CaseView) -> Boxes {
    let mut b = Boxes::default();
    if view.has(SectionKind::Report) {
        areas(view, &mut b);
    }
    sol_lss(view, &mut b);
    b
}

/// The lines of a case ahead of its first section.
fn ahead_of_sections(view: &CaseView) -> Range<usize> {
    let start = view.span.start;
    let end = view.span.sections.first().map_or(start, |s| s.start);
    start..end.max(start)
}

/// The boxes ahead of the case's first section that are decided (ticked
/// or empty), then the rows in `range` of the labels not decided there:
/// the page images' marks of `kind` first, then the text's glyphs.
fn form_first(
    view: &CaseView,
    range: Range<usize>,
    (labels, kind): (&[Regex], MarkKind),
) -> Vec<(usize, BoxState, usize, String)> {
    let mut rows: Vec<(usize, BoxState, usize, String)> =
        read_rows(view.lines, ahead_of_sections(view), labels)
            .into_iter()
            .filter(|r| r.1 != BoxState::Undecided)
            .collect();
    let decided: Vec<usize> = rows.iter().map(|r| r.0).collect();
    let glyphs = read_rows(view.lines, range.clone(), labels);
    rows.extend(
        marks_first(view, range, (labels, kind), glyphs)
            .into_iter()
            .filter(|r| !decided.contains(&r.0)),
    );
    rows
}

/// What a box read from a page image doubts of the value it gives: a box
/// the image could not decide (`cap` 0.4: the tick may be there), or one
/// decided with a narrow margin (its ink near the threshold, the mark's
/// confidence below `WEAK_BOX`: 0.75). `what` names the list in the reason.
pub(crate) fn mark_doubt(m: &PageMark, what: &str) -> Option<Doubt> {
    let comma = |x: f32| format!("{x:.2}").replace('.', ",");
    match m.state {
        Tick::Undecided => Some(Doubt {
            cap: 0.4,
            why: format!("{what}: rutan {} gick inte att avgöra på bilden", m.label),
        }),
        _ if m.confidence < WEAK_BOX => Some(Doubt {
            cap: 0.75,
            why: format!(
                "{what}: rutan {} avgjord med liten marginal ({}){}",
                m.label,
                comma(m.confidence),
                m.ink
                    .map_or_else(String::new, |ink| format!(", svärta {}", comma(ink)))
            ),
        }),
        _ => None,
    }
}

/// A row read: (label index, state, line index, text after a ticked box).
type Row = (usize, BoxState, usize, String);

/// The boxes the page images decided (ticked or empty) on the lines in
/// `range`, as rows of `labels` (the areas', or SoL/LSS): each mark's state
/// as the image gave it, on its label's line.
fn marked_rows(view: &CaseView, range: Range<usize>, labels: &[Regex], kind: MarkKind) -> Vec<Row> {
    view.marks
        .iter()
        .filter(|m| range.contains(&m.idx))
        .filter_map(|m| {
            let state = match m.mark.state {
                Tick::Ticked => BoxState::Ticked,
                Tick::Empty => BoxState::Empty,
                Tick::Undecided => return None,
            };
            let label = match m.mark.kind {
                k if k != kind => return None,
                MarkKind::Area => vocab::AREAS.iter().position(|a| a.2 == m.mark.label)?,
                MarkKind::Law => ["SoL", "LSS"].iter().position(|l| *l == m.mark.label)?,
                MarkKind::Option => return None,
            };
            let text = &view.lines[m.idx].text;
            let after = match state {
                BoxState::Ticked => label_end(text, &labels[label])
                    .map_or_else(String::new, |end| free_text_after(text, end, labels)),
                _ => String::new(),
            };
            Some((label, state, m.idx, after))
        })
        .collect()
}

/// Where the text after a label's box starts on `text`: after the label,
/// and after a box glyph right after it.
fn label_end(text: &str, label: &Regex) -> Option<usize> {
    let end = label.find(text)?.end();
    let rest = &text[end..];
    let blank = rest.len() - rest.trim_start().len();
    Some(match GLYPH.find(&rest[blank..]) {
        Some(g) if g.start() == 0 => end + blank + g.end(),
        _ => end,
    })
}

/// The page images' rows in `range` first, then the `glyphs` rows (read
/// from the text) for what no mark decided: a mark's row stands where its
/// glyph's reading stood, so a box decided on the image is not counted
/// again from its glyph; a mark with no such reading goes in the order of
/// the lines, and of the labels on a line.
fn marks_first(
    view: &CaseView,
    range: Range<usize>,
    (labels, kind): (&[Regex], MarkKind),
    glyphs: Vec<Row>,
) -> Vec<Row> {
    let marked = marked_rows(view, range, labels, kind);
    if marked.is_empty() {
        return glyphs;
    }
    // A mark takes the place of its label's first reading on its line:
    // that reading is the mark's glyph (another mention of the label on
    // the line stays a reading of the text).
    let mut rows = glyphs;
    let mut taken = vec![false; rows.len()];
    let mut unplaced = Vec::new();
    for m in marked {
        match (0..rows.len()).find(|&k| !taken[k] && (rows[k].0, rows[k].2) == (m.0, m.2)) {
            Some(k) => {
                taken[k] = true;
                rows[k] = m;
            }
            None => unplaced.push(m),
        }
    }
    if !unplaced.is_empty() {
        rows.extend(unplaced);
        let at = |r: &Row| {
            let pos = labels[r.0]
                .find(&view.lines[r.2].text)
                .map_or(usize::MAX, |m| m.start());
            (r.2, pos)
        };
        rows.sort_by_key(|r| at(r));
    }
    rows
}

/// The ticked areas of activity of the report's area list.
fn areas(view: &CaseView, b: &mut Boxes) {
    let rows = form_first(view, area_range(view), (&AREA_RE, MarkKind::Area));
    for (label, state, idx, after) in rows {
        let area = Area::ALL[label];
        let line = &view.lines[idx];
        b.area_boxes.push(BoxRead {
            label: area.name().to_string(),
            state,
            line: line.no,
        });
        if state == BoxState::Ticked && !b.areas.iter().any(|a| a.value == area) {
            b.areas.push(Found::at(line, &line.text, area));
            if !after.is_empty() && b.area_other.is_none() {
                b.area_other = Some(Found::at(line, &line.text, after));
            }
        }
    }
    // The form's order (the enum's).
    b.areas.sort_by_key(|a| a.value);
    let range = area_range(view);
    b.area_doubts = box_doubts(
        view,
        &b.area_boxes,
        (MarkKind::Area, range),
        "verksamhetsområde",
    );
    if b.areas.is_empty() {
        b.gaps
            .push(Gap::new("areas", 0.6, "inget verksamhetsområde markerat"));
    }
}

/// What a list's boxes doubt of its value: each box of `reads` with no
/// readable mark in the text (one a converter dropped or mangled: the form
/// does not say, 0.9), then each box of `kind` the page images gave on the
/// lines of `range` that they could not decide or decided narrowly
/// (`mark_doubt`), `what` naming the list.
fn box_doubts(
    view: &CaseView,
    reads: &[BoxRead],
    (kind, range): (MarkKind, Range<usize>),
    what: &str,
) -> Vec<Doubt> {
    let text = reads
        .iter()
        .filter(|b| b.state == BoxState::Undecided)
        .map(|b| Doubt::new(0.9, format!("rutan {} saknar läsbar markering", b.label)));
    let marks = view
        .marks
        .iter()
        .filter(|m| m.mark.kind == kind && range.contains(&m.idx))
        .filter_map(|m| mark_doubt(&m.mark, what));
    text.chain(marks).collect()
}

/// SoL/LSS boxes: the investigation's `SoL LSS` cell (never a law reference).
fn sol_lss(view: &CaseView, b: &mut Boxes) {
    let labels = &*SOL_LSS_RE;
    // A form's boxes ahead of the sections decide alone.
    for (label, state, idx, _) in form_first(view, 0..0, (labels, MarkKind::Law)) {
        b.sol_lss_boxes.push(BoxRead {
            label: ["SoL", "LSS"][label].to_string(),
            state,
            line: view.lines[idx].no,
        });
    }
    let scan = if b.sol_lss_boxes.is_empty() {
        view.range()
    } else {
        0..0
    };
    for i in scan {
        let text = &view.lines[i].text;
        // Both labels are needed: without a literal `LSS` nothing below can
        // match, and the lowercasing is skipped.
        if !text.contains("LSS") {
            continue;
        }
        if text.contains('§') || text.to_lowercase().contains("kap") {
            continue;
        }
        if !(labels[0].is_match(text) && labels[1].is_match(text)) {
            continue;
        }
        // OCR writes a ticked box beside a label as `~` or `X`: in this
        // row, a lone one is a box.
        let rows: Vec<Line> = (i..(i + 3).min(view.span.end))
            .map(|j| Line {
                text: OCR_TICK
                    .replace_all(&view.lines[j].text, "${1}☒")
                    .into_owned(),
                ..view.lines[j].clone()
            })
            .collect();
        let glyphs = read_rows(&rows, 0..rows.len(), labels)
            .into_iter()
            .map(|(label, state, k, after)| (label, state, i + k, after))
            .collect();
        for (label, state, idx, _) in
            marks_first(view, i..i + rows.len(), (labels, MarkKind::Law), glyphs)
        {
            let name = if label == 0 { "SoL" } else { "LSS" };
            b.sol_lss_boxes.push(BoxRead {
                label: name.to_string(),
                state,
                line: view.lines[idx].no,
            });
        }
        break;
    }
    if b.sol_lss_boxes.is_empty() {
        attachment_law(view, &mut b.sol_lss_boxes);
    }
    b.sol_lss = law(view, &b.sol_lss_boxes);
    b.sol_lss_doubts = box_doubts(
        view,
        &b.sol_lss_boxes,
        (MarkKind::Law, view.range()),
        "SoL/LSS",
    );
}

/// The law: the one ticked box, or with none ticked, the law the text
/// places the activity under (doubted: no box says it).
fn law(view: &CaseView, boxes: &[BoxRead]) -> Option<Found<Law>> {
    let ticked: Vec<&BoxRead> = boxes
        .iter()
        .filter(|b| b.state == BoxState::Ticked)
        .collect();
    if ticked.is_empty()
        && let Some((law, i)) = law_in_text(view)
    {
        let line = &view.lines[i];
        return Some(Found::at(line, &line.text, law).doubted(
            LAW_IN_TEXT,
            "lagen läst ur ärendets text, ingen ruta ikryssad".into(),
        ));
    }
    let [one] = ticked[..] else {
        return None;
    };
    let law = if one.label == "SoL" {
        Law::SoL
    } else {
        Law::Lss
    };
    let line = view
        .lines
        .iter()
        .find(|l| l.no == one.line)
        .expect("a box's line number is one of the view's lines");
    Some(Found::at(line, &line.text, law))
}

/// The confidence a law read from the case's text (no box ticked) is
/// capped at.
const LAW_IN_TEXT: f64 = 0.85;

/// A lone `~`, `X` or `x` between spaces (or at a row's end): OCR's ticked box.
static OCR_TICK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|\s)[~Xx](?:\s|$)").expect("valid regex"));

/// The IVO form's list of attached documents names the law by the box
/// ticked before it (`☒ Slutförd utredning enligt 14 kap. 6 § SoL`,
/// `☐ Slutförd utredning enligt 24 e § LSS`).
fn attachment_law(view: &CaseView, boxes: &mut Vec<BoxRead>) {
    static ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)slutförd\s+utredning\s+enligt\s+.*(?-u:\b)(SoL|LSS)(?-u:\b)")
            .expect("valid regex")
    });
    for r in view.section_ranges(SectionKind::IvoNotification) {
        for i in r {
            let text = &view.lines[i].text;
            let Some(c) = ATTACHED.captures(text) else {
                continue;
            };
            let Some(g) = GLYPH.find(text) else { continue };
            let label = if c[1].eq_ignore_ascii_case("sol") {
                "SoL"
            } else {
                "LSS"
            };
            boxes.push(BoxRead {
                label: label.to_string(),
                state: glyph_state(g.as_str()),
                line: view.lines[i].no,
            });
        }
    }
}

/// What the law placing an activity is, as written: `enligt LSS`, `(LSS)`,
/// `9 § 2 LSS`, `LSS-boende`, `enligt 4 kap. 1 § SoL`, `socialtjänstlagen`,
/// `lagen om stöd och service`.
static LAW_PLACEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:(?-u:\b)(?:enligt|i|inom|under|av|med\s+stöd\s+av|beviljad[et]?\s+enligt)\s+
           (?:[0-9]+\s*kap\.?\s*)?(?:[0-9]+\s*[a-g]?\s*§\s*(?:[0-9]+\s*(?:p\.?|punkten)?\s*)?)?
           (?P<a>LSS|SoL|socialtjänstlagen|lagen\s+\(1993:387\)\s+om\s+stöd\s+och\s+service|lagen\s+om\s+stöd\s+och\s+service(?:\s+till\s+vissa\s+funktionshindrade)?)(?-u:\b))
      | \((?P<b>LSS|SoL)\)
      | (?-u:\b)(?P<c>LSS|SoL)-(?:insats|boende|bostad|verksamhet|beslut|handläggare|ärende)
    ",
    )
    .expect("valid regex")
});
/// `LSS`, `SoL` or `lagen`: a line without any of them places nothing.
fn law_word(t: &str) -> bool {
    static L: LazyLock<crate::vocab::Literals> =
        LazyLock::new(|| crate::vocab::Literals::new(&["LSS", "SoL", "lagen"]));
    L.any_in(t)
}

/// What in a clause makes a law mention the lex Sarah rules or the law's
/// own text, not the place of the activity.
static LAW_BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)lex\s*sarah|14\s*kap|24\s*[a-g]\s*§|23\s*[e-g]\s*§|71\s*a\s*§|bestämmelserna|rapporteringsskyldighet|lagstiftningen|anmälningsskyldighet",
    )
    .expect("valid regex")
});

/// The law the case's own text places the activity under: every clause
/// naming one law (not the lex Sarah rules, not both laws), and only one
/// law named so. (law, line index of its first mention).
fn law_in_text(view: &CaseView) -> Option<(Law, usize)> {
    let mut found: Option<(Law, usize)> = None;
    for i in view.range() {
        let text = &view.lines[i].text;
        if !law_word(text) {
            continue;
        }
        for clause in text
            .split(['\t', ';'])
            .flat_map(super::outcome::split_sentences)
        {
            let caps: Vec<_> = LAW_PLACEMENT.captures_iter(clause).collect();
            if caps.is_empty() || LAW_BOILERPLATE.is_match(clause) {
                continue;
            }
            let mut laws = caps.iter().filter_map(|c| {
                let w = c.name("a").or(c.name("b")).or(c.name("c"))?.as_str();
                Some(if w == "LSS" || w.to_lowercase().starts_with("lagen") {
                    Law::Lss
                } else {
                    Law::SoL
                })
            });
            let Some(first) = laws.next() else { continue };
            if laws.any(|l| l != first) || (clause.contains("SoL") && clause.contains("LSS")) {
                continue;
            }
            match found {
                None => found = Some((first, i)),
                Some((l, _)) if l == first => {}
                Some(_) => return None,
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(texts: &[&str], labels: &[Regex]) -> Vec<(usize, BoxState, String)> {
        let lines = Line::numbered(texts);
        read_rows(&lines, 0..lines.len(), labels)
            .into_iter()
            .map(|(l, s, _, a)| (l, s, a))
            .collect()
    }

    #[test]
    fn every_rendering() {
        use BoxState::*;
        let cases: &[(&str, BoxState)] = &[
            ("Jobbtorg ☒", Ticked),
            ("Jobbtorg ☐", Empty),
            ("Jobbtorg ☑", Ticked),
            ("Jobbtorg □", Empty),
            ("Jobbtorg ■", Ticked),
            ("Jobbtorg ▢", Empty),
            ("Jobbtorg ▣", Ticked),
            ("[X] Jobbtorg", Ticked),
            ("[x] Jobbtorg", Ticked),
            ("[ ] Jobbtorg", Empty),
            ("☒ Jobbtorg", Ticked),
            ("□ Jobbtorg", Empty),
            ("~ Jobbtorg", Ticked),
            ("X Jobbtorg", Ticked),
            ("x Jobbtorg", Ticked),
            ("CI Jobbtorg", Empty),
            ("Cl Jobbtorg", Empty),
            ("C3 Jobbtorg", Empty),
            ("Cd Jobbtorg", Empty),
            ("0 Jobbtorg", Empty),
            ("O Jobbtorg", Empty),
            ("03 Jobbtorg", Empty),
            ("Jobbtorg", Undecided),
            ("Jobbtorg Annat stöd (VO insatser)", Undecided),
        ];
        for (text, want) in cases {
            let got = read(&[text], &AREA_RE);
            assert_eq!(got.len(), 1, "{text:?}");
            assert_eq!(got[0].0, 6, "{text:?}");
            assert_eq!(got[0].1, *want, "{text:?}");
        }
    }

    #[test]
    fn binding_rows() {
        use BoxState::*;
        let sl = &*SOL_LSS_RE;
        type Case<'a> = (&'a [&'a str], &'a [(usize, BoxState)]);
        let cases: &[Case] = &[
            (&["SoL LSS ☒ ☐"], &[(0, Ticked), (1, Empty)]),
            (&["SoL LSS ☐ ☒"], &[(0, Empty), (1, Ticked)]),
            (&["SoL ☐ LSS ☒"], &[(0, Empty), (1, Ticked)]),
            (&["☒ SoL ☐ LSS"], &[(0, Ticked), (1, Empty)]),
            (
                &["SoL                 LSS ", "   "],
                &[(0, Undecided), (1, Undecided)],
            ),
            (&["SoL LSS", "☐ ☒"], &[(0, Empty), (1, Ticked)]),
        ];
        for (rows, want) in cases {
            let got: Vec<(usize, BoxState)> =
                read(rows, sl).into_iter().map(|(l, s, _)| (l, s)).collect();
            assert_eq!(&got, want, "{rows:?}");
        }
    }

    #[test]
    fn law_placed_by_the_case_text() {
        use crate::model::{Document, Format};
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Personalen på en gruppbostad enligt LSS har låst kylskåpet.",
                Some("LSS"),
            ),
            ("Åtgärden saknade stöd i LSS.", Some("LSS")),
            (
                "Ett barn på korttidshemmet (LSS) hämtades inte.",
                Some("LSS"),
            ),
            (
                "Typ av verksamhet Personlig assistans enligt 9 § 2 LSS",
                Some("LSS"),
            ),
            ("ledsagarservice enligt 9 § 3 LSS.", Some("LSS")),
            (
                "Insats: hemtjänst, beviljad enligt SoL (4 kap. 1 § socialtjänstlagen)",
                Some("SoL"),
            ),
            (
                "Solbacken är ett särskilt boende för äldre enligt 5 kap. 5 § SoL.",
                Some("SoL"),
            ),
            ("särskild boendeform enligt 20 § SoL", Some("SoL")),
            (
                "Ansökan om ekonomiskt bistånd enligt 4 kap. 1 § SoL prövades inte.",
                Some("SoL"),
            ),
            ("Brukaren har ett LSS-boende.", Some("LSS")),
            // The lex Sarah rules and boilerplate naming both laws decide nothing.
            ("(14 kap 3 § SoL och 24 b § LSS)", None),
            (
                "Enligt bestämmelserna om lex Sarah i socialtjänstlagen, SoL, och lagstiftningen om stöd och service till vissa funktionshindrade, LSS, ska:",
                None,
            ),
            (
                "Det rapporterade utgjorde ett missförhållande enligt bestämmelserna om lex Sarah i Socialtjänstlagen.",
                None,
            ),
            ("enligt 14 kap. 7 § SoL eller 24 f § LSS", None),
            ("Slutförd utredning enligt 14 kap. 6 § SoL", None),
            ("Insatser ges enligt SoL och LSS.", None),
            ("Hon har hemtjänst.", None),
        ];
        let mut failures = Vec::new();
        for (text, want) in cases {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::Text,
                pages: vec![format!("Lex Sarah-utredning\n{text}\n")],
            };
            let lines = crate::clean::clean(&doc);
            let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
            let view = CaseView {
                lines: &lines,
                span: &spans[0],
                marks: &[],
            };
            let got = law_in_text(&view).map(|(l, _)| l.as_str());
            if got != *want {
                failures.push(format!("{text:?}: expected {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn sol_lss_boxes_in_every_rendering() {
        use crate::model::{Document, Format};
        let cases: &[(&str, Option<&str>)] = &[
            ("SoL LSS ☒ ☐", Some("SoL")),
            ("SoL ☐ LSS ☒", Some("LSS")),
            ("SoL ~               LSS □ ", Some("SoL")),
            ("SoL X               LSS □ ", Some("SoL")),
            ("SoL □               LSS X ", Some("LSS")),
            (
                "Utredningen inledd (datum) 170705\tSoL LSS <input checked=\"\" type=\"checkbox\"/> <input type=\"checkbox\"/>",
                Some("SoL"),
            ),
            (
                "☒ Slutförd utredning enligt 14 kap. 6 § SoL\n☐ Slutförd utredning enligt 24 e § LSS",
                None,
            ),
            ("SoL                 LSS ", None),
        ];
        let mut failures = Vec::new();
        for (text, want) in cases {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::Text,
                pages: vec![format!("Lex Sarah-utredning\n{text}\n")],
            };
            let lines = crate::clean::clean(&doc);
            let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
            let f = crate::extract::extract(&lines, &spans[0]);
            if f.sol_lss.map(Law::as_str) != *want {
                failures.push(format!("{text:?}: expected {want:?}, got {:?}", f.sol_lss));
            }
        }
        // The IVO form's attachment list names the law by its ticked box.
        let doc = Document {
            signals: Vec::new(),
            decisions: Vec::new(),
            format: Format::Text,
            pages: vec!["ANMÄLAN ENLIGT LEX SARAH\n☒ Slutförd utredning enligt 14 kap. 6 § SoL\n☐ Slutförd utredning enligt 24 e § LSS\n".into()],
        };
        let lines = crate::clean::clean(&doc);
        let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
        let f = crate::extract::extract(&lines, &spans[0]);
        if f.sol_lss != Some(Law::SoL) {
            failures.push(format!("IVO attachment list: got {:?}", f.sol_lss));
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A filled-in PDF form's boxes, put ahead of the first section by
    /// ingest, decide their labels; the printed form's boxless labels are
    /// not read again. Boxes inside a section are not the form's.
    #[test]
    fn form_boxes_ahead_of_the_sections_decide() {
        use crate::model::{Area, Document, Format};
        let page = "RAPPORT enligt lex Sarah\nVerksamhetsområde där missförhållandet har uppmärksammats\nÄldreomsorg\nJobbtorg\nUppgifter om missförhållandet\nLex Sarah-utredning\nSoL LSS\n";
        type Case<'a> = (&'a str, &'a [Area], Option<Law>, usize);
        let cases: &[Case] = &[
            // The page alone: every box undecided.
            ("", &[], None, 4),
            (
                "Äldreomsorg ☐\nJobbtorg ☒\nSoL ☒\nLSS ☐\n\n",
                &[Area::Jobbtorg],
                Some(Law::SoL),
                0,
            ),
            (
                "Verksamhetsområde: Jobbtorg ☒\nLag: SoL ☐\nLag: LSS ☒\n\n",
                &[Area::Jobbtorg],
                Some(Law::Lss),
                1,
            ),
            // A form's text field naming an area has no box: not a reading.
            ("Enhet: Jobbtorg Stockholm\n\n", &[], None, 4),
        ];
        for (form, areas, law, undecided) in cases {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::Pdf,
                pages: vec![format!("{form}{page}")],
            };
            let lines = crate::clean::clean(&doc);
            let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
            let f = crate::extract::extract(&lines, &spans[0]);
            let all: Vec<&BoxRead> = f.area_boxes.iter().chain(&f.sol_lss_boxes).collect();
            let n = all
                .iter()
                .filter(|b| b.state == BoxState::Undecided)
                .count();
            assert_eq!(
                (&f.areas[..], f.sol_lss, n),
                (*areas, *law, *undecided),
                "{form:?}: {all:?}"
            );
        }
        // Boxes inside a section are the page's, read where they stand.
        let doc = Document {
            signals: Vec::new(),
            decisions: Vec::new(),
            format: Format::Text,
            pages: vec!["RAPPORT enligt lex Sarah\nJobbtorg ☒\nVerksamhetsområde där missförhållandet har uppmärksammats\nÄldreomsorg ☒\nJobbtorg ☐\n".into()],
        };
        let lines = crate::clean::clean(&doc);
        let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
        assert_eq!(
            crate::extract::extract(&lines, &spans[0]).areas,
            [Area::Aldreomsorg]
        );
    }

    #[test]
    fn area_other_is_the_text_after_a_ticked_box() {
        let rows = [
            "Jobbtorg ☒\tAnnat stöd (VO insatser)",
            "Äldreomsorg ☐\t",
            "Jobbtorg ☒\tJOBBTORG STOCKHOLMEN",
        ];
        let got = read(&rows, &AREA_RE);
        let other = |s: &str| s.to_string();
        assert_eq!(
            got[0],
            (6, BoxState::Ticked, other("Annat stöd (VO insatser)"))
        );
        assert_eq!(got[1], (0, BoxState::Empty, other("")));
        assert_eq!(got[2], (6, BoxState::Ticked, other("JOBBTORG STOCKHOLMEN")));
        let got = read(&["Jobbtorg ☒ Äldreomsorg ☐"], &AREA_RE);
        assert_eq!(
            got,
            [
                (6, BoxState::Ticked, other("")),
                (0, BoxState::Empty, other(""))
            ]
        );
    }

    #[test]
    fn area_labels_in_form_text_are_not_boxes() {
        // The hint text of the form names no area with a box.
        let got = read(
            &["hemtjänst, boendestöd, särskilt boende, barn- och ungdomsboende"],
            &AREA_RE,
        );
        assert!(got.is_empty());
    }
}

#[cfg(test)]
mod mark_tests {
    use super::*;
    use crate::extract::LineMark;
    use crate::model::{Document, Format, PageMark, PageSignals};

    /// A page of a scanned report: the area list and the SoL/LSS cell,
    /// with `glyphs` after each label (`""` for none) as the text came.
    fn page(glyphs: [&str; 4]) -> String {
        let [aldre, jobb, sol, lss] = glyphs;
        format!(
            "RAPPORT enligt lex Sarah\nVerksamhetsområde där missförhållandet har uppmärksammats\n\
             Äldreomsorg{aldre}\nJobbtorg{jobb}\nUppgifter om missförhållandet\nLex Sarah-utredning\n\
             SoL{sol} LSS{lss}\n"
        )
    }

    fn mark(kind: MarkKind, label: &str, state: Tick, line: u32) -> PageMark {
        PageMark {
            kind,
            label: label.into(),
            state,
            ink: Some(0.3),
            confidence: 0.9,
            line,
        }
    }

    /// Marks read from the page image decide the areas and the law as
    /// values, with no glyph in the text; a mark's glyph in the text is not
    /// counted again; an undecided mark leaves the label to the text.
    #[test]
    fn marks_decide_before_glyphs() {
        use MarkKind::{Area as A, Law as L};
        use Tick::*;
        let aldre = vocab::AREAS[Area::Aldreomsorg as usize].2;
        let jobb = vocab::AREAS[Area::Jobbtorg as usize].2;
        type Case = (
            &'static str,
            [&'static str; 4],
            Vec<PageMark>,
            &'static [Area],
            Option<Law>,
            usize,
        );
        let cases: Vec<Case> = vec![
            (
                "no glyph: the marks alone",
                ["", "", "", ""],
                vec![
                    mark(A, aldre, Empty, 2),
                    mark(A, jobb, Ticked, 3),
                    mark(L, "SoL", Empty, 6),
                    mark(L, "LSS", Ticked, 6),
                ],
                &[Area::Jobbtorg],
                Some(Law::Lss),
                2,
            ),
            (
                "glyphs and marks agree: each box once",
                [" ☐", " ☒", " ☒", " ☐"],
                vec![
                    mark(A, aldre, Empty, 2),
                    mark(A, jobb, Ticked, 3),
                    mark(L, "SoL", Ticked, 6),
                    mark(L, "LSS", Empty, 6),
                ],
                &[Area::Jobbtorg],
                Some(Law::SoL),
                2,
            ),
            (
                "an undecided mark: the glyph decides",
                [" ☒", " ☐", " ☒", " ☐"],
                vec![mark(A, aldre, Undecided, 2), mark(L, "SoL", Undecided, 6)],
                &[Area::Aldreomsorg],
                Some(Law::SoL),
                2,
            ),
            (
                "no marks: the glyphs",
                [" ☐", " ☒", " ☐", " ☒"],
                vec![],
                &[Area::Jobbtorg],
                Some(Law::Lss),
                2,
            ),
        ];
        for (name, glyphs, marks, areas, law, n_areas) in cases {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::PdfOcr,
                pages: vec![page(glyphs)],
            };
            let lines = crate::clean::clean(&doc);
            let signals = vec![PageSignals {
                marks,
                ..PageSignals::default()
            }];
            let marks: Vec<LineMark> = crate::extract::marks_on_lines(&signals, &lines);
            let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
            let view = CaseView {
                lines: &lines,
                span: &spans[0],
                marks: &marks,
            };
            let b = extract(&view);
            let got: Vec<Area> = b.areas.iter().map(|a| a.value).collect();
            assert_eq!(got, areas, "{name}: areas");
            assert_eq!(b.sol_lss.as_ref().map(|f| f.value), law, "{name}: law");
            assert_eq!(b.area_boxes.len(), n_areas, "{name}: area boxes read");
            assert_eq!(b.sol_lss_boxes.len(), 2, "{name}: law boxes read");
            for a in &b.areas {
                let line = &lines[a.evidence.line as usize - 1];
                assert!(
                    line.text.starts_with(a.value.name()),
                    "{name}: {a:?} on its line"
                );
            }
        }
    }

    /// What the boxes doubt of the areas and the law, as checkbox gives it
    /// with its values: a box with no readable mark in the text (0.9), a
    /// mark the image left undecided (0.4) or decided narrowly (0.75), only
    /// of the list's own marks; no area ticked (a gap, 0.6).
    #[test]
    fn boxes_doubt_their_values() {
        use MarkKind::{Area as A, Law as L};
        use Tick::*;
        let aldre = vocab::AREAS[Area::Aldreomsorg as usize].2;
        let jobb = vocab::AREAS[Area::Jobbtorg as usize].2;
        let weak = |mut m: PageMark| {
            m.confidence = 0.2;
            m
        };
        type Case = (
            &'static str,
            Vec<PageMark>,
            &'static [f64],
            &'static [f64],
            bool,
        );
        let clear = || {
            vec![
                mark(A, aldre, Empty, 2),
                mark(A, jobb, Ticked, 3),
                mark(L, "SoL", Ticked, 6),
                mark(L, "LSS", Empty, 6),
            ]
        };
        let cases: Vec<Case> = vec![
            ("every box clear", clear(), &[], &[], false),
            (
                "a narrow tick",
                vec![
                    mark(A, aldre, Empty, 2),
                    weak(mark(A, jobb, Ticked, 3)),
                    mark(L, "SoL", Ticked, 6),
                    weak(mark(L, "LSS", Empty, 6)),
                ],
                &[0.75],
                &[0.75],
                false,
            ),
            (
                "an undecided box: unreadable in the text too",
                vec![
                    mark(A, aldre, Undecided, 2),
                    mark(A, jobb, Ticked, 3),
                    mark(L, "SoL", Ticked, 6),
                    mark(L, "LSS", Empty, 6),
                ],
                &[0.9, 0.4],
                &[],
                false,
            ),
            (
                "none ticked",
                vec![
                    mark(A, aldre, Empty, 2),
                    mark(A, jobb, Empty, 3),
                    mark(L, "SoL", Ticked, 6),
                    mark(L, "LSS", Empty, 6),
                ],
                &[],
                &[],
                true,
            ),
            (
                "an area mark off the list is not the list's",
                clear()
                    .into_iter()
                    .chain([mark(A, jobb, Undecided, 5)])
                    .collect(),
                &[],
                &[],
                false,
            ),
        ];
        let mut failures = Vec::new();
        for (name, marks, areas, law, gap) in cases {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::PdfOcr,
                pages: vec![page(["", "", "", ""])],
            };
            let lines = crate::clean::clean(&doc);
            let signals = vec![PageSignals {
                marks,
                ..PageSignals::default()
            }];
            let marks = crate::extract::marks_on_lines(&signals, &lines);
            let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
            let view = CaseView {
                lines: &lines,
                span: &spans[0],
                marks: &marks,
            };
            let b = extract(&view);
            let caps = |d: &[Doubt]| d.iter().map(|d| d.cap).collect::<Vec<f64>>();
            let got = (
                caps(&b.area_doubts),
                caps(&b.sol_lss_doubts),
                b.gaps.iter().any(|g| g.key == "areas"),
            );
            if got != (areas.to_vec(), law.to_vec(), gap) {
                failures.push(format!(
                    "{name}: expected {areas:?} {law:?} {gap}, got {got:?}: {:?} {:?}",
                    b.area_doubts, b.sol_lss_doubts
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A law the text places the activity under, no box ticked, is doubted
    /// (0.85); a ticked box is not.
    #[test]
    fn a_law_from_the_text_is_doubted() {
        let cases: &[(&str, Option<Law>, &[f64])] = &[
            (
                "SoL LSS ☒ ☐\nBoendet är en gruppbostad enligt LSS.",
                Some(Law::SoL),
                &[],
            ),
            (
                "Boendet är en gruppbostad enligt LSS.",
                Some(Law::Lss),
                &[0.85],
            ),
            (
                "SoL LSS\nBoendet är en gruppbostad enligt LSS.",
                Some(Law::Lss),
                &[0.85],
            ),
        ];
        for (text, law, caps) in cases {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::Text,
                pages: vec![format!("Lex Sarah-utredning\n{text}\n")],
            };
            let lines = crate::clean::clean(&doc);
            let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
            let view = CaseView {
                lines: &lines,
                span: &spans[0],
                marks: &[],
            };
            let b = extract(&view);
            let got = b.sol_lss.as_ref().map(|f| f.value);
            let got_caps: Vec<f64> = b
                .sol_lss
                .iter()
                .flat_map(|f| f.doubts.iter().map(|d| d.cap))
                .collect();
            assert_eq!((got, &got_caps[..]), (*law, *caps), "{text:?}");
        }
    }
}
