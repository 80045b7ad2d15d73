//! People, units and boards: the reporter (name, title, workplace, phone,
//! e-mail), the investigator, the decision maker, the unit and the board
//! (nämnd), read from the cells of each form.
//!
//! The report's "Rapporten lämnas av" block and the IVO form's "Anmälan görs
//! av" block give the reporter; the investigation's "Utredare (namn,
//! befattning)" the investigator; the decision's signature block the
//! decision maker. Names damaged by OCR are repaired from their other
//! occurrences (the signature, the e-mail address) when the difference is
//! OCR-sized; two different names are never merged (validate flags them).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::form::{self, value_after};
use super::names::{is_name, is_title, name_then_title, names_in, same_words, signature_cells};
use super::{CaseView, Doubt, Found, NameUse};
use crate::model::{Line, SectionKind};

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+46[ -]?|0)[0-9]{1,3}[ -]?[0-9]{2,3}(?:[ ]?[0-9]{2,3}){1,3}")
        .expect("valid regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    // `&` is how OCR often reads `@`.
    Regex::new(r"[\p{L}0-9._%+-]+[@&][\p{L}0-9-]+(?:\.[\p{L}0-9-]+)+").expect("valid regex")
});

fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid regex")
}

static L_NAME: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s*(?:namn|kontaktperson)\b"));
/// The reporter's title: Stockholm's `Titel/funktion` cell, or a
/// `Befattning:`/`Titel:`/`Yrkesroll:` line of other templates.
static L_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)titel\s*/\s*funktion|^\s*(?:befattning|titel|yrkesroll|tjänstetitel)(?-u:\b)")
});
static L_WORKPLACE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s*arbetsplats"));
static L_INVESTIGATOR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)utredare(?:\s*\(namn,?\s*befattning\))?"));
static L_BOARD_INV: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)nämnd\s+som\s+utreder\s+rapporten"));
static L_BOARD_IVO: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\W*nämnd\b"));
static L_RECIPIENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s*mottagare\b"));
static L_UNIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)enhetens\s*/\s*avdelningens\s+namn|^\s*enhet\s*/\s*avdelning"));
static BOARD_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:fylls\s+i\s+av|fullgörs\s+i|lex\s+sarah-ansvarig\s+(?:i/på|i|på|inom))\s+(\p{L}+(?:-\s+och\s+\p{L}+)?nämnden)",
    )
});
static BOARD_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^.*?nämnd(?:en)?\b"));
/// A board's name in a cell: `Arbetsmarknadsnämnden`, `Arbetsmarknads- och
/// socialnämnden`, `Skärholmens stadsdelsnämnd`.
static BOARD_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\p{L}+-\s+och\s+\p{L}*nämnd(?:en)?|\p{Lu}\p{L}+\s+stadsdelsnämnd(?:en)?|\p{L}*[Nn]ämnd(?:en)?)\b",
    )
});
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)underskrift\s+av\s+rapportören"));
static DECISION_SIGN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)delegationsordningen|^\s*namnförtydligande|^\s*underskrift"));

/// A text value as found: none, or the value and its line.
pub type Cell = Option<Found<String>>;

/// The reporter as found, each value with its line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FoundReporter {
    pub name: Cell,
    pub title: Cell,
    pub workplace: Cell,
    pub phone: Cell,
    pub email: Cell,
}

/// An investigator or a decision maker as found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FoundOfficial {
    pub name: Cell,
    pub title: Cell,
}

/// The people, unit and board of a case, and every name as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub reporter: FoundReporter,
    pub investigator: FoundOfficial,
    pub decision_maker: FoundOfficial,
    pub unit: Cell,
    pub board: Cell,
    /// Each name where it was signed or written, for the name checks.
    pub names: Vec<NameUse>,
    /// Names repaired from their other occurrences (as written → repaired).
    /// The reporter's name then holds the repaired one; its evidence stays
    /// what was written.
    pub name_repairs: Vec<(NameUse, String)>,
}

