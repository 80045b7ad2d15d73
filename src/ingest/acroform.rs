//! Fillable PDF forms: a parsed document's `/AcroForm` → the values typed
//! and ticked into its fields, with their names, and the lines that put
//! them ahead of page 1's text.
//!
//! The values of a fillable form live in its field dictionaries, not in the
//! page's content stream, so the text layer shows the printed labels and
//! empty cells. Fields are read from the document catalog's `/AcroForm
//! /Fields` tree, depth first in document order: a field with `/Kids` that
//! carry a `/T` is a parent (names joined by `.`: `Rapport.Namn`); kids
//! without a `/T` are its widgets (the boxes on the page). `/FT`, `/Ff` and
//! `/V` are inherited from the parents. Read:
//! - text fields (`/Tx`) and choice fields (`/Ch`, export values shown by
//!   their `/Opt` display names): the value `/V`, a text string (UTF-16BE,
//!   UTF-8 or PDFDocEncoding: `pdf_string`) or a text stream;
//! - checkboxes and radio buttons (`/Btn`, pushbuttons left out): per
//!   widget, whether the field's value `/V` is the widget's "on" state (the
//!   name of its `/AP /N` appearance that is not `/Off`), else its
//!   appearance state `/AS` (a filler may set `/V` and leave the
//!   appearance; a box with neither is off, as viewers show it); an option
//!   is named by the field's `/Opt` entry for that widget, else by its "on"
//!   name. Signature fields hold no value and are passed over.
//!
//! `lines` renders them in forms extraction already reads: `Name: value`
//! for a text field; for a box, the rendering a ticked or empty box has in
//! a text dump after its label, one box a line: `Jobbtorg ☒` (a checkbox
//! without a parent), `Lag: SoL ☒` (a box of a parent field, or an option
//! of a radio group, after its field's name). One box a line, label first,
//! so a box can only bind to the label before it. A field whose state
//! cannot be told (several widgets, no appearance states) shows its option
//! without a box: undecided, never guessed.
//!
//! Nothing here panics on a malformed form: a field that is not a
//! dictionary, a `/Kids` cycle, a value of the wrong type, a tree deeper
//! than `MAX_DEPTH` or wider than `MAX_FIELDS` is skipped with a note.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::{Deserialize, Serialize};

use super::pdf_string::{decode_text, name_text};

/// A ticked and an empty box, as text dumps' checkbox tags are cleaned
/// into (`clean::BOX_TICKED`, `clean::BOX_EMPTY`; ingest runs before clean
/// and does not import it).
const BOX_TICKED: char = '☒';
const BOX_EMPTY: char = '☐';

/// Field trees deeper than this are not followed.
pub const MAX_DEPTH: usize = 32;
/// At most this many fields are read from one form.
pub const MAX_FIELDS: usize = 5_000;
/// At most this many skipped fields are named in the notes.
const MAX_SKIP_NOTES: usize = 5;

/// `/Ff` bit 16 (from 1): a radio button group.
const FF_RADIO: i64 = 1 << 15;
/// `/Ff` bit 17: a pushbutton (no value).
const FF_PUSHBUTTON: i64 = 1 << 16;

/// What a form's fields hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// The fields with a value, in document order.
    pub fields: Vec<Field>,
    /// Fields read: those in `fields` and the text fields left empty.
    pub read: usize,
    /// Why a field or the form was skipped: the first `MAX_SKIP_NOTES`.
    pub skipped: Vec<String>,
    /// How many were skipped in all.
    pub skipped_total: usize,
    /// More than `MAX_FIELDS` fields: the rest were not read.
    pub truncated: bool,
}

/// One field's value under its fully qualified name; a lone checkbox
/// under its parent's (empty at the top), its own name the option's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    /// A text field's text, or a choice field's chosen options.
    Text(String),
    /// A checkbox or radio group: one entry per widget. A lone checkbox
    /// has one, labelled by the field's own name.
    Boxes(Vec<BoxValue>),
}

/// One box: the option it stands for and whether it is ticked (`None`:
/// the form does not say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxValue {
    pub option: String,
    pub ticked: Option<bool>,
}

