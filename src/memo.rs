//! Per-thread memory of what a pure per-line test answered.
//!
//! An archive holds the same forms thousands of times: the labels,
//! headings, box rows and boilerplate of a form are the same lines in every
//! file (91 % of the non-empty lines of the generated 1000-document corpus
//! occur more than once; the form lines of real archives the same way).
//! The vocabulary tests that run on every line (is it a heading, a date
//! label, an OCR-damaged label) are pure functions of the line's text, so
//! each distinct line need meet their patterns once per worker thread, not
//! once per file.
//!
//! Each memory is bounded: keys longer than [`MAX_KEY`] bytes are not kept
//! (running text seldom repeats and the tests leave such lines early), and
//! a memory that reaches [`MAX_ENTRIES`] is emptied and refilled, so a
//! worker holds at most a few megabytes whatever the size of the run.
//! Answers never depend on what is remembered: a test that misses computes
//! exactly what it would have without the memory.
//!
//! A line is remembered by its 128-bit XXH3 hash, not by its text: a
//! lookup then reads one table slot instead of following a pointer to the
//! stored text and comparing it, which was the larger part of a lookup's
//! cost (a cache miss on the key, `memcmp` 8 % of the run). Two different
//! lines share an answer only if their 128-bit hashes are equal: for a
//! billion distinct lines the chance is below 10⁻²⁰, far below that of a
//! memory error, and the lines are an archive's text, not chosen against
//! the hash.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// Longest key (bytes) worth remembering.
pub const MAX_KEY: usize = 160;

/// Entries one memory holds before it starts over.
pub const MAX_ENTRIES: usize = 1 << 14;

/// One test's answers by line text.
pub struct Memo<V> {
    map: HashMap<u128, V, KeyIsHash>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            map: HashMap::with_capacity_and_hasher(256, KeyIsHash),
        }
    }
}

/// The map's keys are already hashes: their low 64 bits are the bucket hash.
#[derive(Clone, Copy, Default)]
pub struct KeyIsHash;

impl std::hash::BuildHasher for KeyIsHash {
    type Hasher = LowBits;
    fn build_hasher(&self) -> LowBits {
        LowBits(0)
    }
}

#[derive(Default)]
pub struct LowBits(u64);

impl std::hash::Hasher for LowBits {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u128 keys are hashed")
    }
    fn write_u128(&mut self, k: u128) {
        self.0 = k as u64;
    }
}

/// `f(key)`, answered from `memo` when this thread has met `key` before.
pub fn cached<V: Clone + 'static>(
    memo: &'static LocalKey<RefCell<Memo<V>>>,
    key: &str,
    f: impl FnOnce(&str) -> V,
) -> V {
    if key.len() > MAX_KEY {
        return f(key);
    }
    let h = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
    if let Some(v) = memo.with_borrow(|m| m.map.get(&h).cloned()) {
        return v;
    }
    // Computed outside the borrow: `f` may use other memories (never this
    // one again for the same key, but nothing here relies on that).
    let v = f(key);
    memo.with_borrow_mut(|m| {
        if m.map.len() >= MAX_ENTRIES {
            m.map.clear();
        }
        m.map.insert(h, v.clone());
    });
    v
}

/// Declares a thread-local [`Memo`] named `$name` of values `$v`.
#[macro_export]
macro_rules! line_memo {
    ($name:ident, $v:ty) => {
        thread_local! {
            static $name: ::std::cell::RefCell<$crate::memo::Memo<$v>> =
                ::std::cell::RefCell::new($crate::memo::Memo::default());
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    line_memo!(LEN, usize);

    thread_local! {
        static CALLS: Cell<usize> = const { Cell::new(0) };
    }

    fn counted_len(s: &str) -> usize {
        CALLS.with(|c| c.set(c.get() + 1));
        s.len()
    }

    #[test]
    fn answers_are_those_of_the_function_and_computed_once_per_key() {
        CALLS.with(|c| c.set(0));
        let keys = ["Rapporten avser", "Datum", "Rapporten avser", "", "Datum"];
        for k in keys {
            assert_eq!(cached(&LEN, k, counted_len), k.len(), "{k:?}");
        }
        assert_eq!(CALLS.with(Cell::get), 3, "three distinct keys");
        // A long key is computed every time and never stored.
        let long = "x".repeat(MAX_KEY + 1);
        assert_eq!(cached(&LEN, &long, counted_len), MAX_KEY + 1);
        assert_eq!(cached(&LEN, &long, counted_len), MAX_KEY + 1);
        assert_eq!(CALLS.with(Cell::get), 5);
    }

    #[test]
    fn a_full_memory_starts_over_and_stays_bounded() {
        line_memo!(IDENT, String);
        for i in 0..MAX_ENTRIES + 10 {
            let k = i.to_string();
            assert_eq!(cached(&IDENT, &k, str::to_string), k);
        }
        let n = IDENT.with_borrow(|m| m.map.len());
        assert!(n <= MAX_ENTRIES, "{n} entries");
        assert_eq!(n, 10, "emptied at the bound, then refilled");
    }
}
