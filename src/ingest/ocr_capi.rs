//! Tesseract in this process: (page image in memory, page segmentation
//! mode, resolution, optional region) → the TSV text `tesseract IMG - tsv`
//! prints, from a model loaded once per worker instead of once per process.
//!
//! The library (`libtesseract.so.5`) is loaded at run time (`dlopen`), so
//! the binary still starts, and reads text dumps and text PDFs, on a machine
//! without it; there, and when `LEXSARAH_TESSERACT=cli` is set, pages are
//! read by the `tesseract` program as before (`ocr::Tesseract`). Only the
//! stable C API (`capi.h`) is used, declared here.
//!
//! One `Engine` (a `TessBaseAPI` with the language loaded) serves one page
//! at a time; engines are kept in a pool after use, so a run holds as many
//! as pages were read at once (its workers) and loads the model that many
//! times. What one reading gives is the same as the program's for the same
//! pixels and settings (the program is a front end to this API; checked by
//! `tests/integration` on the development scans). The page deadline is
//! Tesseract's own (`ETEXT_DESC` deadline): recognition stops at it and the
//! page is an error, as a killed `tesseract` was.
//!
//! Tesseract is built with OpenMP, which reads `OMP_THREAD_LIMIT` once, when
//! the library is loaded: the in-process engine is used only when the
//! process was started with `OMP_THREAD_LIMIT=1` or set it before starting
//! threads (`limit_openmp_threads`, which `main` calls first), so that each
//! page uses one core, as the single-threaded child processes did.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use super::ocr_words::Rect;
use super::pgm::GrayImage;
use crate::error::IngestError;

/// The environment variable that, set to `cli`, keeps Tesseract out of
/// this process (every reading a `tesseract` child process).
pub const ENGINE_ENV: &str = "LEXSARAH_TESSERACT";

/// Set `OMP_THREAD_LIMIT=1` for this process, unless it is set already.
///
/// # Safety
/// Must run before the process starts threads (it changes the environment).
pub unsafe fn limit_openmp_threads() {
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        // SAFETY: the caller guarantees no other thread runs yet.
        unsafe { std::env::set_var("OMP_THREAD_LIMIT", "1") };
    }
}

type Api = *mut c_void;

/// The C API functions used.
struct Lib {
    create: unsafe extern "C" fn() -> Api,
    delete: unsafe extern "C" fn(Api),
    init3: unsafe extern "C" fn(Api, *const c_char, *const c_char) -> c_int,
    end: unsafe extern "C" fn(Api),
    set_psm: unsafe extern "C" fn(Api, c_int),
    set_image: unsafe extern "C" fn(Api, *const u8, c_int, c_int, c_int, c_int),
    set_resolution: unsafe extern "C" fn(Api, c_int),
    set_rectangle: unsafe extern "C" fn(Api, c_int, c_int, c_int, c_int),
    recognize: unsafe extern "C" fn(Api, *mut c_void) -> c_int,
    tsv: unsafe extern "C" fn(Api, c_int) -> *mut c_char,
    delete_text: unsafe extern "C" fn(*const c_char),
    clear: unsafe extern "C" fn(Api),
    monitor_create: unsafe extern "C" fn() -> *mut c_void,
    monitor_delete: unsafe extern "C" fn(*mut c_void),
    monitor_deadline: unsafe extern "C" fn(*mut c_void, c_int),
    version: unsafe extern "C" fn() -> *const c_char,
}

/// The library names tried, in order.
const LIB_NAMES: &[&str] = &["libtesseract.so.5", "libtesseract.so"];

/// The loaded library, or why there is none.
fn lib() -> Result<&'static Lib, &'static str> {
    static LIB: OnceLock<Result<Lib, String>> = OnceLock::new();
    LIB.get_or_init(load)
        .as_ref()
        .map_err(|e: &String| e.as_str())
}