/// The form of `doc`, or an empty `Form` when it has no `/AcroForm`.
pub fn read_form(doc: &Document) -> Form {
    let mut walk = Walk {
        doc,
        seen: BTreeSet::new(),
        form: Form::default(),
    };
    let Some(acro) = doc.catalog().ok().and_then(|c| c.get(b"AcroForm").ok()) else {
        return walk.form;
    };
    let fields = match top_fields(doc, acro) {
        Ok(fields) => fields,
        Err(why) => {
            walk.skip("the form", &format!("not read: {why}"));
            return walk.form;
        }
    };
    let top = Inherited::default();
    for (i, f) in fields.iter().enumerate() {
        walk.field(f, &top, None, 0, &format!("entry {} of /Fields", i + 1));
    }
    walk.form
}

/// `/AcroForm /Fields`, the top-level fields, or why they cannot be had.
fn top_fields<'a>(doc: &'a Document, acro: &'a Object) -> Result<&'a [Object], String> {
    let acro = match doc.dereference(acro) {
        Ok((_, Object::Dictionary(d))) => d,
        Ok((_, other)) => return Err(format!("/AcroForm is {}, not a dictionary", kind(other))),
        Err(e) => return Err(format!("/AcroForm cannot be resolved ({e})")),
    };
    let fields = acro
        .get(b"Fields")
        .map_err(|_| "it has no /Fields".to_string())?;
    match doc.dereference(fields) {
        Ok((_, Object::Array(a))) => Ok(a),
        Ok((_, other)) => Err(format!("/Fields is {}, not an array", kind(other))),
        Err(e) => Err(format!("/Fields cannot be resolved ({e})")),
    }
}

/// What a field passes down to its kids (`/FT`, `/Ff`, `/V`).
#[derive(Debug, Clone, Default)]
struct Inherited<'a> {
    ft: Option<&'a [u8]>,
    ff: i64,
    v: Option<&'a Object>,
}

/// One field dictionary met in the walk, with what it is known by.
struct Node<'a> {
    dict: &'a Dictionary,
    /// Its own name (`/T`), and its fully qualified one (empty: none yet).
    partial: Option<String>,
    name: String,
    /// The parent's fully qualified name.
    parent: Option<String>,
    /// How notes name it.
    shown: String,
    inh: Inherited<'a>,
}

struct Walk<'a> {
    doc: &'a Document,
    seen: BTreeSet<ObjectId>,
    form: Form,
}

impl<'a> Walk<'a> {
    fn skip(&mut self, what: &str, why: &str) {
        self.form.skipped_total += 1;
        if self.form.skipped.len() < MAX_SKIP_NOTES {
            self.form.skipped.push(format!("{what}: {why}"));
        }
    }

    /// Read the field at `obj` (named `at` in notes until its name is
    /// known) and its kids. `parent` is the parent's fully qualified name.
    fn field(
        &mut self,
        obj: &'a Object,
        inh: &Inherited<'a>,
        parent: Option<&str>,
        depth: usize,
        at: &str,
    ) {
        if self.form.read >= MAX_FIELDS {
            self.form.truncated = true;
            return;
        }
        if depth > MAX_DEPTH {
            return self.skip(at, &format!("nested deeper than {MAX_DEPTH} levels"));
        }
        let Some(node) = self.node(obj, inh, parent, at) else {
            return;
        };
        let (fields, widgets) = self.kids(node.dict, &node.shown);
        let named = Some(node.name.as_str()).filter(|n| !n.is_empty());
        for (i, kid) in fields.iter().enumerate() {
            let at = format!("kid {} of {}", i + 1, node.shown);
            self.field(kid, &node.inh, named, depth + 1, &at);
        }
        if !fields.is_empty() && widgets.is_empty() {
            return;
        }
        if node.name.is_empty() {
            return self.skip(at, "the field has no name (/T)");
        }
        let widgets = if widgets.is_empty() {
            vec![node.dict]
        } else {
            widgets
        };
        self.terminal(&node, &widgets);
    }