/// Read the people of the printed forms, then those named after a label
/// in any template's words where the forms gave none.
pub fn extract(view: &CaseView) -> People {
    let mut p = People::default();
    forms(view, &mut p);
    labelled_people(view, &mut p);
    p
}

/// People named after a label in any template's words (`Rapportör: Emil
/// Andersson, undersköterska`, `Beslutsfattare: Ulf Sandberg, socialchef`):
/// a name, then a title after a comma; only where the printed forms gave
/// none.
fn labelled_people(view: &CaseView, p: &mut People) {
    use crate::vocab::{PersonRole, person_label};
    for i in view.range() {
        let line = &view.lines[i];
        // A label ends in a colon or its cell (a tab).
        if !(line.text.contains(':') || line.text.contains('\t'))
            || !crate::vocab::may_hold_person_label(&line.text)
        {
            continue;
        }
        // A row may hold two fields (`Datum: 22/6 2020   Beslutsfattare: …`),
        // and a label its value in the next cell (`Rapportör\tSara …`).
        let cells: Vec<&str> = CELL_GAP.split(&line.text).map(str::trim).collect();
        for (k, cell) in cells.iter().enumerate() {
            // The value after the label's colon, or a bare label's next cell.
            let (role, value) = match person_label(cell) {
                Some((role, at)) if !cell[at..].trim().is_empty() => (role, cell[at..].trim()),
                Some((role, _)) => (role, cells.get(k + 1).copied().unwrap_or("")),
                None => continue,
            };
            let mut value = value;
            let mut title_cell: Option<&str> = None;
            // The line the value stands on: the label's, or the row below.
            let mut at = line;
            // A header row over a value row (`Rapportör\tBefattning\t…` over
            // `Johanna Myrberg\tsocialsekreterare\t…`): the cell below.
            if !is_name(value.split(',').next().unwrap_or("").trim())
                && let Some((j, below)) = row_below(view, i, cells.len())
            {
                value = below.get(k).copied().unwrap_or("");
                title_cell = cells
                    .iter()
                    .position(|c| TITLE_HEADER.is_match(c))
                    .and_then(|t| below.get(t).copied());
                at = &view.lines[j];
            }
            let mut parts = value.splitn(2, ',');
            let name = parts.next().unwrap_or("").trim().to_string();
            let title = parts
                .next()
                .map(|t| t.split(',').next().unwrap_or("").trim().to_string())
                .or_else(|| title_cell.map(str::to_string))
                .filter(|t| is_title(t));
            if !is_name(&name) {
                continue;
            }
            let (slot_name, slot_title, field) = match role {
                PersonRole::Reporter => (&mut p.reporter.name, &mut p.reporter.title, "reporter"),
                PersonRole::Investigator => (
                    &mut p.investigator.name,
                    &mut p.investigator.title,
                    "investigator",
                ),
                PersonRole::DecisionMaker => (
                    &mut p.decision_maker.name,
                    &mut p.decision_maker.title,
                    "decision_maker",
                ),
            };
            if slot_name.is_some() {
                continue;
            }
            *slot_name = Some(Found::written(at, name.clone()));
            // A title the forms gave keeps its value and its evidence.
            if let Some(t) = title
                && slot_title.is_none()
            {
                *slot_title = Some(Found::written(at, t));
            }
            p.names.push(NameUse {
                role: field,
                name,
                line: at.no,
            });
        }
    }
}

/// A column header naming a job title.
static TITLE_HEADER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:befattning|titel|titel\s*/\s*funktion|yrke|tjänst)$"));

/// The cells of the next non-empty row under row `i` when it has `n` cells
/// too (a table's value row under its header row).
fn row_below<'a>(view: &'a CaseView, i: usize, n: usize) -> Option<(usize, Vec<&'a str>)> {
    let j = (i + 1..(i + 3).min(view.span.end)).find(|&j| !view.lines[j].text.trim().is_empty())?;
    let cells: Vec<&str> = CELL_GAP.split(&view.lines[j].text).map(str::trim).collect();
    (n >= 2 && cells.len() == n).then_some((j, cells))
}

/// Between two cells of a row: a tab or three spaces.
static CELL_GAP: LazyLock<Regex> = LazyLock::new(|| re(r"\t+|\s{3,}"));

