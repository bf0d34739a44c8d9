//! The storage behind `dict`: insertion-ordered, with O(1) insertion,
//! lookup and deletion anywhere.
//!
//! The layout is CPython's compact dict (`Objects/dictobject.c`): the
//! entries sit in a vector in insertion order, and a hash table maps a key's
//! hash to its entry's position. Deleting an entry leaves a hole in the
//! vector instead of shifting every later entry down one place, which made
//! `del d[oldest]` cost the dict's size (a FIFO of 100,000 pending requests
//! took minutes). The holes are squeezed out when an insertion finds more
//! holes than entries, so their cost is paid once per deletion.
//!
//! Two positions are kept so that the ends cost nothing either: no entry
//! lies before `head` (so `next(iter(d))`, `popitem(last=False)` and
//! iteration skip the holes left by deleting from the front), and the last
//! slot of the vector always holds an entry (deleting the last one drops
//! the trailing holes, so `popitem()` stays O(1)).
//!
//! A live iterator walks positions ([`Dict::next_from`]); the positions
//! move only when the holes are squeezed out, which takes an insertion and
//! so a change the iterator is told about (see `ops::PyIter::Dict`).

use crate::exc::Exc;
use crate::value::{BuildHash, Key, Value};
use hashbrown::HashTable;
use std::cell::RefCell;
use std::hash::BuildHasher;
use std::rc::Rc;

/// One key and its value, with the key's hash kept so that rebuilding the
/// table never calls a user `__hash__` again (CPython keeps it too).
#[derive(Clone)]
struct Entry {
    hash: u64,
    key: Key,
    value: Value,
}

/// An insertion-ordered `dict`.
#[derive(Default)]
pub struct Dict {
    /// The entries in insertion order; `None` where one was deleted.
    entries: Vec<Option<Entry>>,
    /// Positions in `entries`, by the hash of their key.
    table: HashTable<usize>,
    /// How many entries are `Some`.
    live: usize,
    /// No entry lies before this position; when `live > 0`,
    /// `entries[head]` is one.
    head: usize,
}

/// Fewer holes than this are never squeezed out: small dicts keep theirs.
const MIN_HOLES: usize = 16;

fn hash_of(key: &Key) -> u64 {
    BuildHash::default().hash_one(key)
}

/// How the table finds a position's hash when it grows: from the entry.
fn rehash(entries: &[Option<Entry>]) -> impl Fn(&usize) -> u64 + '_ {
    |&i| {
        entries
            .get(i)
            .and_then(Option::as_ref)
            .map_or(0, |e| e.hash)
    }
}

impl std::fmt::Debug for Dict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Clone for Dict {
    /// A copy without the holes.
    fn clone(&self) -> Dict {
        let mut d = Dict::with_capacity(self.live);
        for e in self.entries.iter().flatten() {
            d.push(e.clone());
        }
        d
    }
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// An empty dict with room for `n` entries.
    pub fn with_capacity(n: usize) -> Dict {
        Dict {
            entries: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
            live: 0,
            head: 0,
        }
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The position of `key`'s entry.
    fn find(&self, hash: u64, key: &Key) -> Option<usize> {
        let entries = &self.entries;
        self.table
            .find(
                hash,
                |&i| matches!(entries.get(i), Some(Some(e)) if e.hash == hash && *key == e.key),
            )
            .copied()
    }

    fn entry_at(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i).and_then(Option::as_ref)
    }

    /// The value of `key`.
    pub fn get(&self, key: &Key) -> Option<&Value> {
        let i = self.find(hash_of(key), key)?;
        self.entry_at(i).map(|e| &e.value)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &Key) -> Option<&mut Value> {
        let i = self.find(hash_of(key), key)?;
        self.entries
            .get_mut(i)
            .and_then(Option::as_mut)
            .map(|e| &mut e.value)
    }

    /// Whether it holds `key`.
    pub fn contains_key(&self, key: &Key) -> bool {
        self.find(hash_of(key), key).is_some()
    }

    /// Sets `key` to `value`, and returns the value it replaced. A key
    /// already there keeps its place and its first spelling (`d[1] = …`
    /// then `d[1.0] = …` leaves the key `1`), as in CPython.
    pub fn insert(&mut self, key: Key, value: Value) -> Option<Value> {
        let hash = hash_of(&key);
        if let Some(i) = self.find(hash, &key) {
            if let Some(Some(e)) = self.entries.get_mut(i) {
                return Some(std::mem::replace(&mut e.value, value));
            }
        }
        self.push(Entry { hash, key, value });
        None
    }

