//! Tests of `acroform`: forms built in memory with lopdf, filled and
//! malformed.

use super::*;
use lopdf::{Stream, StringFormat, dictionary};

/// A document whose catalog's `/AcroForm` is `acro` (built with the
/// document, so fields can be added as objects first).
fn doc_with(build: impl FnOnce(&mut Document) -> Object) -> Document {
    let mut doc = Document::with_version("1.7");
    let acro = build(&mut doc);
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "AcroForm" => acro });
    doc.trailer.set("Root", catalog);
    doc
}

fn form_of(fields: Vec<Object>) -> Document {
    doc_with(|_| Object::Dictionary(dictionary! { "Fields" => fields }))
}

fn lit(s: &[u8]) -> Object {
    Object::String(s.to_vec(), StringFormat::Literal)
}

/// A UTF-16BE text string with its byte order mark.
fn utf16(s: &str) -> Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend(u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

/// Appearance states `/on` and `/Off`.
fn ap(on: &str) -> Object {
    let states = dictionary! { on => Object::Null, "Off" => Object::Null };
    Object::Dictionary(dictionary! { "N" => states })
}

fn checkbox(name: &str, on: &str, ticked: bool) -> Dictionary {
    let state = if ticked { on } else { "Off" };
    dictionary! {
        "FT" => "Btn", "T" => lit(name.as_bytes()), "V" => state,
        "AS" => state, "AP" => ap(on), "Subtype" => "Widget",
    }
}

#[test]
fn a_filled_form_is_read() {
    let doc = doc_with(|doc| {
        let mut fields = Vec::new();
        // PDFDocEncoding (Å is 0xC5, Ö 0xD6) and UTF-16BE.
        fields.push(doc.add_object(dictionary! {
            "FT" => "Tx", "T" => lit(b"Namn"), "V" => lit(b"\xC5sa \xD6berg"),
        }));
        fields.push(doc.add_object(dictionary! {
            "FT" => "Tx", "T" => utf16("Händelsedatum"), "V" => utf16("4 maj 2023"),
        }));
        // A value of several lines.
        fields.push(doc.add_object(dictionary! {
            "FT" => "Tx", "T" => lit(b"Beskrivning"), "V" => lit(b"Rad ett\r\nRad tv\xE5"),
        }));
        // Left empty: read, not shown.
        fields.push(doc.add_object(dictionary! { "FT" => "Tx", "T" => lit(b"Telefon") }));
        fields.push(doc.add_object(checkbox("Jobbtorg", "Yes", true)));
        fields.push(doc.add_object(checkbox("Äldreomsorg", "Yes", false)));
        // A parent of two checkboxes, its type inherited.
        let sol = doc.add_object(dictionary! {
            "T" => lit(b"SoL"), "V" => "Ja", "AS" => "Ja", "AP" => ap("Ja"),
        });
        let lss = doc.add_object(dictionary! {
            "T" => lit(b"LSS"), "AS" => "Off", "AP" => ap("Ja"),
        });
        fields.push(doc.add_object(dictionary! {
            "FT" => "Btn", "T" => lit(b"Lag"), "Kids" => vec![sol.into(), lss.into()],
        }));
        // A radio group: two widgets, options named by /Opt.
        let w0 =
            doc.add_object(dictionary! { "Subtype" => "Widget", "AS" => "Off", "AP" => ap("0") });
        let w1 =
            doc.add_object(dictionary! { "Subtype" => "Widget", "AS" => "1", "AP" => ap("1") });
        fields.push(doc.add_object(dictionary! {
            "FT" => "Btn", "Ff" => FF_RADIO, "T" => lit(b"Bed\xF6mning"), "V" => "1",
            "Opt" => vec![lit(b"Risk"), utf16("Missförhållande")],
            "Kids" => vec![w0.into(), w1.into()],
        }));
        // A choice, shown by its display name.
        fields.push(doc.add_object(dictionary! {
            "FT" => "Ch", "T" => lit(b"Enhet"), "V" => lit(b"e2"),
            "Opt" => vec![
                Object::Array(vec![lit(b"e1"), lit(b"Enhet St\xF6d")]),
                Object::Array(vec![lit(b"e2"), lit(b"Jobbtorg Stockholm")]),
            ],
        }));
        // A pushbutton and a signature hold no value.
        fields.push(doc.add_object(
            dictionary! { "FT" => "Btn", "Ff" => FF_PUSHBUTTON, "T" => lit(b"Skicka") },
        ));
        fields.push(doc.add_object(dictionary! { "FT" => "Sig", "T" => lit(b"Underskrift") }));
        let fields: Vec<Object> = fields.into_iter().map(Object::from).collect();
        Object::Dictionary(dictionary! { "Fields" => fields })
    });
    let form = read_form(&doc);
    assert_eq!(
        lines(&form),
        [
            "Namn: Åsa Öberg",
            "Händelsedatum: 4 maj 2023",
            "Beskrivning: Rad ett",
            "Rad två",
            "Jobbtorg ☒",
            "Äldreomsorg ☐",
            "Lag: SoL ☒",
            "Lag: LSS ☐",
            "Bedömning: Risk ☐",
            "Bedömning: Missförhållande ☒",
            "Enhet: Jobbtorg Stockholm",
        ]
    );
    assert_eq!(
        notes(&form),
        ["10 form fields read (AcroForm), put ahead of page 1's text; 1 empty text field left out"]
    );
}

#[test]
fn a_pdf_without_a_form_has_none() {
    let mut doc = Document::with_version("1.7");
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog" });
    doc.trailer.set("Root", catalog);
    let form = read_form(&doc);
    assert_eq!(form, Form::default());
    assert!(lines(&form).is_empty() && notes(&form).is_empty());
    // No catalog at all.
    assert_eq!(read_form(&Document::with_version("1.7")), Form::default());
    // A form with no fields (what many producers write).
    assert_eq!(read_form(&form_of(vec![])), Form::default());
}

/// Boxes whose state the form gives in other ways than `/V` and `/AS`
/// together.
#[test]
fn box_states_from_value_or_appearance() {
    let cases: Vec<(&str, Dictionary, &str)> = vec![
        (
            "a value and no appearance state",
            dictionary! { "FT" => "Btn", "T" => lit(b"A"), "V" => "Yes", "AP" => ap("Yes") },
            "A ☒",
        ),
        (
            "a value without appearances",
            dictionary! { "FT" => "Btn", "T" => lit(b"A"), "V" => "On" },
            "A ☒",
        ),
        (
            "an appearance state only",
            dictionary! { "FT" => "Btn", "T" => lit(b"A"), "AS" => "Yes", "AP" => ap("Yes") },
            "A ☒",
        ),
        (
            "a filler that set /V and left /AS",
            dictionary! { "FT" => "Btn", "T" => lit(b"A"), "V" => "Yes", "AS" => "Off", "AP" => ap("Yes") },
            "A ☒",
        ),
        (
            "neither: off",
            dictionary! { "FT" => "Btn", "T" => lit(b"A") },
            "A ☐",
        ),
        (
            "a value that is no name: the appearance",
            dictionary! { "FT" => "Btn", "T" => lit(b"A"), "V" => lit(b"Yes"), "AS" => "Off" },
            "A ☐",
        ),
    ];
    for (what, field, want) in cases {
        let form = read_form(&form_of(vec![Object::Dictionary(field)]));
        assert_eq!(lines(&form), [want], "{what}");
    }
    // Two widgets, a value, no appearance dictionaries: which one is on
    // cannot be told, and is not guessed.
    let doc = doc_with(|doc| {
        let w = doc.add_object(dictionary! { "Subtype" => "Widget" });
        let v = doc.add_object(dictionary! { "Subtype" => "Widget" });
        let f = doc.add_object(dictionary! {
            "FT" => "Btn", "Ff" => FF_RADIO, "T" => lit(b"Lag"), "V" => "SoL",
            "Opt" => vec![lit(b"SoL"), lit(b"LSS")], "Kids" => vec![w.into(), v.into()],
        });
        Object::Dictionary(dictionary! { "Fields" => vec![f.into()] })
    });
    assert_eq!(lines(&read_form(&doc)), ["Lag: SoL", "Lag: LSS"]);
}

/// Malformed forms: each is skipped with a note, the good fields beside
/// it still read, and nothing panics.
#[test]
fn malformed_forms_are_skipped_with_a_note() {
    let good = || {
        Object::Dictionary(dictionary! { "FT" => "Tx", "T" => lit(b"Namn"), "V" => lit(b"Anna") })
    };
    type Build = Box<dyn Fn(&mut Document) -> Object>;
    let fields = |items: Vec<Object>| Object::Dictionary(dictionary! { "Fields" => items });
    let cases: Vec<(&str, Build, &[&str], &str)> = vec![
        (
            "/AcroForm an integer",
            Box::new(|_| Object::Integer(7)),
            &[],
            "/AcroForm is an integer",
        ),
        (
            "no /Fields",
            Box::new(|_| Object::Dictionary(dictionary! {})),
            &[],
            "it has no /Fields",
        ),
        (
            "/Fields a dictionary",
            Box::new(|_| Object::Dictionary(dictionary! { "Fields" => dictionary! {} })),
            &[],
            "/Fields is a dictionary",
        ),
        (
            "/AcroForm a dangling reference",
            Box::new(|_| Object::Reference((99, 0))),
            &[],
            "/AcroForm cannot be resolved",
        ),
        (
            "a field that is an integer",
            Box::new(move |_| fields(vec![Object::Integer(3), good()])),
            &["Namn: Anna"],
            "entry 1 of /Fields: an integer, not a dictionary",
        ),
        (
            "a field that points nowhere",
            Box::new(move |_| fields(vec![Object::Reference((42, 0)), good()])),
            &["Namn: Anna"],
            "entry 1 of /Fields: cannot be resolved",
        ),
        (
            "a name that is no string",
            Box::new(move |_| {
                fields(vec![
                    Object::Dictionary(dictionary! { "FT" => "Tx", "T" => 5, "V" => lit(b"x") }),
                    good(),
                ])
            }),
            &["Namn: Anna"],
            "its name (/T) is not a text string",
        ),
        (
            "a text value that is an integer",
            Box::new(move |_| {
                fields(vec![
                    Object::Dictionary(dictionary! { "FT" => "Tx", "T" => lit(b"Dnr"), "V" => 12 }),
                    good(),
                ])
            }),
            &["Namn: Anna"],
            "field 'Dnr': its value (/V) is an integer, not text",
        ),
        (
            "no field type",
            Box::new(move |_| {
                fields(vec![
                    Object::Dictionary(dictionary! { "T" => lit(b"X"), "V" => lit(b"x") }),
                    good(),
                ])
            }),
            &["Namn: Anna"],
            "field 'X': it has no field type (/FT)",
        ),
        (
            "an unknown field type",
            Box::new(move |_| {
                fields(vec![
                    Object::Dictionary(dictionary! { "FT" => "Zz", "T" => lit(b"X") }),
                    good(),
                ])
            }),
            &["Namn: Anna"],
            "unknown field type /Zz",
        ),
        (
            "no name",
            Box::new(move |_| {
                fields(vec![
                    Object::Dictionary(dictionary! { "FT" => "Tx", "V" => lit(b"x") }),
                    good(),
                ])
            }),
            &["Namn: Anna"],
            "the field has no name (/T)",
        ),
        (
            "/Kids a name",
            Box::new(move |_| {
                fields(vec![Object::Dictionary(
                    dictionary! { "FT" => "Tx", "T" => lit(b"K"), "V" => lit(b"v"), "Kids" => "Nej" },
                )])
            }),
            &["K: v"],
            "/Kids is a name, not an array",
        ),
        (
            "a kid that is an array",
            Box::new(move |_| {
                fields(vec![Object::Dictionary(
                    dictionary! { "FT" => "Tx", "T" => lit(b"K"), "V" => lit(b"v"), "Kids" => vec![Object::Array(vec![])] },
                )])
            }),
            &["K: v"],
            "kid 1 of field 'K': an array, not a dictionary",
        ),
        (
            "a field that is its own kid",
            Box::new(|doc: &mut Document| {
                let id = doc.new_object_id();
                doc.objects.insert(
                    id,
                    Object::Dictionary(dictionary! { "FT" => "Tx", "T" => lit(b"Ring"), "V" => lit(b"r"), "Kids" => vec![Object::Reference(id)] }),
                );
                Object::Dictionary(dictionary! { "Fields" => vec![Object::Reference(id)] })
            }),
            &[],
            "met again (a cycle in /Kids)",
        ),
        (
            "a field listed twice",
            Box::new(|doc: &mut Document| {
                let id = doc.add_object(
                    dictionary! { "FT" => "Tx", "T" => lit(b"Namn"), "V" => lit(b"Anna") },
                );
                Object::Dictionary(
                    dictionary! { "Fields" => vec![Object::Reference(id), Object::Reference(id)] },
                )
            }),
            &["Namn: Anna"],
            "entry 2 of /Fields: met again",
        ),
        (
            "a tree deeper than the limit",
            Box::new(|doc: &mut Document| {
                let mut kid = doc.add_object(
                    dictionary! { "T" => lit(b"n"), "FT" => "Tx", "V" => lit(b"djup") },
                );
                for _ in 0..MAX_DEPTH + 5 {
                    kid = doc
                        .add_object(dictionary! { "T" => lit(b"n"), "Kids" => vec![kid.into()] });
                }
                Object::Dictionary(dictionary! { "Fields" => vec![kid.into()] })
            }),
            &[],
            "nested deeper than 32 levels",
        ),
        (
            "/Opt and /AP of the wrong types: the box still read",
            Box::new(move |_| {
                fields(vec![Object::Dictionary(
                    dictionary! { "FT" => "Btn", "T" => lit(b"A"), "V" => "Yes", "Opt" => 3, "AP" => lit(b"x") },
                )])
            }),
            &["A ☒"],
            "",
        ),
        (
            "a text stream value",
            Box::new(|doc: &mut Document| {
                let s =
                    doc.add_object(Stream::new(dictionary! {}, b"Text ur en str\xF6m".to_vec()));
                Object::Dictionary(
                    dictionary! { "Fields" => vec![Object::Dictionary(dictionary! { "FT" => "Tx", "T" => lit(b"S"), "V" => s })] },
                )
            }),
            &["S: Text ur en ström"],
            "",
        ),
    ];
    for (what, build, want, note) in cases {
        let doc = doc_with(|d| build(d));
        let form = read_form(&doc);
        assert_eq!(lines(&form), want, "{what}");
        let notes = notes(&form).join(" | ");
        if note.is_empty() {
            assert!(!notes.contains("skipped"), "{what}: {notes}");
        } else {
            assert!(
                notes.contains("skipped") && notes.contains(note),
                "{what}: {notes}"
            );
        }
    }
}

#[test]
fn skipped_fields_are_counted_and_a_few_named() {
    let fields: Vec<Object> = (0..9).map(Object::Integer).collect();
    let form = read_form(&form_of(fields));
    assert_eq!(form.skipped_total, 9);
    let notes = notes(&form);
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].starts_with("AcroForm: 9 skipped: entry 1 of /Fields"),
        "{notes:?}"
    );
    assert!(notes[0].ends_with("; 4 more"), "{notes:?}");
}