/// People from the cells of the printed forms.
fn forms(view: &CaseView, p: &mut People) {
    for sec in &view.span.sections {
        let r = sec.start..sec.end;
        match sec.kind {
            SectionKind::Report => {
                reporter(
                    view,
                    p,
                    block(view, r.clone(), "rapporten lämnas av", "rapporten avser"),
                );
                unit(view, &mut p.unit, r);
            }
            SectionKind::IvoNotification => ivo(view, p, r),
            SectionKind::Investigation => investigation(view, p, r),
            SectionKind::Decision => decision_maker(view, p, r),
            SectionKind::BoardMemo => memo(view, &mut p.board, r),
        }
    }
    if p.board.is_none() {
        board_from_text(view, p);
    }
    repair_names(p);
}

/// The lines from the one containing `from` up to the one containing `to`.
fn block(view: &CaseView, r: Range<usize>, from: &str, to: &str) -> Range<usize> {
    let lower = |i: usize| view.lines[i].text.to_lowercase();
    let start = r
        .clone()
        .find(|&i| lower(i).contains(from))
        .unwrap_or(r.start);
    let end = (start + 1..r.end)
        .find(|&i| lower(i).contains(to))
        .unwrap_or(r.end.min(start + 15));
    start..end
}

/// Fill an empty cell with a value that is not empty.
fn set(slot: &mut Cell, line: &Line, value: String) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(Found::written(line, value));
    }
}

fn reporter(view: &CaseView, p: &mut People, b: Range<usize>) {
    let lines = view.lines;
    let (name, split_title) = reporter_name(view, b.clone());
    let title = split_title.or_else(|| {
        value_after(lines, b.clone(), &L_TITLE)
            .filter(|c| is_title(&c.value))
            .map(|c| (c.idx, c.value))
    });
    let r = &mut p.reporter;
    if let Some((i, v)) = name {
        set(&mut r.name, &lines[i], v.clone());
        p.names.push(NameUse {
            role: "reporter",
            name: v,
            line: lines[i].no,
        });
    }
    if let Some((i, v)) = title {
        set(&mut r.title, &lines[i], v);
    }
    if let Some(c) = value_after(lines, b.clone(), &L_WORKPLACE) {
        let v = first_column(view, &L_WORKPLACE, &c, &NEXT_ADDRESS, strip_address);
        set(&mut r.workplace, &lines[c.idx], v);
    }
    contact(view, r, b);
    signature(view, &mut p.names);
}

/// A value read on the line of that index, if any.
type AtLine = Option<(usize, String)>;

/// The reporter's name (and a title read with it) from the `Namn` cell: on
/// the label's line, or on the line below, where OCR may have put the title
/// first, or a whole row of values (`Merike Kaugesaar Biträdande enhetschef`).
fn reporter_name(view: &CaseView, b: Range<usize>) -> (AtLine, AtLine) {
    let lines = view.lines;
    let Some((i, at)) = form::find_label(lines, b.clone(), &L_NAME) else {
        return (None, None);
    };
    let same = form::cut_cell(&lines[i].text[at..]);
    let mut cells: Vec<form::Cell> = Vec::new();
    if !same.is_empty() {
        cells.push(form::Cell {
            idx: i,
            value: same,
        });
    }
    let mut from = i;
    for _ in 0..2 {
        let Some(c) = form::value_at(lines, from, lines[from].text.len(), b.end) else {
            break;
        };
        from = c.idx;
        cells.push(c);
    }
    let mut title: AtLine = None;
    for c in &cells {
        let words: Vec<&str> = c.value.split_whitespace().collect();
        if let Some((n, t)) = name_then_title(&words) {
            return (Some((c.idx, n)), Some((c.idx, t)));
        }
        if is_name(&c.value) {
            return (Some((c.idx, c.value.clone())), title);
        }
        if is_title(&c.value) && title.is_none() {
            title = Some((c.idx, c.value.clone()));
        }
    }
    (None, title)
}

