//! Compose: the extractors' values (`Parts`) → a case's `Fields`.
//!
//! The one place where the values of every extractor come together: each
//! `Found` gives its value to its field, its evidence to `provenance` and
//! its doubts (if any) to `doubts`, under the field's key (`diarienummer`, `observed`, `areas.Äldreomsorg`,
//! `reporter.name`, …). A value found without a line (`reported_to_ivo`
//! false for a case that is not serious, with nothing said) has no key.

use std::collections::BTreeMap;

use super::outcome::ToIvo;
use super::people::{FoundOfficial, FoundReporter};
use super::{Doubt, Fields, Found, Gap, Parts};
use crate::model::{CaseSpan, Evidence, Official, Reporter};

/// The evidence and doubts of the values taken so far, by field.
#[derive(Default)]
struct Provenance {
    evidence: BTreeMap<String, Evidence>,
    doubts: BTreeMap<String, Vec<Doubt>>,
}

impl Provenance {
    /// The value of `found`, its evidence and doubts kept under `key`.
    fn keep<T>(&mut self, key: impl Into<String>, found: Found<T>) -> T {
        let key = key.into();
        if !found.doubts.is_empty() {
            self.doubts.insert(key.clone(), found.doubts);
        }
        self.evidence.insert(key, found.evidence);
        found.value
    }

    /// The value of `found` if any, its evidence kept under `key`.
    fn take<T>(&mut self, key: &str, found: Option<Found<T>>) -> Option<T> {
        found.map(|f| self.keep(key, f))
    }

    /// `doubts` of the field `key` before those its value brought.
    fn doubt_first(&mut self, key: &str, doubts: Vec<Doubt>) {
        if doubts.is_empty() {
            return;
        }
        let after = self.doubts.remove(key).unwrap_or_default();
        self.doubts
            .insert(key.to_string(), doubts.into_iter().chain(after).collect());
    }

    /// What the extractors did not find where the case should give it,
    /// after the doubts of the field's values.
    fn gaps(&mut self, gaps: impl IntoIterator<Item = Gap>) {
        for g in gaps {
            self.doubts
                .entry(g.key.to_string())
                .or_default()
                .push(g.doubt);
        }
    }

    fn reporter(&mut self, r: FoundReporter) -> Reporter {
        Reporter {
            name: self.take("reporter.name", r.name),
            title: self.take("reporter.title", r.title),
            workplace: self.take("reporter.workplace", r.workplace),
            phone: self.take("reporter.phone", r.phone),
            email: self.take("reporter.email", r.email),
        }
    }

    /// An official whose keys are `{who}.name` and `{who}.title`.
    fn official(&mut self, who: &str, o: FoundOfficial) -> Official {
        Official {
            name: self.take(&format!("{who}.name"), o.name),
            title: self.take(&format!("{who}.title"), o.title),
        }
    }
}