fn load() -> Result<Lib, String> {
    if std::env::var(ENGINE_ENV).is_ok_and(|v| v == "cli") {
        return Err(format!("{ENGINE_ENV}=cli"));
    }
    if std::env::var("OMP_THREAD_LIMIT").ok().as_deref() != Some("1") {
        return Err("OMP_THREAD_LIMIT is not 1 in this process".into());
    }
    // SAFETY: loading libtesseract runs its initialisers, which do no more
    // than set up the library; the library is never unloaded (leaked
    // below), so the function pointers taken from it stay valid.
    let library = LIB_NAMES
        .iter()
        .find_map(|name| unsafe { libloading::Library::new(name) }.ok())
        .ok_or_else(|| "libtesseract.so.5 not found".to_string())?;
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    /// The function `name` of the library, as the field type `T` says.
    ///
    /// # Safety
    /// `T` must be the C signature of `name` (capi.h, Tesseract 4 and 5).
    unsafe fn sym<T: Copy>(lib: &'static libloading::Library, name: &str) -> Result<T, String> {
        // SAFETY: the caller gives the symbol's true type.
        unsafe { lib.get::<T>(name.as_bytes()) }
            .map(|f| *f)
            .map_err(|e| format!("libtesseract has no {name}: {e}"))
    }
    // SAFETY: each symbol is the C API function of that name, whose
    // signature (capi.h, Tesseract 4 and 5) is the field's type.
    unsafe {
        let l = library;
        let lib = Lib {
            create: sym(l, "TessBaseAPICreate")?,
            delete: sym(l, "TessBaseAPIDelete")?,
            init3: sym(l, "TessBaseAPIInit3")?,
            end: sym(l, "TessBaseAPIEnd")?,
            set_psm: sym(l, "TessBaseAPISetPageSegMode")?,
            set_image: sym(l, "TessBaseAPISetImage")?,
            set_resolution: sym(l, "TessBaseAPISetSourceResolution")?,
            set_rectangle: sym(l, "TessBaseAPISetRectangle")?,
            recognize: sym(l, "TessBaseAPIRecognize")?,
            tsv: sym(l, "TessBaseAPIGetTsvText")?,
            delete_text: sym(l, "TessDeleteText")?,
            clear: sym(l, "TessBaseAPIClear")?,
            monitor_create: sym(l, "TessMonitorCreate")?,
            monitor_delete: sym(l, "TessMonitorDelete")?,
            monitor_deadline: sym(l, "TessMonitorSetDeadlineMSecs")?,
            version: sym(l, "TessVersion")?,
        };
        // Only Tesseract 4 and 5 have this API and the LSTM models.
        let v = CStr::from_ptr((lib.version)())
            .to_string_lossy()
            .into_owned();
        if !(v.starts_with('4') || v.starts_with('5')) {
            return Err(format!("libtesseract {v} is not version 4 or 5"));
        }
        Ok(lib)
    }
}

/// A `TessBaseAPI` with a language loaded.
pub struct Engine {
    api: Api,
    lang: String,
}

// SAFETY: a TessBaseAPI may be used from any thread, one at a time; an
// Engine is only reached through `&mut` (checked out of the pool).
unsafe impl Send for Engine {}

impl Engine {
    fn new(lib: &Lib, lang: &str) -> Result<Engine, String> {
        let c_lang = CString::new(lang).map_err(|e| e.to_string())?;
        // SAFETY: create returns a fresh API or null; init3 with a null
        // data path uses the library's own tessdata.
        unsafe {
            let api = (lib.create)();
            if api.is_null() {
                return Err("TessBaseAPICreate failed".into());
            }
            if (lib.init3)(api, std::ptr::null(), c_lang.as_ptr()) != 0 {
                (lib.delete)(api);
                return Err(format!(
                    "Tesseract could not load the '{lang}' language data"
                ));
            }
            Ok(Engine {
                api,
                lang: lang.to_string(),
            })
        }
    }