/// Phone and e-mail anywhere in the reporter's block.
fn contact(view: &CaseView, r: &mut FoundReporter, b: Range<usize>) {
    for i in b {
        let line = &view.lines[i];
        if r.email.is_none()
            && let Some(m) = EMAIL.find(&line.text)
        {
            let email = m.as_str().replace('&', "@").to_lowercase();
            set(&mut r.email, line, email);
        }
        let lower = line.text.to_lowercase();
        if r.phone.is_none()
            && lower.contains("telefon")
            && let Some(m) = PHONE.find(&line.text)
        {
            set(&mut r.phone, line, m.as_str().trim().to_string());
        } else if r.phone.is_none()
            && let Some(m) = PHONE.find(&line.text).filter(|_| {
                previous_text(view, i).is_some_and(|t| t.to_lowercase().contains("telefon"))
                    || lower.contains('@')
            })
        {
            set(&mut r.phone, line, m.as_str().trim().to_string());
        }
    }
}

/// The nearest non-empty line above line `i`.
fn previous_text<'a>(view: &'a CaseView, i: usize) -> Option<&'a str> {
    (i.saturating_sub(3)..i)
        .rev()
        .map(|j| view.lines[j].text.as_str())
        .find(|t| !t.trim().is_empty())
}

/// The name the reporter signed with, for name checks.
fn signature(view: &CaseView, names: &mut Vec<NameUse>) {
    let Some(r) = view.section_ranges(SectionKind::Report).next() else {
        return;
    };
    let Some(i) = r.clone().find(|&i| SIGNATURE.is_match(&view.lines[i].text)) else {
        return;
    };
    for j in i + 1..(i + 6).min(r.end) {
        let signed = names_in(&view.lines[j].text);
        if signed.is_empty() {
            continue;
        }
        for name in signed {
            names.push(NameUse {
                role: "reporter_signature",
                name,
                line: view.lines[j].no,
            });
        }
        return;
    }
}

fn ivo(view: &CaseView, p: &mut People, r: Range<usize>) {
    let b = block(view, r.clone(), "anmälan görs av", "var och när");
    reporter(view, p, b.clone());
    if let Some(c) = value_after(view.lines, b, &L_BOARD_IVO) {
        let v = BOARD_WORD
            .find(&c.value)
            .map_or(c.value.clone(), |m| m.as_str().to_string());
        set(&mut p.board, &view.lines[c.idx], capitalise(v.trim()));
    }
    unit(view, &mut p.unit, r);
}

fn unit(view: &CaseView, slot: &mut Cell, r: Range<usize>) {
    if let Some(c) = value_after(view.lines, r, &L_UNIT) {
        let v = first_column(view, &L_UNIT, &c, &NEXT_TYPE, strip_last_capitalised);
        set(slot, &view.lines[c.idx], v);
    }
}

/// The second label of a two-column row: the workplace's neighbour cell
/// (`Utdelningsadress`) and the unit's (`Typ av verksamhet`).
static NEXT_ADDRESS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)utdelningsadress"));
static NEXT_TYPE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)typ\s+av\s+verksamhet"));
static TRAILING_ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s+\p{Lu}\p{Ll}+\s+[0-9]{1,4}\s?[A-Za-z]?$"));

/// A value read from the row below a row of labels (OCR) holds every
/// column of that row: keep the first column when the label's row also
/// names `next`, cutting the rest with `cut`.
fn first_column(
    view: &CaseView,
    label: &Regex,
    c: &form::Cell,
    next: &Regex,
    cut: fn(&str) -> String,
) -> String {
    let label_line = (c.idx.saturating_sub(3)..c.idx)
        .rev()
        .find(|&j| label.is_match(&view.lines[j].text));
    match label_line {
        Some(j) if next.is_match(&view.lines[j].text) => cut(&c.value),
        _ => c.value.clone(),
    }
}

/// `Skärholmens SDF Bodholmsplan 2` → `Skärholmens SDF`.
fn strip_address(v: &str) -> String {
    TRAILING_ADDRESS.replace(v, "").trim().to_string()
}

