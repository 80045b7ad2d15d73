//! SIGINT and SIGTERM: the first asks the run to stop (no new file is
//! started; what is finished is kept where that is safe; temporaries go);
//! a second one ends the process at once with 128 + the signal, as the
//! shell's default would.

use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

static REQUESTED: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));
static SIGNAL: LazyLock<Arc<AtomicUsize>> = LazyLock::new(|| Arc::new(AtomicUsize::new(0)));

/// Install the handlers (once, by the commands that run batches).
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    for sig in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag before this signal sets it.
        let _ = flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&REQUESTED));
        let _ = flag::register_usize(sig, Arc::clone(&SIGNAL), sig as usize);
        let _ = flag::register(sig, Arc::clone(&REQUESTED));
    }
}

/// The signal that asked the run to stop, if one has.
pub fn requested() -> Option<i32> {
    if REQUESTED.load(Ordering::SeqCst) {
        Some(SIGNAL.load(Ordering::SeqCst) as i32)
    } else {
        None
    }
}

/// The name of `sig` for messages.
pub fn name(sig: i32) -> &'static str {
    match sig {
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}
