//! One positive and one negative case per rule, on small cases written in
//! the forms' own words.

use super::testkit::{codes, flags_of};

/// A report + investigation + decision with the values given.
fn case(
    observed: &str,
    weekday: &str,
    inv_observed: &str,
    received: &str,
    dec_received: &str,
    decided: &str,
) -> String {
    format!(
        "RAPPORT enligt lex Sarah
Rapporten lämnas av
Namn Anna Berg\tTitel/ funktion Undersköterska
Rapporten avser
Verksamhetsområde där missförhållandet har uppmärksammats
Äldreomsorg <input checked=\"\" type=\"checkbox\"/>
Jobbtorg <input type=\"checkbox\"/>
Uppgifter om missförhållandet eller den påtagliga risken för ett missförhållande
När har missförhållandet eller den påtagliga risken för ett missförhållande uppmärksammats?
Datum {observed}\tVeckodag {weekday}\tKlockslag 10:00
Underskrift av rapportören
Datum\tNamn
2021-03-04\t Anna Berg Namnförtydligande
Lex Sarah-utredning
Rapporten inkom (datum) {received}\tRapportens diarienummer ÄN 2021-0042-1.2
Utredningen inledd (datum) 2021-03-10\tSoL LSS <input checked=\"\" type=\"checkbox\"/> <input type=\"checkbox\"/>
När och hur uppmärksammades missförhållandet eller risken för missförhållandet?
Det uppmärksammades {inv_observed} av personalen.
Vad har det rapporterade missförhållandet bestått i?
Beslut enligt delegation
Ärende och diarienummer
Fallolycka, ÄN 2021-0042-1.2
En lex Sarah-rapport inkom {dec_received} om en fallolycka.
Förslag till beslut: Det rapporterade utgjorde ett missförhållande.
Beslut enligt ärendegrupp i delegationsordningen:
Datum\t{decided}\tUnderskrift\tEva Ek
"
    )
}

fn clean_case() -> String {
    case(
        "210303",
        "onsdag",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-04-01",
    )
}

fn has(text: &str, code: &str) -> bool {
    codes(text).contains(&code)
}

#[test]
fn a_consistent_case_has_no_warning_or_error() {
    let flags = flags_of(&clean_case());
    let serious: Vec<_> = flags
        .iter()
        .filter(|f| f.severity != crate::model::Severity::Info)
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
}

#[test]
fn date_mismatch() {
    let observed = case(
        "210303",
        "onsdag",
        "den 2 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-04-01",
    );
    assert!(has(&observed, "date_mismatch"));
    let received = case(
        "210303",
        "onsdag",
        "den 3 mars 2021",
        "2021-03-05",
        "210306",
        "2021-04-01",
    );
    let f = flags_of(&received);
    let m = f
        .iter()
        .find(|f| f.code == "date_mismatch")
        .expect("received differs");
    assert!(m.message.contains("rapporten inkom"), "{}", m.message);
    assert_eq!(m.evidence.len(), 2);
    assert!(!has(&clean_case(), "date_mismatch"));
    // A day inside a written range is the same event.
    let range = case(
        "1-3 mars 2021",
        "måndag-onsdag",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-04-01",
    );
    assert!(!has(&range, "date_mismatch"));
}

#[test]
fn weekday_mismatch() {
    let wrong = case(
        "210303",
        "måndag",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-04-01",
    );
    let f = flags_of(&wrong);
    let w = f
        .iter()
        .find(|f| f.code == "weekday_mismatch")
        .expect("3 March 2021 is a Wednesday");
    assert!(w.message.contains("onsdag"), "{}", w.message);
    assert!(!has(&clean_case(), "weekday_mismatch"));
}

#[test]
fn chronology() {
    let before = case(
        "210303",
        "onsdag",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2013-04-01",
    );
    let f = flags_of(&before);
    let c = f
        .iter()
        .find(|f| f.code == "chronology")
        .expect("decided eight years early");
    assert_eq!(c.severity, crate::model::Severity::Error);
    let slip = case(
        "210303",
        "onsdag",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-03-08",
    );
    let f = flags_of(&slip);
    let c = f
        .iter()
        .find(|f| f.code == "chronology")
        .expect("decided two days before started");
    assert_eq!(c.severity, crate::model::Severity::Warning);
    assert!(!has(&clean_case(), "chronology"));
}