    /// The field dictionary at `obj` with its names and what it inherits;
    /// `None` (with a note) when it is not one.
    fn node(
        &mut self,
        obj: &'a Object,
        inh: &Inherited<'a>,
        parent: Option<&str>,
        at: &str,
    ) -> Option<Node<'a>> {
        let dict = self.dict(obj, at)?;
        let partial = match dict.get(b"T") {
            Ok(t) => match text_of(self.doc, t) {
                Some(t) => Some(t),
                None => {
                    self.skip(at, "its name (/T) is not a text string");
                    return None;
                }
            },
            Err(_) => None,
        };
        let name = match (parent, &partial) {
            (Some(p), Some(t)) => format!("{p}.{t}"),
            (None, Some(t)) => t.clone(),
            (Some(p), None) => p.to_string(),
            (None, None) => String::new(),
        };
        let shown = if name.is_empty() {
            at.to_string()
        } else {
            format!("field '{name}'")
        };
        let inh = Inherited {
            ft: dict.get(b"FT").and_then(Object::as_name).ok().or(inh.ft),
            ff: dict.get(b"Ff").and_then(Object::as_i64).unwrap_or(inh.ff),
            v: dict.get(b"V").ok().or(inh.v),
        };
        Some(Node {
            dict,
            partial,
            name,
            parent: parent.map(str::to_string),
            shown,
            inh,
        })
    }

    /// A terminal field's value, by its type.
    fn terminal(&mut self, node: &Node<'a>, widgets: &[&Dictionary]) {
        match node.inh.ft {
            Some(b"Tx") | Some(b"Ch") => self.text_field(node),
            Some(b"Btn") if node.inh.ff & FF_PUSHBUTTON != 0 => {}
            Some(b"Btn") => self.button_field(node, widgets),
            // A signature field holds no form value.
            Some(b"Sig") => {}
            Some(other) => self.skip(
                &node.shown,
                &format!("unknown field type /{}", String::from_utf8_lossy(other)),
            ),
            None => self.skip(&node.shown, "it has no field type (/FT)"),
        }
    }

    /// A text or choice field: kept when it holds text, counted either way.
    fn text_field(&mut self, node: &Node<'a>) {
        let value = match node.inh.v {
            None => Ok(String::new()),
            Some(v) => self.text_value(v, node.dict),
        };
        match value {
            Ok(text) => {
                self.form.read += 1;
                if !text.trim().is_empty() {
                    self.form.fields.push(Field {
                        name: node.name.clone(),
                        value: Value::Text(text),
                    });
                }
            }
            Err(why) => self.skip(&node.shown, &why),
        }
    }

    /// A checkbox or radio group: its boxes. A lone checkbox is labelled by
    /// its own name, after its parent's.
    fn button_field(&mut self, node: &Node<'a>, widgets: &[&Dictionary]) {
        let boxes = self.boxes(node.dict, &node.inh, widgets);
        self.form.read += 1;
        let field = match (&boxes[..], &node.partial) {
            ([one], Some(own)) if node.inh.ff & FF_RADIO == 0 => Field {
                name: node.parent.clone().unwrap_or_default(),
                value: Value::Boxes(vec![BoxValue {
                    option: own.clone(),
                    ticked: one.ticked,
                }]),
            },
            _ => Field {
                name: node.name.clone(),
                value: Value::Boxes(boxes),
            },
        };
        self.form.fields.push(field);
    }

    /// `obj` resolved to a dictionary, not seen before; else a note.
    fn dict(&mut self, obj: &'a Object, at: &str) -> Option<&'a Dictionary> {
        match self.doc.dereference(obj) {
            Ok((id, Object::Dictionary(d))) => {
                if let Some(id) = id
                    && !self.seen.insert(id)
                {
                    self.skip(at, "met again (a cycle in /Kids); not followed");
                    return None;
                }
                Some(d)
            }
            Ok((_, other)) => {
                self.skip(at, &format!("{}, not a dictionary", kind(other)));
                None
            }
            Err(e) => {
                self.skip(at, &format!("cannot be resolved ({e})"));
                None
            }
        }
    }

    /// A field's `/Kids`: child fields (with a `/T`) and widgets (without).
    fn kids(
        &mut self,
        dict: &'a Dictionary,
        shown: &str,
    ) -> (Vec<&'a Object>, Vec<&'a Dictionary>) {
        let (mut fields, mut widgets) = (Vec::new(), Vec::new());
        let Ok(kids) = dict.get(b"Kids") else {
            return (fields, widgets);
        };
        let kids = match self.doc.dereference(kids) {
            Ok((_, Object::Array(a))) => a,
            Ok((_, other)) => {
                self.skip(shown, &format!("/Kids is {}, not an array", kind(other)));
                return (fields, widgets);
            }
            Err(e) => {
                self.skip(shown, &format!("/Kids cannot be resolved ({e})"));
                return (fields, widgets);
            }
        };
        for (i, kid) in kids.iter().enumerate() {
            let Ok((_, resolved)) = self.doc.dereference(kid) else {
                self.skip(&format!("kid {} of {shown}", i + 1), "cannot be resolved");
                continue;
            };
            match resolved {
                Object::Dictionary(d) if d.has(b"T") => fields.push(kid),
                Object::Dictionary(_) => {
                    if let Some(d) = self.dict(kid, &format!("widget {} of {shown}", i + 1)) {
                        widgets.push(d);
                    }
                }
                other => self.skip(
                    &format!("kid {} of {shown}", i + 1),
                    &format!("{}, not a dictionary", kind(other)),
                ),
            }
        }
        (fields, widgets)
    }

    /// A text or choice field's value: a text string, a name, a text
    /// stream, or (a multiple choice) an array of them; export values of a
    /// choice shown by their `/Opt` display names.
    fn text_value(&self, v: &Object, dict: &Dictionary) -> Result<String, String> {
        let v = self.resolve(v);
        let one = |o: &Object| -> Result<String, String> {
            let o = self.resolve(o);
            match o {
                Object::String(..) | Object::Name(_) => {
                    let t = text_of(self.doc, o).unwrap_or_default();
                    Ok(display_name(self.doc, dict, &t).unwrap_or(t))
                }
                Object::Stream(s) => {
                    let bytes = s
                        .decompressed_content()
                        .unwrap_or_else(|_| s.content.clone());
                    Ok(decode_text(&bytes))
                }
                Object::Null => Ok(String::new()),
                other => Err(format!("its value (/V) is {}, not text", kind(other))),
            }
        };
        match v {
            Object::Array(items) => {
                let parts: Result<Vec<String>, String> = items.iter().map(one).collect();
                Ok(parts?.join(", "))
            }
            other => one(other),
        }
    }

    /// One box per widget: its option's name and whether it is ticked.
    fn boxes(
        &self,
        dict: &Dictionary,
        inh: &Inherited<'a>,
        widgets: &[&Dictionary],
    ) -> Vec<BoxValue> {
        let v = inh
            .v
            .map(|v| self.resolve(v))
            .and_then(|v| v.as_name().ok());
        let opt = dict
            .get(b"Opt")
            .ok()
            .map(|o| self.resolve(o))
            .and_then(|o| o.as_array().ok());
        widgets
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let on = self.on_state(w);
                let state = w
                    .get(b"AS")
                    .ok()
                    .map(|s| self.resolve(s))
                    .and_then(|s| s.as_name().ok());
                // The field's value first (a filler may set /V and leave
                // the appearance), then the widget's appearance state; a
                // field without either is off, as viewers show it.
                let ticked = match (v, &on, state) {
                    (Some(v), Some(on), _) => Some(v == on.as_slice()),
                    (Some(v), None, _) if widgets.len() == 1 => Some(v != b"Off"),
                    (_, _, Some(s)) => Some(s != b"Off"),
                    (None, _, None) => Some(false),
                    (Some(_), None, None) => None,
                };
                let option = opt
                    .and_then(|o| o.get(i))
                    .and_then(|o| text_of(self.doc, self.resolve(o)))
                    .or_else(|| on.as_deref().map(name_text))
                    .unwrap_or_default();
                BoxValue { option, ticked }
            })
            .collect()
    }

    /// The widget's "on" appearance state: the key of its `/AP /N` (or
    /// `/D`) that is not `/Off`.
    fn on_state(&self, widget: &Dictionary) -> Option<Vec<u8>> {
        let ap = self.resolve(widget.get(b"AP").ok()?).as_dict().ok()?;
        [b"N".as_slice(), b"D"].iter().find_map(|k| {
            let states = self.resolve(ap.get(k).ok()?).as_dict().ok()?;
            states
                .iter()
                .map(|(k, _)| k)
                .find(|k| k.as_slice() != b"Off")
                .cloned()
        })
    }

    fn resolve(&self, o: &'a Object) -> &'a Object {
        self.doc.dereference(o).map_or(o, |(_, o)| o)
    }
}