/// `Skärholmens stadsdelsförvaltning Stadsdelsförvaltning` → the unit: the
/// run from the last capitalised word on is the next column.
fn strip_last_capitalised(v: &str) -> String {
    let words: Vec<&str> = v.split_whitespace().collect();
    match words
        .iter()
        .rposition(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        Some(k) if k > 0 => words[..k].join(" "),
        _ => v.to_string(),
    }
}

fn investigation(view: &CaseView, p: &mut People, r: Range<usize>) {
    let lines = view.lines;
    if let Some(c) = value_after(lines, r.clone(), &L_INVESTIGATOR) {
        // A row of values (OCR) carries the board after the investigator.
        let value = BOARD_PHRASE
            .find(&c.value)
            .map_or(c.value.as_str(), |m| c.value[..m.start()].trim());
        let (name, title) = match value.split_once(',') {
            Some((n, t)) => (n.trim().to_string(), Some(t.trim().to_string())),
            None => (value.trim().to_string(), None),
        };
        let inv = &mut p.investigator;
        if is_name(&name) {
            p.names.push(NameUse {
                role: "investigator",
                name: name.clone(),
                line: lines[c.idx].no,
            });
            set(&mut inv.name, &lines[c.idx], name);
        }
        if let Some(t) = title.filter(|t| !t.is_empty()) {
            set(&mut inv.title, &lines[c.idx], t);
        }
    }
    if let Some(c) = value_after(lines, r, &L_BOARD_INV) {
        let v = BOARD_PHRASE
            .find(&c.value)
            .map_or(c.value.as_str(), |m| m.as_str());
        set(&mut p.board, &lines[c.idx], capitalise(v));
    }
}

/// The decision's signature block: the first name and title after the
/// signature label, from cells or lines in any order.
fn decision_maker(view: &CaseView, p: &mut People, r: Range<usize>) {
    let lines = view.lines;
    let Some(i) = r.clone().find(|&i| DECISION_SIGN.is_match(&lines[i].text)) else {
        return;
    };
    let dm = &mut p.decision_maker;
    for line in &lines[i..r.end.min(i + 16)] {
        for cell in signature_cells(&line.text) {
            let words: Vec<&str> = cell.split_whitespace().collect();
            if words.is_empty() || cell.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            // "Karina Uddén Arbetsmarknadsdirektör": name then title in one cell.
            let (name, title) = match name_then_title(&words) {
                Some((n, t)) => (Some(n), Some(t)),
                None if is_name(&cell) => (Some(cell.clone()), None),
                None => (None, None),
            };
            if let Some(n) = name {
                if dm.name.is_none() {
                    p.names.push(NameUse {
                        role: "decision_maker",
                        name: n.clone(),
                        line: line.no,
                    });
                }
                set(&mut dm.name, line, n);
                if let Some(t) = title {
                    set(&mut dm.title, line, t);
                }
            } else if is_title(&cell) && dm.name.is_some() {
                set(&mut dm.title, line, cell);
            }
        }
    }
}

fn memo(view: &CaseView, board: &mut Cell, r: Range<usize>) {
    if let Some(c) = value_after(view.lines, r, &L_RECIPIENT) {
        set(board, &view.lines[c.idx], capitalise(&c.value));
    }
}

/// With no board in a cell: the board a sentence names, else (still none)
/// the report's unit, if not read yet.
fn board_from_text(view: &CaseView, p: &mut People) {
    for i in view.range() {
        if let Some(c) = BOARD_IN_TEXT.captures(&view.lines[i].text) {
            let v = capitalise(&c[1]);
            p.board = Some(Found::written(&view.lines[i], v));
            return;
        }
    }
    if let Some(r) = view.section_ranges(SectionKind::Report).next() {
        unit(view, &mut p.unit, r);
    }
    if p.board.is_none() {
        p.board = letterhead_board(view);
    }
}

/// How many non-empty lines at the head of a case form its letterhead.
const LETTERHEAD_LINES: usize = 6;