    /// The value of `key`, set to `make()` first when it is missing
    /// (`dict.setdefault`).
    pub fn setdefault(&mut self, key: Key, make: impl FnOnce() -> Value) -> Value {
        let hash = hash_of(&key);
        if let Some(i) = self.find(hash, &key) {
            if let Some(e) = self.entry_at(i) {
                return e.value.clone();
            }
        }
        let value = make();
        self.push(Entry {
            hash,
            key,
            value: value.clone(),
        });
        value
    }

    /// Appends an entry whose key is not in the dict.
    fn push(&mut self, e: Entry) {
        if self.entries.len() - self.live >= MIN_HOLES.max(self.live) {
            self.squeeze();
        }
        // An empty dict has no slots (see `take_at`), so `head` is 0 and
        // points at the entry about to be pushed.
        debug_assert!(self.live > 0 || self.entries.is_empty());
        let at = self.entries.len();
        self.table.insert_unique(e.hash, at, rehash(&self.entries));
        self.entries.push(Some(e));
        self.live += 1;
    }

    /// Drops the holes: the entries move down, and the table is rebuilt
    /// from their kept hashes.
    fn squeeze(&mut self) {
        self.entries.retain(Option::is_some);
        self.table.clear();
        for (at, e) in self.entries.iter().enumerate() {
            if let Some(e) = e {
                self.table.insert_unique(e.hash, at, rehash(&self.entries));
            }
        }
        self.head = 0;
    }

    /// Takes the entry at `at` out of the table and leaves a hole.
    fn take_at(&mut self, at: usize) -> Option<Entry> {
        let e = self.entries.get_mut(at)?.take()?;
        if let Ok(found) = self.table.find_entry(e.hash, |&i| i == at) {
            found.remove();
        }
        self.live -= 1;
        if self.live == 0 {
            self.entries.clear();
            self.head = 0;
            return Some(e);
        }
        // Keep the last slot an entry, and `head` on the first one.
        while matches!(self.entries.last(), Some(None)) {
            self.entries.pop();
        }
        if at == self.head {
            while matches!(self.entries.get(self.head), Some(None)) {
                self.head += 1;
            }
        }
        Some(e)
    }

    /// Deletes `key` and returns its value.
    pub fn remove(&mut self, key: &Key) -> Option<Value> {
        let at = self.find(hash_of(key), key)?;
        self.take_at(at).map(|e| e.value)
    }

    /// The last entry in insertion order.
    pub fn last(&self) -> Option<(&Key, &Value)> {
        self.entries
            .last()
            .and_then(Option::as_ref)
            .map(|e| (&e.key, &e.value))
    }

    /// Deletes and returns the first entry.
    pub fn pop_first(&mut self) -> Option<(Key, Value)> {
        if self.live == 0 {
            return None;
        }
        self.take_at(self.head).map(|e| (e.key, e.value))
    }

    /// Deletes and returns the last entry.
    pub fn pop(&mut self) -> Option<(Key, Value)> {
        let at = self.entries.len().checked_sub(1)?;
        self.take_at(at).map(|e| (e.key, e.value))
    }

    /// Moves `key` to the end; false when it is missing.
    pub fn move_to_end(&mut self, key: &Key) -> bool {
        let Some(at) = self.find(hash_of(key), key) else {
            return false;
        };
        if at + 1 == self.entries.len() {
            return true;
        }
        match self.take_at(at) {
            Some(e) => {
                self.push(e);
                true
            }
            None => false,
        }
    }

    /// Moves `key` to the front; false when it is missing. This one costs
    /// the dict's size (CPython's `OrderedDict` is a linked list; ours is
    /// a plain dict, and moving to the front is the rare direction).
    pub fn move_to_front(&mut self, key: &Key) -> bool {
        let Some(at) = self.find(hash_of(key), key) else {
            return false;
        };
        if at == self.head {
            return true;
        }
        let Some(e) = self.take_at(at) else {
            return false;
        };
        let rest = std::mem::take(&mut self.entries);
        *self = Dict::with_capacity(self.live + 1);
        self.push(e);
        for e in rest.into_iter().flatten() {
            self.push(e);
        }
        true
    }

    /// Empties it.
    pub fn clear(&mut self) {
        *self = Dict::default();
    }