/// A choice field's display name for the export value `value` (`/Opt`
/// pairs `[export display]`).
fn display_name(doc: &Document, dict: &Dictionary, value: &str) -> Option<String> {
    let opt = doc
        .dereference(dict.get(b"Opt").ok()?)
        .ok()?
        .1
        .as_array()
        .ok()?;
    opt.iter().find_map(|pair| {
        let pair = doc.dereference(pair).ok()?.1.as_array().ok()?;
        let [export, display] = pair.as_slice() else {
            return None;
        };
        (text_of(doc, export)? == value).then(|| text_of(doc, display))?
    })
}

/// A text string or a name as text.
fn text_of(doc: &Document, o: &Object) -> Option<String> {
    match doc.dereference(o).ok()?.1 {
        Object::String(bytes, _) => Some(decode_text(bytes)),
        Object::Name(n) => Some(name_text(n)),
        _ => None,
    }
}

/// What kind of object `o` is, for notes ("an integer").
fn kind(o: &Object) -> &'static str {
    match o {
        Object::Null => "null",
        Object::Boolean(_) => "a boolean",
        Object::Integer(_) => "an integer",
        Object::Real(_) => "a number",
        Object::Name(_) => "a name",
        Object::String(..) => "a string",
        Object::Array(_) => "an array",
        Object::Dictionary(_) => "a dictionary",
        Object::Stream(_) => "a stream",
        Object::Reference(_) => "a reference",
    }
}