/// The organisation a case's letterhead names when no cell or sentence
/// names its board: a board line (`Socialnämnden`, `Kommunstyrelsen`,
/// `SOCIALNÄMNDEN`) ahead of the municipality (`Heby kommun`, `LJUSDALS
/// KOMMUN`, `Göteborgs Stad`) or a private provider (`Attendo Sverige AB`).
/// Each line's first cell only (a letterhead shares its row with the
/// document's stamp), markup stripped; a capitals-only name is written as a
/// name. An administration (`Socialförvaltningen`) is not a board.
///
/// The case's own head first; a later case of a file (a second case after
/// the first one's decision) is under the file's letterhead.
fn letterhead_board(view: &CaseView) -> Cell {
    let from_head = |start: usize| {
        let head: Vec<(usize, &str)> = (start..view.lines.len())
            .map(|i| (i, first_cell(&view.lines[i].text)))
            .filter(|(_, t)| !t.is_empty())
            .take(LETTERHEAD_LINES)
            .collect();
        let pick = |re: &Regex| {
            head.iter()
                .find(|(_, t)| re.is_match(t))
                .map(|&(i, t)| Found::written(&view.lines[i], as_name(t)))
        };
        pick(&LETTERHEAD_BOARD).or_else(|| pick(&LETTERHEAD_ORG))
    };
    let start = view.range().start;
    from_head(start).or_else(|| (start > 0).then(|| from_head(0)).flatten())
}

/// A letterhead line that is a board's name and nothing else.
static LETTERHEAD_BOARD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\p{L}+-\s+och\s+)?\p{L}*nämnd(?:en)?$|^\p{L}+s\s+stadsdelsnämnd(?:en)?$|^kommunstyrelsen$|^nämnden\s+för\s+[\p{L}\s]+$",
    )
});
/// A letterhead line naming a municipality, a region or a company.
static LETTERHEAD_ORG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\p{L}[\p{L}-]*(?:\s+\p{L}[\p{L}-]*)?\s+(?:kommun|stad|region)$|^\p{Lu}[\p{L}&-]*(?:\s+\p{L}[\p{L}&-]*){0,3}\s+AB$",
    )
});

/// A line's first cell: up to a tab or a run of three spaces, without
/// markdown emphasis or table bars.
fn first_cell(line: &str) -> &str {
    let t = line.trim();
    let end = CELL_GAP.find(t).map_or(t.len(), |m| m.start());
    t[..end].trim_matches(|c: char| c == '*' || c == '#' || c == '|' || c.is_whitespace())
}

/// A name as a name: `LJUSDALS KOMMUN` → `Ljusdals kommun`, `SOCIALNÄMNDEN`
/// → `Socialnämnden`; a name in mixed case as written.
fn as_name(t: &str) -> String {
    if t.chars().any(char::is_lowercase) {
        return t.to_string();
    }
    capitalise(&t.to_lowercase())
}

