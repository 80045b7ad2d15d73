//! `lexsarah check`: the nightly data-quality job (issue 4).
//!
//! STUB.
