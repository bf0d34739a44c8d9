//! Maps from task and resource ids to table rows.
//!
//! Ids are small numbers handed out in order, so they need no strong hash:
//! a multiplicative hash keeps a million look-ups cheap (the standard
//! SipHash is several times slower here).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Row index by id number.
pub(crate) type RowMap = HashMap<u64, usize, BuildHasherDefault<IdHasher>>;

/// A hasher for `u64` ids (Fibonacci hashing).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
