//! Table-driven tests of the diarienummer grammar: every shape read, every
//! look-alike refused, in each context; the label vocabulary; sameness; and
//! whole cases (IVO dates, another party's numbers, a page-2 header).

use super::*;
use crate::model::{Document, Format};
use crate::{clean, extract as extract_case, segment};

use Context::{Free, Inline, Labelled};

/// (text, context, Some((canonical, as written)) or None).
type Row = (&'static str, Context, Option<(&'static str, &'static str)>);

const SAME: &str = "";

/// Shapes read. An empty "as written" means the text itself.
const POSITIVE: &[Row] = &[
    // prefixed: prefix join year ysep serial [suffix]
    ("AMN 2019-0289-1.3", Free, Some(("AMN 2019-0289-1.3", SAME))),
    (
        "Mailutskick, AMN 2019-0289-1 3",
        Free,
        Some(("AMN 2019-0289-1.3", "AMN 2019-0289-1 3")),
    ),
    (
        "Ofredande, AMN 2019-0712",
        Free,
        Some(("AMN 2019-0712", "AMN 2019-0712")),
    ),
    ("FSN-2023-77", Free, Some(("FSN-2023-77", SAME))),
    ("FSN-2019-690", Free, Some(("FSN-2019-690", SAME))),
    ("SCN-2021-0326", Free, Some(("SCN-2021-0326", SAME))),
    (
        "Dnr: FSN–2018-428",
        Free,
        Some(("FSN-2018-428", "FSN–2018-428")),
    ),
    ("SCN-2O22-0050", Free, Some(("SCN-2022-0050", SAME))),
    ("AT-LS-2020-117", Free, Some(("AT-LS-2020-117", SAME))),
    // Mixed-case board abbreviations.
    ("BoU-2022-118", Free, Some(("BoU-2022-118", SAME))),
    ("SoN 2021/0145", Free, Some(("SoN 2021/0145", SAME))),
    ("OmsN 2019/12", Free, Some(("OmsN 2019/12", SAME))),
    // Under a label: a two-digit year after a hyphen, a serial before a
    // two-digit year.
    ("NA-LS 22-031", Labelled, Some(("NA-LS 22-031", SAME))),
    ("N167-0318/23", Labelled, Some(("N167-0318/23", SAME))),
    ("AMS-2021-0166", Free, Some(("AMS-2021-0166", SAME))),
    (
        "Dnr VOF 2021/211. Utredningen",
        Free,
        Some(("VOF 2021/211", "VOF 2021/211")),
    ),
    ("SSN 2020/0198", Free, Some(("SSN 2020/0198", SAME))),
    ("KS 2019.123", Free, Some(("KS 2019.123", SAME))),
    ("SOC/2020:45", Free, Some(("SOC/2020:45", SAME))),
    ("ÄO 2018-123", Free, Some(("ÄO 2018-123", SAME))),
    ("VN 2021/00034-3", Free, Some(("VN 2021/00034-3", SAME))),
    ("SN-2019-0123-7", Free, Some(("SN-2019-0123-7", SAME))),
    ("ON.2019.0421", Free, Some(("ON.2019.0421", SAME))),
    ("OMS 2017/0055.77", Free, Some(("OMS 2017/0055.77", SAME))),
    ("BUN 2020/12 nr 3", Free, Some(("BUN 2020/12 nr 3", SAME))),
    ("SN 2021 / 0019", Free, Some(("SN 2021/0019", SAME))),
    ("FA 2015 / 1201", Free, Some(("FA 2015/1201", SAME))),
    ("SN 2O19/0420", Free, Some(("SN 2019/0420", SAME))),
    ("EÅV 2022–0520", Free, Some(("EÅV 2022-0520", SAME))),
    (
        "I EÅV 2017-1350",
        Free,
        Some(("EÅV 2017-1350", "EÅV 2017-1350")),
    ),
    ("ÄN 2021-0463-1.4", Free, Some(("ÄN 2021-0463-1.4", SAME))),
    ("ÄN 2020-17.2", Free, Some(("ÄN 2020-17.2", SAME))),
    ("ÄN 2020-12.2", Free, Some(("ÄN 2020-12.2", SAME))),
    ("AMN 2019-12-1.3", Free, Some(("AMN 2019-12-1.3", SAME))),
    ("SDN 2018/1234", Free, Some(("SDN 2018/1234", SAME))),
    ("KS 2017/0456", Free, Some(("KS 2017/0456", SAME))),
    ("SN 21/0045", Free, Some(("SN 21/0045", SAME))),
    ("AMN2019-0289", Free, Some(("AMN2019-0289", SAME))),
    ("KS. 2019/123", Free, Some(("KS 2019/123", SAME))),
    ("SN_2021_0019", Free, Some(("SN 2021_0019", SAME))),
    ("FSN-2021-07", Free, Some(("FSN-2021-07", SAME))),
    ("FSN 2022-0317-3 2", Free, Some(("FSN 2022-0317-3.2", SAME))),
    (
        "(SN 2021/0019)",
        Free,
        Some(("SN 2021/0019", "SN 2021/0019")),
    ),
    (
        "| Dnr | VOF 2021/211 |",
        Free,
        Some(("VOF 2021/211", "VOF 2021/211")),
    ),
    // serial_first: prefix SP serial "/" year4
    ("SN 123/2019", Free, Some(("SN 123/2019", SAME))),
    ("SN 45-2019", Free, Some(("SN 45-2019", SAME))),
    // year_first: year4 "/" prefix SP serial
    ("2021/ASN 0026", Free, Some(("2021/ASN 0026", SAME))),
    ("2023/SN 0225", Free, Some(("2023/SN 0225", SAME))),
    ("2O22/SN 0071", Free, Some(("2022/SN 0071", SAME))),
    (
        "Diarienummer· 2020/SN 0022",
        Free,
        Some(("2020/SN 0022", "2020/SN 0022")),
    ),
    // classed (labelled only)
    ("1.2.2/286-2019", Labelled, Some(("1.2.2/286-2019", SAME))),
    ("12.2/286-2019", Labelled, Some(("12.2/286-2019", SAME))),
    (
        "Uteblivet stöd 1.2.5-533/2021",
        Labelled,
        Some(("1.2.5-533/2021", "1.2.5-533/2021")),
    ),
    (
        "I 1.2.2/738-2019",
        Labelled,
        Some(("1.2.2/738-2019", "1.2.2/738-2019")),
    ),
    ("1.2.2/862–2018", Labelled, Some(("1.2.2/862-2018", SAME))),
    ("1.6.2-345 / 2018", Labelled, Some(("1.6.2-345/2018", SAME))),
    ("1.6 2-391/2023", Labelled, Some(("1.6.2-391/2023", SAME))),
    (
        "Dnr: 1.2.2/62-2019",
        Inline,
        Some(("1.2.2/62-2019", "1.2.2/62-2019")),
    ),
    // bare (labelled only)
    (
        "2020-0428_Lex Sara_200324",
        Labelled,
        Some(("2020-0428", "2020-0428")),
    ),
    (
        "I 2020-0428 Lex Sara 200324",
        Labelled,
        Some(("2020-0428", "2020-0428")),
    ),
    ("2020-0428", Inline, Some(("2020-0428", SAME))),
    ("21/0045", Inline, Some(("21/0045", SAME))),
    ("2019/123", Labelled, Some(("2019/123", SAME))),
    ("2020/2021", Inline, Some(("2020/2021", SAME))),
    ("KS 2020/2021", Labelled, Some(("KS 2020/2021", SAME))),
    ("2019-0289-1.3", Labelled, Some(("2019-0289-1.3", SAME))),
    ("2O20-0428", Labelled, Some(("2020-0428", SAME))),
    // a label says it is a number: a date-shaped one right after it is one
    ("2019-11-22", Inline, Some(("2019-11-22", SAME))),
    ("SN 2021-02-17", Inline, Some(("SN 2021-02-17", SAME))),
    ("ÄN 2021-07", Labelled, Some(("ÄN 2021-07", SAME))),
    // ... but not one further on in the cell
    (
        "Ofredande 2019-11-22, AMN 2019-0712",
        Inline,
        Some(("AMN 2019-0712", "AMN 2019-0712")),
    ),
    (
        "Rapporten inkom (datum) 2019-11-22\tRapportens diarienummer AMN 2019-0712",
        Labelled,
        Some(("AMN 2019-0712", "AMN 2019-0712")),
    ),
];

/// Look-alikes refused, in the contexts where they must be.
const NEGATIVE: &[Row] = &[
    // dates
    ("2019-11-22", Free, None),
    ("2019-11-22", Labelled, None),
    ("2019 -11- 22", Labelled, None),
    ("2019.11.22", Labelled, None),
    ("2019-12-*k*", Labelled, None),
    ("2019-12-", Labelled, None),
    ("2019-11-22kl", Labelled, None),
    ("SN 2021/12/05", Labelled, None),
    ("190612", Labelled, None),
    ("20190418", Labelled, None),
    ("Datum 190612\tVeckodag onsdag", Free, None),
    ("DATUM 2019-11-22", Free, None),
    ("DATUM 2019-11-22", Labelled, None),
    ("ÄN 2021-07", Free, None),
    ("APT 12/2019", Free, None),
    ("APT 12/3.", Labelled, None),
    ("ANMÄLAN ENLIGT LEX SARAH 2019/2020", Free, None),
    ("Verksamhetsåret 2020/2021", Labelled, None),
    ("Utredningsmall lex Sarah 2014-02-19", Labelled, None),
    // the date a case was reported to IVO
    ("IVO 2021-02-17", Free, None),
    ("Anmält till IVO 2021-02-17", Free, None),
    ("Anmält till IVO 2021-02-17", Labelled, None),
    ("anmälan till IVO gjordes 2021-02-17", Free, None),
    ("anmälan till IVO gjordes 2021-02-17", Labelled, None),
    ("Anmält till IVO 2021-0217", Free, None),
    ("Ärendet anmäldes till IVO 2021-02-17.", Free, None),
    ("Anmält till IVO 2021-02 17", Free, None),
    // phones, postcodes, personnummer, page marks, times, counts
    ("08-508 35 497", Labelled, None),
    ("Telefon 08-508 35 500", Labelled, None),
    ("Telefon 0611-34 80 00", Labelled, None),
    ("08-508 24018", Labelled, None),
    ("121 26 Stockholm", Labelled, None),
    ("Postnr 12748", Labelled, None),
    ("19121212-1212", Labelled, None),
    ("121212-1212", Labelled, None),
    ("Sida 1 (2)", Labelled, None),
    ("1 (2)", Labelled, None),
    ("kl. 14.00", Labelled, None),
    ("730 anställda", Labelled, None),
    ("Box 10014", Labelled, None),
    ("1.3", Labelled, None),
    // statutes
    ("SOSFS 2011:5", Free, None),
    ("SOSFS 2011:5", Labelled, None),
    ("SOSFS 2011:5", Inline, None),
    ("SFS 2001:453", Labelled, None),
    ("HSLF-FS 2017:40", Inline, None),
    ("EU 2016/679", Inline, None),
    ("KS 2019:12", Free, None),
    ("14 kap. 3 §", Labelled, None),
    ("14 kap 3 § SoL", Labelled, None),
    ("24 b § LSS", Labelled, None),
    // shapes that need a label
    ("2020-0428", Free, None),
    ("2019-0712", Free, None),
    ("1.2.2/286-2019", Free, None),
    ("21/0045", Free, None),
    // placeholders and words
    ("Dnr.....", Labelled, None),
    ("DNR:", Labelled, None),
    ("Ange diarienummer", Labelled, None),
    ("SoL 2019-0289", Free, None),
    ("PuL 2019-0289", Free, None),
    ("Bou 2019-0289", Free, None),
    ("NA-LS 22-031", Free, None),
    ("N167-0318/23", Free, None),
    ("Sn 2021/0019", Free, None),
    ("AMN 2019-0289kl", Free, None),
    ("BESLUTSDATUM 2019-0289", Free, None),
    ("08-508", Labelled, None),
];

fn got(text: &str, ctx: Context) -> Option<(String, String)> {
    parse_in(text, ctx).map(|p| (p.canonical.clone(), text[p.start..p.end].to_string()))
}

#[test]
fn shapes_table() {
    let mut fails = Vec::new();
    for &(text, ctx, want) in POSITIVE.iter().chain(NEGATIVE) {
        let want = want.map(|(c, r)| {
            let r = if r.is_empty() { text } else { r };
            (c.to_string(), r.to_string())
        });
        let g = got(text, ctx);
        if g != want {
            fails.push(format!("{text:?} {ctx:?}: want {want:?}, got {g:?}"));
        }
    }
    assert!(
        fails.is_empty(),
        "{} rows fail:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

/// What free text reads, a labelled cell reads too.
#[test]
fn a_label_widens_never_narrows() {
    for &(text, ctx, want) in POSITIVE {
        if ctx == Free && want.is_some() {
            assert_eq!(got(text, Labelled), got(text, Free), "{text:?}");
        }
    }
}

/// A canonical form reads back as itself, labelled.
#[test]
fn canonical_forms_parse_back() {
    for &(text, ctx, want) in POSITIVE {
        let Some((canon, _)) = want else { continue };
        let back = parse_in(canon, Inline).map(|p| p.canonical);
        assert_eq!(back.as_deref(), Some(canon), "{text:?} {ctx:?}");
        assert!(same_number(canon, canon));
    }
}

#[test]
fn noise_variants_are_one_form() {
    let groups: &[&[&str]] = &[
        &["AMN 2019-0289-1.3", "AMN 2019-0289-1 3"],
        &["SN 2021/0019", "SN 2021 / 0019"],
        &["SCN-2017-0556", "SCN–2017-0556"],
        &["2022/SN 0071", "2O22/SN 0071"],
        &["1.6.2-391/2023", "1.6 2-391/2023"],
        &["1.2.2/862-2018", "1.2.2/862–2018"],
        &["EÅV 2017-1350", "I EÅV 2017-1350"],
        &["1.2.2/738-2019", "I 1.2.2/738-2019"],
    ];
    for g in groups {
        let forms: Vec<_> = g.iter().map(|t| parse(t).map(|p| p.canonical)).collect();
        assert!(forms[0].is_some(), "{g:?}");
        assert!(forms.iter().all(|f| f == &forms[0]), "{g:?}: {forms:?}");
    }
}

#[test]
fn sameness_table() {
    let cases: &[(&str, &str, bool)] = &[
        ("AMN 2019-0289-1.3", "AMN 2019-0289-1.3", true),
        ("SN 2021/0019", "SN 2021/19", true),
        ("FSN-2023-77", "FSN 2023-77", true),
        ("2020-0428", "SN 2020-0428", true),
        ("AMN 2019-0289", "AMN 2019-0289-1.3", true),
        ("AMN 2019-0289-1.3", "AMN 2019-0289-1.4", true),
        ("21/0045", "SN 2021/0045", true),
        ("2021/SN 0026", "SN 2021/0026", true),
        ("AT-LS-2020-117", "ATLS 2020-117", true),
        ("1.2.2/286-2019", "286-2019", false),
        ("FSN-2020-32", "FSN-2019-32", false),
        ("SN 2021/1029", "SN 2021/0129", false),
        ("2016/SN 0307", "2016/SN 0037", false),
        ("2023/SN 0214", "2023/SN 0225", false),
        ("SN 2021/0019", "KS 2021/0019", false),
        ("1.2.2/286-2019", "1.2.5/286-2019", false),
        ("1.6.2-873/2016", "1.6.2-783/2016", false),
        ("AMN 2022-0019-1.3", "AMN 2021-0019-1.3", false),
    ];
    for &(a, b, want) in cases {
        assert_eq!(same_number(a, b), want, "{a:?} {b:?}");
        assert_eq!(same_number(b, a), want, "{b:?} {a:?}");
    }
}

#[test]
fn label_vocabulary() {
    use Party::{Other, Own};
    let cases: &[(&str, &[Party])] = &[
        ("Rapportens diarienummer AMN 2019-0712", &[Own]),
        ("Avsändarens diarienummer", &[Own]),
        ("Ärende och diarienummer", &[Own]),
        ("Diarienummer· Ange diarienummer", &[Own, Own]),
        ("Dnr: SN 2021/0019", &[Own]),
        ("Diarienummer2021/ASN 0026", &[Own]),
        ("DNR:", &[Own]),
        ("Ärendenummer: AT-LS-2020-117", &[Own]),
        ("Ärende nr 2020-0428", &[Own]),
        ("Ärende: VN 2021/00034-3", &[Own]),
        ("Ärende\tBoU-2022-118", &[Own]),
        ("Ärendet gäller en boende", &[]),
        ("Ett ärende om bistånd", &[]),
        ("Diarienr SN 2021/0019", &[Own]),
        ("Vårt dnr SN 2021/0019", &[Own]),
        ("Vår referens SN 2021/0019", &[Own]),
        ("Vår beteckning SN 2021/0019", &[Own]),
        ("lex Sarah-ansvarigDnr: 1.2.2/286-2019", &[Own]),
        ("Er referens 3.5.1-1234/2021", &[Other]),
        ("Ert dnr 3.5.1-1234/2021", &[Other]),
        ("Ert diarienummer 3.5.1-1234/2021", &[Other]),
        ("IVO:s dnr 3.5.1-1234/2021", &[Other]),
        ("IVO dnr 3.5.1-1234/2021", &[Other]),
        ("Mottagarens diarienummer 3.5.1-1234/2021", &[Other]),
        (
            "Vårt dnr SN 2021/0019\tErt dnr 3.5.1-1234/2021",
            &[Own, Other],
        ),
        ("Diarienummer (IVO)", &[Other]),
        ("Dnr (fylls i av IVO) 3.5.1-1234/2021", &[Other]),
        ("Diarienummer (avsändarens) SN 2021/0019", &[Own]),
        ("Referens: SOSFS 2011:9", &[]),
        ("Ådnr 12", &[]),
        ("Kundnr 12", &[]),
        ("i ärendet framkom", &[]),
        ("ingen etikett här 2019-0289", &[]),
    ];
    for &(text, want) in cases {
        let got: Vec<Party> = labels(text).iter().map(|l| l.party).collect();
        assert_eq!(got, want, "{text:?}");
        // The cheap test never says no where a label is found.
        if !want.is_empty() {
            assert!(has_label_word(text), "{text:?}");
        }
    }
    assert!(!has_label_word("ingen etikett här 2019-0289"));
}

#[test]
fn value_cell_after_a_label() {
    let cases: &[(&str, &str)] = &[
        ("Dnr: SN 2021/0019", "SN 2021/0019"),
        ("Diarienummer· 2020/SN 0022", "2020/SN 0022"),
        ("| Dnr | VOF 2021/211 |", "VOF 2021/211 "),
        (
            "Rapportens diarienummer \tUtredningen inledd 2019-11-27",
            "Utredningen inledd 2019-11-27",
        ),
        ("Dnr.....", ""),
        ("Diarienummer (avsändarens) SN 2021/0019", "SN 2021/0019"),
        ("Diarienummer2021/ASN 0026", "2021/ASN 0026"),
    ];
    for &(text, want) in cases {
        let l = labels(text);
        let r = value_region(text, l[0].end);
        assert_eq!(&text[r], want, "{text:?}");
    }
}

// ---------------------------------------------------------------------------
// Whole cases
// ---------------------------------------------------------------------------

fn case_of(text: &str) -> extract_case::Fields {
    let doc = Document {
        signals: Vec::new(),
        decisions: Vec::new(),
        format: Format::Text,
        pages: vec![text.to_string()],
    };
    let lines = clean::clean(&doc);
    let spans = segment::segment(&lines, crate::extract::diarienummer::canonical);
    extract_case::extract(&lines, &spans[0])
}

fn dnrs(f: &extract_case::Fields) -> Vec<(&str, &str)> {
    f.dnr_mentions
        .iter()
        .map(|d| (d.raw.as_str(), d.canonical.as_str()))
        .collect()
}

const DECISION: &str = "Beslut enligt delegation\n\nÄrende och diarienummer\nUteblivet besök, {DNR}\n\nEn lex Sarah-rapport inkom 2021-01-20.\n{LINE}\nDatum\t2021-02-20\tUnderskrift\tEva Ek\n";

fn decision(dnr: &str, line: &str) -> String {
    DECISION.replace("{DNR}", dnr).replace("{LINE}", line)
}

#[test]
fn an_ivo_notification_date_is_a_date_not_a_number() {
    for line in [
        "Anmält till IVO 2021-02-17",
        "En anmälan till IVO gjordes 2021-02-17.",
    ] {
        let f = case_of(&decision("SCN-2021-0326", line));
        assert_eq!(dnrs(&f), [("SCN-2021-0326", "SCN-2021-0326")], "{line}");
        assert_eq!(f.diarienummer.as_deref(), Some("SCN-2021-0326"));
        assert!(
            f.mentions.iter().any(|m| m.raw == "2021-02-17"),
            "{line}: {:?}",
            f.mentions
        );
    }
}

#[test]
fn a_hyphen_joined_prefix_is_kept() {
    let f = case_of(&decision("dnr FSN-2023-77", ""));
    assert_eq!(f.diarienummer.as_deref(), Some("FSN-2023-77"));
}

#[test]
fn another_partys_number_is_not_the_cases() {
    let f = case_of(&decision(
        "SN 2021/0019",
        "Er referens 3.5.1-1234/2021\nIVO:s diarienummer\n8.5.1-0456/2021",
    ));
    assert_eq!(dnrs(&f), [("SN 2021/0019", "SN 2021/0019")]);
}

#[test]
fn a_labelled_date_shape_is_a_number_and_not_a_date() {
    let f = case_of(&decision("Dnr 2019-11-22", ""));
    assert_eq!(f.diarienummer.as_deref(), Some("2019-11-22"));
    assert!(!f.mentions.iter().any(|m| m.raw == "2019-11-22"));
    // Under a label, on its own line, a date stays a date.
    let f = case_of(&decision("", "").replace("Uteblivet besök, \n", "2019-11-22\n"));
    assert_eq!(f.diarienummer, None);
    assert!(f.mentions.iter().any(|m| m.raw == "2019-11-22"));
}

#[test]
fn a_page_header_number_without_its_label_is_read() {
    // The cleaner blanks a repeated page header; the number that differs
    // stays, without its `Diarienummer` label.
    let text = "Handlingstyp\nTjänsteskrivelse\nDatum\n2023-11-28\nSida\n1 (2)\nDiarienummer\n2023/SN 0214\n\nInformation om lex Sarah-anmälan\nEn lex Sarah-anmälan till IVO gjordes den 26 oktober.\n\nHandlingstyp\nTjänsteskrivelse\nSida\n2 (2)\nDatum\n2023-11-28\nDiarienummer\n2023/SN 0225\n\nHändelsen bedömdes som ett allvarligt missförhållande.\n";
    let f = case_of(text);
    let c: Vec<&str> = f
        .dnr_mentions
        .iter()
        .map(|d| d.canonical.as_str())
        .collect();
    assert_eq!(c, ["2023/SN 0214", "2023/SN 0225"]);
}

#[test]
fn forms_of_one_number_choose_the_most_frequent() {
    let text = decision("SN 2021 / 0019", "Dnr: SN 2021/0019\nDnr: SN 2021/0019");
    let f = case_of(&text);
    assert_eq!(f.diarienummer.as_deref(), Some("SN 2021/0019"));
    // Different numbers: the one written most often wins.
    let text = decision("FSN-2019-32", "Dnr: FSN-2020-32\nDnr FSN-2020-32");
    let f = case_of(&text);
    assert_eq!(f.diarienummer.as_deref(), Some("FSN-2020-32"));
}

/// Every line one case, without the segmenter: the numbers of other
/// municipalities' and providers' templates.
fn whole(text: &str) -> Registry {
    let doc = Document {
        signals: Vec::new(),
        decisions: Vec::new(),
        format: Format::Text,
        pages: vec![text.to_string()],
    };
    let lines = clean::clean(&doc);
    let span = crate::model::CaseSpan {
        start: 0,
        end: lines.len(),
        sections: Vec::new(),
    };
    extract(&CaseView {
        lines: &lines,
        span: &span,
        marks: &[],
    })
}

#[test]
fn other_templates_numbers() {
    let cases: &[(&str, &str)] = &[
        (
            "| Enhet | Korsängens vård- och omsorgsboende |\n| Datum då missförhållandet upptäcktes | 2021-04-12 (måndag) |\n\n**Utredning**\nDnr VOF 2021/211. Utredningen inleddes 2021-04-14. Samtal med nattpersonalen.\nBeslut 2021-05-17: Händelsen utgjorde ett allvarligt missförhållande.\n",
            "VOF 2021/211",
        ),
        (
            "Lex Sarah-utredning\nDiarienummer: AMS-2021-0166\nRapport mottagen: 30 mars 2021\nDatum: 2021-04-28\n",
            "AMS-2021-0166",
        ),
        (
            "Rapport om missförhållande\nÄrendenummer: AT-LS-2020-117\nDatum: 9/9 2020 Underskrift: Emil Andersson\n",
            "AT-LS-2020-117",
        ),
        (
            "Beslut i lex Sarah-ärende\nDnr SSN 2020/0198\nUtredningen inleddes den 4 november 2020.\n",
            "SSN 2020/0198",
        ),
        (
            "Mottagare\tSocialnämnden\nVårt dnr\tKS 2019.123\nEr referens\t3.5.1-1234/2021\n",
            "KS 2019.123",
        ),
        (
            "| Diarienummer | Datum |\n|---|---|\n| 2020-0428 | 2021-02-11 |\n",
            "2020-0428",
        ),
    ];
    for &(text, want) in cases {
        let r = whole(text);
        let c: Vec<&str> = r.mentions.iter().map(|d| d.canonical.as_str()).collect();
        assert_eq!(c, [want], "{text}");
        assert_eq!(r.number.map(|n| n.value).as_deref(), Some(want));
    }
}

/// The chosen number carries its evidence, and a doubt when another number
/// stands in the case (another spelling of the same number is not one).
#[test]
fn the_chosen_number_and_its_doubts() {
    type Case = (&'static str, &'static str, u32, &'static [&'static str]);
    let cases: &[Case] = &[
        ("Dnr SSN 2020/0198\n", "SSN 2020/0198", 1, &[]),
        (
            "Rubrik\nDnr SSN 2020/0198\nDnr SSN 2020/0198\nDnr KS 2019.123\n",
            "SSN 2020/0198",
            2,
            &["annat nummer i ärendet: KS 2019.123"],
        ),
        (
            "Dnr SSN 2020/0198\nDnr SSN-2020-0198\nDnr SSN 2020/0198\n",
            "SSN 2020/0198",
            1,
            &[],
        ),
    ];
    let mut failures = Vec::new();
    for &(text, want, line, doubts) in cases {
        let got = whole(text).number.map(|n| {
            let why: Vec<String> = n.doubts.iter().map(|d| d.why.clone()).collect();
            (n.value, n.evidence.line, n.evidence.raw, why)
        });
        let expected = (
            want.to_string(),
            line,
            want.to_string(),
            doubts.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        );
        if got.as_ref() != Some(&expected) {
            failures.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