    /// Keeps the entries for which `keep(key, value)` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Key, &mut Value) -> bool) {
        for slot in &mut self.entries {
            if let Some(e) = slot {
                if !keep(&e.key, &mut e.value) {
                    *slot = None;
                }
            }
        }
        self.live = self.entries.iter().flatten().count();
        self.squeeze();
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Key, &Value)> + Clone {
        self.entries[self.head.min(self.entries.len())..]
            .iter()
            .flatten()
            .map(|e| (&e.key, &e.value))
    }

    /// The keys in insertion order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Key> + Clone {
        self.iter().map(|(k, _)| k)
    }

    /// The values in insertion order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + Clone {
        self.iter().map(|(_, v)| v)
    }

    /// The first entry at position `at` or after, with its position: what a
    /// live iterator steps with (it asks next for the position after).
    pub fn next_from(&self, at: usize) -> Option<(usize, &Key, &Value)> {
        let from = at.max(self.head);
        self.entries
            .get(from..)?
            .iter()
            .enumerate()
            .find_map(|(i, e)| e.as_ref().map(|e| (from + i, &e.key, &e.value)))
    }

    /// The last entry before position `before`, with its position: what a
    /// live reversed iterator steps with.
    pub fn prev_before(&self, before: usize) -> Option<(usize, &Key, &Value)> {
        let to = before.min(self.entries.len());
        let from = self.head.min(to);
        self.entries
            .get(from..to)?
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, e)| e.as_ref().map(|e| (from + i, &e.key, &e.value)))
    }

    /// One past the last position: where a reversed iterator starts.
    pub fn end(&self) -> usize {
        self.entries.len()
    }
}

impl Extend<(Key, Value)> for Dict {
    fn extend<I: IntoIterator<Item = (Key, Value)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl IntoIterator for Dict {
    type Item = (Key, Value);
    type IntoIter = IntoIter;

    /// The entries in insertion order.
    fn into_iter(self) -> IntoIter {
        IntoIter(self.entries.into_iter().flatten())
    }
}

/// A dict's entries, taken out in insertion order.
#[allow(missing_debug_implementations)]
pub struct IntoIter(std::iter::Flatten<std::vec::IntoIter<Option<Entry>>>);

impl Iterator for IntoIter {
    type Item = (Key, Value);

    fn next(&mut self) -> Option<(Key, Value)> {
        self.0.next().map(|e| (e.key, e.value))
    }
}

impl FromIterator<(Key, Value)> for Dict {
    fn from_iter<I: IntoIterator<Item = (Key, Value)>>(items: I) -> Dict {
        let mut d = Dict::new();
        d.extend(items);
        d
    }
}

/// Which part of each entry a dict view or iterator gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictPart {
    /// `d.keys()`, `iter(d)`
    Keys,
    /// `d.values()`
    Values,
    /// `d.items()`: `(key, value)` tuples
    Items,
}

/// A live iteration over a dict, CPython's `dictiter`: it sees a value
/// changed meanwhile, raises `RuntimeError` once the dict changed size
/// (and keeps raising), and ends for good once it ended.
pub struct DictIter {
    /// `None` once the iteration ended.
    dict: Option<Rc<RefCell<Dict>>>,
    /// The position to look from (forwards: at or after; backwards: before).
    pos: usize,
    /// The dict's size when the iteration began; `usize::MAX` once it
    /// changed, so the error sticks.
    len: usize,
    /// How many entries are still to come: finding more means the keys
    /// were changed under the iteration.
    left: usize,
    part: DictPart,
    backwards: bool,
}

impl std::fmt::Debug for DictIter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DictIter({:?}, {} left)", self.part, self.left)
    }
}

impl DictIter {
    /// An iteration over `dict` from its first entry, or from its last when
    /// `backwards` (`reversed(d)`).
    pub fn new(dict: Rc<RefCell<Dict>>, part: DictPart, backwards: bool) -> DictIter {
        let (len, pos) = {
            let d = dict.borrow();
            (d.len(), if backwards { d.end() } else { 0 })
        };
        DictIter {
            dict: Some(dict),
            pos,
            len,
            left: len,
            part,
            backwards,
        }
    }