/// The messages count days and boxes in their number (`1 dag`, `2 dagar`,
/// `1 ruta`, `2 rutor`) and name each event as every other message does.
#[test]
fn messages_agree_with_their_numbers() {
    let decided = |date: &str| {
        case(
            "210303",
            "onsdag",
            "den 3 mars 2021",
            "2021-03-05",
            "2021-03-05",
            date,
        )
    };
    let area = |text: &str| {
        clean_case()
            .replace("Äldreomsorg <input checked=\"\" type=\"checkbox\"/>", text)
            .replace("Jobbtorg <input type=\"checkbox\"/>", "Jobbtorg")
    };
    let no_date = "RAPPORT enligt lex Sarah\nRapporten lämnas av Anna Berg.\n".to_string();
    let cases: [(String, &str, &str); 6] = [
        (
            decided("2021-03-09"),
            "chronology",
            "Datum då beslutet fattades (2021-03-09) ligger 1 dag före datum då utredningen inleddes (2021-03-10).",
        ),
        (
            decided("2021-03-08"),
            "chronology",
            "Datum då beslutet fattades (2021-03-08) ligger 2 dagar före datum då utredningen inleddes (2021-03-10).",
        ),
        (
            decided("2023-04-01"),
            "chronology",
            "Datum då beslutet fattades (2023-04-01) ligger 752 dagar efter datum då utredningen inleddes (2021-03-10): ovanligt lång tid (mer än 730 dagar).",
        ),
        (
            area("Äldreomsorg <input type=\"checkbox\"/>"),
            "checkbox_conflict",
            "Inget verksamhetsområde kan läsas som ikryssat (1 ruta går inte att avgöra ur texten).",
        ),
        (
            area("Äldreomsorg"),
            "checkbox_conflict",
            "Inget verksamhetsområde kan läsas som ikryssat (2 rutor går inte att avgöra ur texten).",
        ),
        (
            no_date,
            "missing_field",
            "Datum då händelsen uppmärksammades saknas.",
        ),
    ];
    for (text, code, want) in cases {
        let flags = flags_of(&text);
        assert!(
            flags.iter().any(|f| f.code == code && f.message == want),
            "want {want:?} among {:#?}",
            flags
                .iter()
                .map(|f| (f.code.as_str(), &f.message))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn diarienummer_mismatch() {
    let two = clean_case().replace(
        "Fallolycka, ÄN 2021-0042-1.2",
        "Fallolycka, ÄN 2021-0024-1.2",
    );
    assert!(has(&two, "diarienummer_mismatch"));
    let lost_dot = clean_case().replace(
        "Fallolycka, ÄN 2021-0042-1.2",
        "Fallolycka, ÄN 2021-0042-1 2",
    );
    assert!(!has(&lost_dot, "diarienummer_mismatch"));
}

#[test]
fn name_mismatch_and_variant() {
    let other = clean_case().replace("2021-03-04\t Anna Berg", "2021-03-04\t Anna Lind");
    assert!(has(&other, "name_mismatch"));
    let ocr = clean_case().replace("2021-03-04\t Anna Berg", "2021-03-04\t Anna Bern");
    let c = codes(&ocr);
    assert!(
        c.contains(&"name_variant") && !c.contains(&"name_mismatch"),
        "{c:?}"
    );
    let c = codes(&clean_case());
    assert!(!c.contains(&"name_mismatch") && !c.contains(&"name_variant"));
}

#[test]
fn ambiguous_and_inferred_and_unparsed_dates() {
    let ambiguous = case(
        "2/3-21",
        "",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-04-01",
    );
    assert!(has(&ambiguous, "ambiguous_date"), "{:?}", codes(&ambiguous));
    assert!(!has(&clean_case(), "ambiguous_date"));
    let inferred = case(
        "3 mars",
        "onsdag",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-04-01",
    );
    assert!(has(&inferred, "year_inferred"));
    assert!(!has(&clean_case(), "year_inferred"));
    let unparsed = case(
        "210303",
        "onsdag",
        "den 3 mars 2021",
        "2021-03-05",
        "2021-03-05",
        "2021-04-*x*",
    );
    assert!(has(&unparsed, "unparsed_date"));
    assert!(!has(&clean_case(), "unparsed_date"));
}

#[test]
fn missing_field() {
    let no_dnr = clean_case().replace("ÄN 2021-0042-1.2", "Dnr.....");
    let f = flags_of(&no_dnr);
    assert!(
        f.iter()
            .any(|f| f.code == "missing_field" && f.message.contains("Diarienummer")),
        "{f:#?}"
    );
    let no_outcome = clean_case().replace(
        "Det rapporterade utgjorde ett missförhållande.",
        "Se utredningen.",
    );
    let f = flags_of(&no_outcome);
    assert!(
        f.iter()
            .any(|f| f.code == "missing_field" && f.message.contains("bedömning")),
        "{f:#?}"
    );
    assert!(!has(&clean_case(), "missing_field"));
}

#[test]
fn checkbox_conflict() {
    let two = clean_case().replace(
        "Jobbtorg <input type=\"checkbox\"/>",
        "Jobbtorg <input checked=\"\" type=\"checkbox\"/>",
    );
    assert!(has(&two, "checkbox_conflict"));
    let none = clean_case().replace(
        "Äldreomsorg <input checked=\"\" type=\"checkbox\"/>",
        "Äldreomsorg <input type=\"checkbox\"/>",
    );
    assert!(has(&none, "checkbox_conflict"));
    let both = clean_case().replace(
        "SoL LSS <input checked=\"\" type=\"checkbox\"/> <input type=\"checkbox\"/>",
        "SoL LSS <input checked=\"\" type=\"checkbox\"/> <input checked=\"\" type=\"checkbox\"/>",
    );
    assert!(has(&both, "checkbox_conflict"));
    assert!(!has(&clean_case(), "checkbox_conflict"));
}

#[test]
fn template_stamps_and_law_references_raise_nothing() {
    let text = clean_case().replace(
        "Vad har det rapporterade missförhållandet bestått i?",
        "Utredningsmall lex Sarah 2014-02-19\nEnligt 14 kap 3 § SoL och SOSFS 2011:5.\nVad har det rapporterade missförhållandet bestått i?",
    );
    let serious: Vec<_> = flags_of(&text)
        .into_iter()
        .filter(|f| f.severity != crate::model::Severity::Info)
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
}

/// Every flag code is written as its own snake_case name, once.
#[test]
fn flag_codes_are_distinct_snake_case_names() {
    let mut seen = std::collections::HashSet::new();
    for code in crate::model::FlagCode::ALL {
        let s = code.as_str();
        assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
        assert!(seen.insert(s), "{s} twice");
        assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{s}\""));
        assert!(code == s);
    }
    assert_eq!(super::CODES.len(), seen.len());
}
