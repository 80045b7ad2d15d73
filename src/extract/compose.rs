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
use super::{Doubt, Fields, Found, Parts};
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
    Fields {
        sections: span.sections.iter().map(|s| s.kind).collect(),
        diarienummer: p.take("diarienummer", registry.number),
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
        sol_lss: p.take("sol_lss", boxes.sol_lss),
        sol_lss_boxes: boxes.sol_lss_boxes,
        observed: p.take("observed", timeline.observed).unwrap_or_default(),
        mentions: timeline.mentions,
        classification: p.take("classification", outcome.classification),
        reported_to_ivo,
        provenance: p.evidence,
        doubts: p.doubts,
    }
}