    /// The next key, value or item, or `None` at the end.
    ///
    /// # Errors
    ///
    /// `RuntimeError` when the dict changed size since the iteration began,
    /// or its keys changed without its size changing.
    pub fn step(&mut self) -> Result<Option<Value>, Exc> {
        let Some(dict) = &self.dict else {
            return Ok(None);
        };
        let d = dict.borrow();
        if d.len() != self.len {
            self.len = usize::MAX;
            return Err(Exc::runtime_error(
                "dictionary changed size during iteration",
            ));
        }
        let found = if self.backwards {
            d.prev_before(self.pos)
        } else {
            d.next_from(self.pos)
        };
        let Some((at, k, v)) = found else {
            drop(d);
            self.dict = None;
            return Ok(None);
        };
        if self.left == 0 {
            self.len = usize::MAX;
            return Err(Exc::runtime_error(
                "dictionary keys changed during iteration",
            ));
        }
        self.left -= 1;
        self.pos = if self.backwards { at } else { at + 1 };
        Ok(Some(match self.part {
            DictPart::Keys => k.0.clone(),
            DictPart::Values => v.clone(),
            DictPart::Items => Value::tuple(vec![k.0.clone(), v.clone()]),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(i: i64) -> Key {
        Key(Value::Int(i))
    }

    fn keys(d: &Dict) -> Vec<i64> {
        d.keys()
            .map(|k| match k.0 {
                Value::Int(i) => i,
                _ => -1,
            })
            .collect()
    }

    #[test]
    fn deleting_from_the_front_keeps_order_and_finds_the_rest() {
        let mut d = Dict::new();
        for i in 0..100 {
            d.insert(k(i), Value::Int(i * 10));
        }
        for i in 0..60 {
            assert!(d.remove(&k(i)).is_some());
        }
        assert_eq!(d.len(), 40);
        assert_eq!(keys(&d), (60..100).collect::<Vec<_>>());
        assert!(d.get(&k(59)).is_none());
        assert!(matches!(d.get(&k(61)), Some(Value::Int(610))));
        assert!(matches!(d.iter().next(), Some((Key(Value::Int(60)), _))));
        // An insertion squeezes the holes out; everything is still found.
        d.insert(k(1000), Value::None);
        assert_eq!(d.entries.len(), 41);
        for i in 60..100 {
            assert!(d.contains_key(&k(i)), "{i}");
        }
        assert_eq!(keys(&d).last(), Some(&1000));
    }

    #[test]
    fn the_ends_stay_entries() {
        let mut d: Dict = (0..10).map(|i| (k(i), Value::None)).collect();
        assert!(d.remove(&k(8)).is_some());
        assert!(d.remove(&k(9)).is_some());
        assert_eq!(d.entries.len(), 8);
        assert!(matches!(d.pop(), Some((Key(Value::Int(7)), _))));
        assert!(matches!(d.pop_first(), Some((Key(Value::Int(0)), _))));
        assert!(d.remove(&k(1)).is_some());
        assert_eq!(d.head, 2);
        assert_eq!(keys(&d), vec![2, 3, 4, 5, 6]);
        let back: Vec<i64> = d
            .iter()
            .rev()
            .map(|(k, _)| match k.0 {
                Value::Int(i) => i,
                _ => -1,
            })
            .collect();
        assert_eq!(back, vec![6, 5, 4, 3, 2]);
        while d.pop().is_some() {}
        assert!(d.is_empty() && d.entries.is_empty() && d.iter().next().is_none());
    }

    #[test]
    fn moving_keeps_every_key() {
        let mut d: Dict = (0..5).map(|i| (k(i), Value::Int(i))).collect();
        assert!(d.move_to_end(&k(1)));
        assert!(d.move_to_front(&k(3)));
        assert!(!d.move_to_end(&k(9)));
        assert_eq!(keys(&d), vec![3, 0, 2, 4, 1]);
        for i in 0..5 {
            assert!(matches!(d.get(&k(i)), Some(Value::Int(j)) if *j == i));
        }
    }

    #[test]
    fn a_live_walk_sees_positions_in_order() {
        let mut d: Dict = (0..6).map(|i| (k(i), Value::None)).collect();
        d.remove(&k(2));
        let mut at = 0;
        let mut seen = Vec::new();
        while let Some((i, key, _)) = d.next_from(at) {
            seen.push(key.clone());
            at = i + 1;
        }
        assert_eq!(seen.len(), 5);
        let mut at = d.end();
        let mut back = 0;
        while let Some((i, _, _)) = d.prev_before(at) {
            back += 1;
            at = i;
        }
        assert_eq!(back, 5);
    }
}
