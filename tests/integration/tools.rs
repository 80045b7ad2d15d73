//! The outside programs some tests need (tesseract with Swedish, pdftoppm,
//! chromium, zsh) and what a test does where one is missing.
//!
//! On a developer's machine a test that cannot run says so loudly on the
//! terminal (written past the test harness's capture, so it shows in a
//! plain `cargo test`) and returns; where `LEXSARAH_REQUIRE_TOOLS=1` is set
//! (`.ci/run` sets it after installing them) it fails instead, so CI can
//! never skip it.

use std::io::Write;
use std::process::Command;

/// The environment variable that makes every tool-dependent test required.
pub const REQUIRE: &str = "LEXSARAH_REQUIRE_TOOLS";

/// `program args` runs and succeeds here.
pub fn present(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Tesseract with the Swedish data, and pdftoppm: real OCR can run.
pub fn ocr_present() -> bool {
    let swe = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "swe")
        });
    swe && Command::new("pdftoppm").arg("-v").output().is_ok()
}

/// Say that `what` was not run for want of `needs`: a failure under
/// `LEXSARAH_REQUIRE_TOOLS=1`, else a banner on stderr past the capture.
pub fn not_run(what: &str, needs: &str) {
    not_run_because(
        what,
        needs,
        "apt-get install -y tesseract-ocr tesseract-ocr-swe poppler-utils chromium zsh, or run .ci/run",
    );
}

/// `not_run`, with how to get what is missing.
pub fn not_run_because(what: &str, needs: &str, how: &str) {
    let msg = format!("NOT RUN: {what}: needs {needs} ({how})");
    if std::env::var_os(REQUIRE).is_some_and(|v| v == "1") {
        panic!("{msg}; {REQUIRE}=1 makes this test required");
    }
    let line = "!".repeat(72);
    let _ = writeln!(std::io::stderr(), "\n{line}\n{msg}\n{line}");
}

/// Real OCR can run here, or the test is reported as not run (see
/// `not_run`) and the caller returns.
pub fn ocr_or_not_run(what: &str) -> bool {
    let ok = ocr_present();
    if !ok {
        not_run(what, "tesseract with Swedish data (swe) and pdftoppm");
    }
    ok
}