    /// Read `img` (or the `region` of it) with page segmentation mode
    /// `psm`, telling Tesseract the image is `dpi`; the TSV text, word boxes
    /// in the whole image's pixels. Stops at `timeout`.
    pub fn read(
        &mut self,
        img: &GrayImage,
        psm: u8,
        dpi: u32,
        region: Option<Rect>,
        timeout: Duration,
    ) -> Result<String, IngestError> {
        let lib = lib().map_err(|e| IngestError::Ocr(e.to_string()))?;
        let (w, h) = (img.width as c_int, img.height as c_int);
        if w <= 0 || h <= 0 || img.pixels.len() != img.width as usize * img.height as usize {
            return Err(IngestError::Ocr("page image is empty".into()));
        }
        let ms = c_int::try_from(timeout.as_millis()).unwrap_or(c_int::MAX);
        // SAFETY: the pixels outlive the call (Tesseract copies them in
        // SetImage); the rectangle is clamped to the image; the monitor is
        // deleted after Recognize returns; the TSV text is freed with
        // TessDeleteText after being copied.
        unsafe {
            (lib.set_psm)(self.api, c_int::from(psm));
            (lib.set_image)(self.api, img.pixels.as_ptr(), w, h, 1, w);
            (lib.set_resolution)(self.api, dpi as c_int);
            if let Some(r) = region {
                let x = r.x.clamp(0, w - 1);
                let y = r.y.clamp(0, h - 1);
                let rw = (r.right().min(w) - x).max(1);
                let rh = (r.bottom().min(h) - y).max(1);
                (lib.set_rectangle)(self.api, x, y, rw, rh);
            }
            let monitor = (lib.monitor_create)();
            if !monitor.is_null() {
                (lib.monitor_deadline)(monitor, ms);
            }
            let started = std::time::Instant::now();
            let rc = (lib.recognize)(self.api, monitor);
            if !monitor.is_null() {
                (lib.monitor_delete)(monitor);
            }
            if rc != 0 {
                (lib.clear)(self.api);
                // Recognize gives up (-1) at the monitor's deadline.
                return Err(IngestError::Ocr(
                    if started.elapsed() + Duration::from_millis(50) >= timeout {
                        format!("tesseract was stopped after {} s", timeout.as_secs())
                    } else {
                        format!("tesseract failed (Recognize {rc})")
                    },
                ));
            }
            let p = (lib.tsv)(self.api, 0);
            if p.is_null() {
                (lib.clear)(self.api);
                return Err(IngestError::Ocr("tesseract gave no TSV text".into()));
            }
            let text = CStr::from_ptr(p).to_string_lossy().into_owned();
            (lib.delete_text)(p);
            (lib.clear)(self.api);
            Ok(text)
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Ok(lib) = lib() {
            // SAFETY: the API was created by this library and is dropped
            // once.
            unsafe {
                (lib.end)(self.api);
                (lib.delete)(self.api);
            }
        }
    }
}

/// Engines not in use.
static POOL: Mutex<Vec<Engine>> = Mutex::new(Vec::new());

/// Run `f` with an engine for `lang` (taken from the pool, or created and
/// the model loaded), returning it to the pool after. `Err` when Tesseract
/// cannot run in this process (then the caller uses the program).
pub fn with_engine<R>(lang: &str, f: impl FnOnce(&mut Engine) -> R) -> Result<R, String> {
    let lib = lib().map_err(str::to_string)?;
    let taken = {
        let mut pool = POOL.lock().unwrap_or_else(|p| p.into_inner());
        pool.iter()
            .position(|e| e.lang == lang)
            .map(|i| pool.swap_remove(i))
    };
    let mut engine = match taken {
        Some(e) => e,
        None => {
            let e = Engine::new(lib, lang)?;
            // After the first model load, which registers the library's
            // cache destructor: exit handlers run last registered first.
            register_exit_hook();
            e
        }
    };
    let r = f(&mut engine);
    POOL.lock().unwrap_or_else(|p| p.into_inner()).push(engine);
    Ok(r)
}

/// Can an engine for `lang` run here? (Creates one and pools it.)
pub fn available(lang: &str) -> Result<(), String> {
    with_engine(lang, |_| ())
}

/// Free the pooled engines before the library's own static destructors
/// run at exit (else Tesseract reports the language data of each live
/// engine as leaked, on stderr).
fn register_exit_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    extern "C" fn end_all() {
        if let Ok(mut pool) = POOL.try_lock() {
            pool.clear();
        }
    }
    ONCE.call_once(|| {
        // SAFETY: registering a handler with no arguments; it only takes
        // the pool's lock without waiting.
        unsafe {
            libc::atexit(end_all);
        }
    });
}