/// Build the case's `Fields` from what each extractor found in `span`.
pub fn compose(span: &CaseSpan, parts: Parts) -> Fields {
    let Parts {
        registry,
        timeline,
        boxes,
        people,
        outcome,
    } = parts;
    let mut p = Provenance::default();
    let areas = boxes
        .areas
        .into_iter()
        .map(|a| p.keep(format!("areas.{}", a.value.name()), a))
        .collect();
    let reported_to_ivo = outcome.reported_to_ivo.map(|r| match r {
        ToIvo::Read(found) => p.keep("reported_to_ivo", found),
        ToIvo::NotSerious => false,
    });
    let sol_lss = p.take("sol_lss", boxes.sol_lss);
    p.doubt_first("sol_lss", boxes.sol_lss_doubts);
    p.doubt_first("areas", boxes.area_doubts);
    let diarienummer = p.take("diarienummer", registry.number);
    let observed = p.take("observed", timeline.observed).unwrap_or_default();
    let classification = p.take("classification", outcome.classification);
    p.gaps(
        registry
            .gaps
            .into_iter()
            .chain(timeline.gaps)
            .chain(boxes.gaps)
            .chain(outcome.gaps),
    );
    Fields {
        sections: span.sections.iter().map(|s| s.kind).collect(),
        diarienummer,
        dnr_mentions: registry.mentions,
        board: p.take("board", people.board),
        unit: p.take("unit", people.unit),
        reporter: p.reporter(people.reporter),
        investigator: p.official("investigator", people.investigator),
        decision_maker: p.official("decision_maker", people.decision_maker),
        names: people.names,
        name_repairs: people.name_repairs,
        areas,
        area_other: p.take("area_other", boxes.area_other),
        area_boxes: boxes.area_boxes,
        sol_lss,
        sol_lss_boxes: boxes.sol_lss_boxes,
        observed,
        mentions: timeline.mentions,
        classification,
        reported_to_ivo,
        provenance: p.evidence,
        doubts: p.doubts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{checkbox::Boxes, diarienummer::Registry, outcome::Outcome};
    use crate::model::{Area, Line};

    /// Each value lands in its field and its evidence under its key; a
    /// value found without a line has no key.
    #[test]
    fn values_land_in_their_fields_and_evidence_under_their_keys() {
        let lines = Line::numbered(&["Dnr SSN 2020/0198", "Äldreomsorg ☒", "Jobbtorg ☒"]);
        let parts = Parts {
            registry: Registry {
                mentions: Vec::new(),
                number: Some(
                    Found::written(&lines[0], "SSN 2020/0198".into()).doubted(0.8, "x".into()),
                ),
                gaps: Vec::new(),
            },
            boxes: Boxes {
                areas: vec![
                    Found::at(&lines[1], &lines[1].text, Area::ALL[0]),
                    Found::at(&lines[2], &lines[2].text, Area::ALL[6]),
                ],
                ..Boxes::default()
            },
            outcome: Outcome {
                classification: None,
                reported_to_ivo: Some(ToIvo::NotSerious),
                gaps: Vec::new(),
            },
            ..Parts::default()
        };
        let span = CaseSpan {
            start: 0,
            end: 3,
            sections: Vec::new(),
        };
        let f = compose(&span, parts);
        assert_eq!(f.diarienummer.as_deref(), Some("SSN 2020/0198"));
        assert_eq!(f.areas, [Area::ALL[0], Area::ALL[6]]);
        assert_eq!(f.reported_to_ivo, Some(false));
        let keys: Vec<(String, u32)> = f
            .provenance
            .iter()
            .map(|(k, e)| (k.clone(), e.line))
            .collect();
        let area = |i: usize| format!("areas.{}", Area::ALL[i].name());
        let mut want = vec![(area(0), 2), (area(6), 3), ("diarienummer".into(), 1)];
        want.sort();
        assert_eq!(keys, want);
        assert_eq!(f.doubts.keys().collect::<Vec<_>>(), ["diarienummer"]);
    }

    /// Under each field's key: the box list's doubts first, then those of
    /// the value, then what an extractor found missing; a gap of a value
    /// not found lands under its key with no evidence.
    #[test]
    fn doubts_and_gaps_land_under_their_fields() {
        use crate::extract::timeline::Timeline;
        use crate::model::Law;
        let lines = Line::numbered(&["Insatsen ges enligt LSS."]);
        let d = |cap: f64, why: &str| Doubt::new(cap, why);
        let parts = Parts {
            registry: Registry {
                gaps: vec![Gap::new("diarienummer", 0.6, "inget diarienummer hittat")],
                ..Registry::default()
            },
            timeline: Timeline {
                gaps: vec![Gap::new(
                    "decided",
                    0.6,
                    "beslutet finns men ger inget sådant datum",
                )],
                ..Timeline::default()
            },
            boxes: Boxes {
                sol_lss: Some(
                    Found::at(&lines[0], &lines[0].text, Law::Lss).doubted(0.85, "text".into()),
                ),
                sol_lss_doubts: vec![d(0.9, "rutan SoL saknar läsbar markering")],
                area_doubts: vec![d(
                    0.4,
                    "verksamhetsområde: rutan Jobbtorg gick inte att avgöra på bilden",
                )],
                gaps: vec![Gap::new("areas", 0.6, "inget verksamhetsområde markerat")],
                ..Boxes::default()
            },
            ..Parts::default()
        };
        let span = CaseSpan {
            start: 0,
            end: 1,
            sections: Vec::new(),
        };
        let f = compose(&span, parts);
        let why =
            |key: &str| -> Vec<&str> { f.doubts[key].iter().map(|d| d.why.as_str()).collect() };
        assert_eq!(
            why("sol_lss"),
            ["rutan SoL saknar läsbar markering", "text"]
        );
        assert_eq!(
            why("areas"),
            [
                "verksamhetsområde: rutan Jobbtorg gick inte att avgöra på bilden",
                "inget verksamhetsområde markerat"
            ]
        );
        assert_eq!(why("diarienummer"), ["inget diarienummer hittat"]);
        assert_eq!(
            why("decided"),
            ["beslutet finns men ger inget sådant datum"]
        );
        assert!(!f.provenance.contains_key("diarienummer"));
        assert_eq!(f.doubts.len(), 4);
    }
}