/// The form as lines of text, ahead of page 1's: `Name: value` for a text
/// field (a value of several lines continues on lines of its own), `Name
/// ☒`/`Name ☐` for a lone checkbox, `Field: Option ☒` for each box of a
/// parent field or radio group. Empty when the form holds no value.
pub fn lines(form: &Form) -> Vec<String> {
    let mut out = Vec::new();
    for f in &form.fields {
        match &f.value {
            Value::Text(text) => {
                let mut parts = text
                    .split(['\r', '\n'])
                    .map(str::trim_end)
                    .filter(|l| !l.trim().is_empty());
                let first = parts.next().unwrap_or_default();
                out.push(format!("{}: {}", f.name, first.trim_start()));
                out.extend(parts.map(str::to_string));
            }
            Value::Boxes(boxes) => {
                for b in boxes {
                    let glyph = match b.ticked {
                        Some(true) => format!(" {BOX_TICKED}"),
                        Some(false) => format!(" {BOX_EMPTY}"),
                        None => String::new(),
                    };
                    let label = match (f.name.is_empty(), b.option.is_empty()) {
                        (true, _) => b.option.clone(),
                        (false, true) => f.name.clone(),
                        (false, false) => format!("{}: {}", f.name, b.option),
                    };
                    out.push(format!("{label}{glyph}"));
                }
            }
        }
    }
    out
}

/// For files.csv: how many fields were read, and what was skipped.
pub fn notes(form: &Form) -> Vec<String> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = Vec::new();
    if form.read > 0 {
        let empty = form.read.saturating_sub(form.fields.len());
        let mut note = format!(
            "{} form field{} read (AcroForm), put ahead of page 1's text",
            form.read,
            plural(form.read)
        );
        if empty > 0 {
            note.push_str(&format!(
                "; {empty} empty text field{} left out",
                plural(empty)
            ));
        }
        if form.truncated {
            note.push_str(&format!(
                "; more than {MAX_FIELDS} fields, the rest not read"
            ));
        }
        out.push(note);
    }
    if form.skipped_total > 0 {
        let mut named = form.skipped.clone();
        if form.skipped_total > named.len() {
            named.push(format!("{} more", form.skipped_total - named.len()));
        }
        out.push(format!(
            "AcroForm: {} skipped: {}",
            form.skipped_total,
            named.join("; ")
        ));
    }
    out
}

#[cfg(test)]
#[path = "acroform_tests.rs"]
mod tests;