fn capitalise(s: &str) -> String {
    let mut c = s.trim().chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Repair an OCR-damaged reporter name from its other occurrences: the
/// signed name or the e-mail's local part, when they are OCR-sized apart.
fn repair_names(p: &mut People) {
    let Some(name) = p.reporter.name.as_ref().map(|n| n.value.clone()) else {
        return;
    };
    let email_name = p
        .reporter
        .email
        .as_ref()
        .and_then(|e| e.value.split('@').next())
        .map(|local| local.replace(['.', '_'], " "));
    let others: Vec<String> = p
        .names
        .iter()
        .filter(|n| n.role == "reporter_signature")
        .map(|n| n.name.clone())
        .collect();
    let lower = name.to_lowercase();
    for other in &others {
        let o = other.to_lowercase();
        if o == lower {
            return;
        }
        let sim = strsim::normalized_levenshtein(&lower, &o);
        let confirmed = email_name.as_deref().is_some_and(|e| same_words(e, &o));
        if sim >= 0.75 && confirmed {
            if let Some(use_) = p.names.iter().find(|n| n.role == "reporter").cloned() {
                p.name_repairs.push((use_, other.clone()));
            }
            if let Some(n) = &mut p.reporter.name {
                n.value = other.clone();
                n.doubts
                    .push(Doubt::new(0.8, "namnet rättat efter dess andra stavningar"));
            }
            return;
        }
    }
}

#[cfg(test)]
mod letterhead_tests {
    use super::*;
    use crate::model::{CaseSpan, Line};

    fn lines(text: &str) -> Vec<Line> {
        Line::numbered(&text.lines().collect::<Vec<_>>())
    }

    /// (file text, first line of the case, the board its letterhead gives).
    #[test]
    fn the_letterhead_names_the_board_or_the_organisation() {
        let cases: &[(&str, usize, Option<&str>)] = &[
            (
                "Heby kommun\nSocialnämnden\nDelegationsbeslut\n",
                0,
                Some("Socialnämnden"),
            ),
            (
                "LJUSDALS KOMMUN\nSOCIALNÄMNDEN\nUTREDNING\n",
                0,
                Some("Socialnämnden"),
            ),
            (
                "Västerås stad\nVård- och omsorgsnämnden\nLex Sarah-rapport\n",
                0,
                Some("Vård- och omsorgsnämnden"),
            ),
            (
                "ÅSELE KOMMUN        BESLUT\nKommunstyrelsen     Datum\n",
                0,
                Some("Kommunstyrelsen"),
            ),
            // An administration is not a board: the municipality, then.
            (
                "SANDVIKENS KOMMUN      Dnr VN 2021/00034-3\nVård- och omsorgsförvaltningen\n",
                0,
                Some("Sandvikens kommun"),
            ),
            (
                "Göteborgs Stad\nFörvaltningen för funktionsstöd\n",
                0,
                Some("Göteborgs Stad"),
            ),
            (
                "**Nordvik Assistans AB**\nLedningssystem för kvalitet\n",
                0,
                Some("Nordvik Assistans AB"),
            ),
            (
                "Attendo Sverige AB\nAttendo Hemtjänst Solna\nLEX SARAH-RAPPORT\n",
                0,
                Some("Attendo Sverige AB"),
            ),
            // A second case of a file is under the file's letterhead.
            (
                "Heby kommun\nSocialnämnden\nÄrende 1\n\n\n\n\n\nÄrende 2\nRapport\n",
                8,
                Some("Socialnämnden"),
            ),
            // Running text, a sentence naming a municipality, and a board
            // named only further down are not letterheads.
            (
                "Rapport enligt lex Sarah\nHändelsen inträffade i Heby kommun\n",
                0,
                None,
            ),
            ("a\nb\nc\nd\ne\nf\nSocialnämnden\n", 0, None),
            ("Lex Sarah-rapport\nSocialförvaltningen\n", 0, None),
        ];
        for (text, start, want) in cases {
            let ls = lines(text);
            let span = CaseSpan {
                start: *start,
                end: ls.len(),
                sections: Vec::new(),
            };
            let view = CaseView {
                lines: &ls,
                span: &span,
                marks: &[],
            };
            let got = letterhead_board(&view).map(|f| f.value);
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// People after a template's labels: each value's evidence is the line
    /// it stands on (the label's, or the value row under a header row); a
    /// title the forms gave keeps its value and its evidence; a name the
    /// forms gave is not read again. (lines, the form's title as (line,
    /// value), then name and title with their evidence lines.)
    #[test]
    fn labelled_people_evidence_is_where_the_value_stands() {
        type Want = (Option<(&'static str, u32)>, Option<(&'static str, u32)>);
        type Case = (
            &'static [&'static str],
            Option<(usize, &'static str)>,
            Option<&'static str>,
            Want,
        );
        let cases: &[Case] = &[
            (
                &["Rapportör: Emil Andersson, undersköterska"],
                None,
                None,
                (Some(("Emil Andersson", 1)), Some(("undersköterska", 1))),
            ),
            (
                // The form gave the title on line 1: a later line does not
                // take its evidence.
                &[
                    "Titel/funktion: sjuksköterska",
                    "Text om händelsen.",
                    "Rapportör: Emil Andersson, undersköterska",
                ],
                Some((0, "sjuksköterska")),
                None,
                (Some(("Emil Andersson", 3)), Some(("sjuksköterska", 1))),
            ),
            (
                &[
                    "Rapportör\tBefattning\tEnhet",
                    "",
                    "Johanna Myrberg\tsocialsekreterare\tBarn och unga",
                ],
                None,
                None,
                (Some(("Johanna Myrberg", 3)), Some(("socialsekreterare", 3))),
            ),
            (
                &["Beslutsfattare: Ulf Sandberg, socialchef"],
                None,
                None,
                (None, None),
            ),
            (
                // The forms gave the name: nothing is read again.
                &["Rapportör: Emil Andersson, undersköterska"],
                None,
                Some("Eva Ek"),
                (Some(("Eva Ek", 1)), None),
            ),
        ];
        for (texts, form_title, form_name, (name, title)) in cases {
            let lines = Line::numbered(texts);
            let span = crate::model::CaseSpan {
                start: 0,
                end: lines.len(),
                sections: Vec::new(),
            };
            let view = CaseView {
                lines: &lines,
                span: &span,
                marks: &[],
            };
            let mut p = People::default();
            p.reporter.title = form_title.map(|(i, t)| Found::written(&lines[i], t.into()));
            p.reporter.name = form_name.map(|n| Found::written(&lines[0], n.into()));
            labelled_people(&view, &mut p);
            let got = |c: &Cell| {
                c.as_ref()
                    .map(|f| (f.value.clone(), f.evidence.line, f.evidence.raw.clone()))
            };
            let want = |w: &Option<(&str, u32)>| w.map(|(v, l)| (v.to_string(), l, v.to_string()));
            assert_eq!(
                (got(&p.reporter.name), got(&p.reporter.title)),
                (want(name), want(title)),
                "{texts:?}"
            );
            if let Some((n, l)) = name.filter(|_| form_name.is_none()) {
                assert!(
                    p.names.iter().any(|u| u.name == n && u.line == l),
                    "{texts:?}: {:?}",
                    p.names
                );
            }
        }
    }

    /// A reporter's name repaired from its signature (confirmed by the
    /// e-mail) carries the doubt; one left as written does not, and the
    /// title never does.
    #[test]
    fn a_repaired_name_is_doubted_and_its_title_is_not() {
        let lines = Line::numbered(&["Namn Anna Bcrg", "Titel/Funktion undersköterska"]);
        // (as written, signed, e-mail) → name after repair, repaired.
        let cases: &[(&str, &str, &str, &str, bool)] = &[
            (
                "Anna Bcrg",
                "Anna Berg",
                "anna.berg@x.se",
                "Anna Berg",
                true,
            ),
            (
                "Anna Berg",
                "Anna Berg",
                "anna.berg@x.se",
                "Anna Berg",
                false,
            ),
            (
                "Anna Bcrg",
                "Anna Berg",
                "lena.holm@x.se",
                "Anna Bcrg",
                false,
            ),
            ("Anna Bcrg", "Karl Ek", "karl.ek@x.se", "Anna Bcrg", false),
        ];
        for &(written, signed, email, want, repaired) in cases {
            let use_ = |role, name: &str| NameUse {
                role,
                name: name.into(),
                line: 1,
            };
            let mut p = People {
                reporter: FoundReporter {
                    name: Some(Found::written(&lines[0], written.into())),
                    title: Some(Found::written(&lines[1], "undersköterska".into())),
                    email: Some(Found::written(&lines[0], email.into())),
                    ..FoundReporter::default()
                },
                names: vec![
                    use_("reporter", written),
                    use_("reporter_signature", signed),
                ],
                ..People::default()
            };
            repair_names(&mut p);
            let name = p.reporter.name.as_ref().expect("a name");
            let caps: Vec<f64> = name.doubts.iter().map(|d| d.cap).collect();
            let title = p.reporter.title.as_ref().expect("a title");
            assert_eq!(
                (
                    name.value.as_str(),
                    &caps[..],
                    title.doubts.is_empty(),
                    p.name_repairs.len()
                ),
                (
                    want,
                    if repaired { &[0.8][..] } else { &[][..] },
                    true,
                    usize::from(repaired)
                ),
                "{written} / {signed} / {email}"
            );
        }
    }
}
