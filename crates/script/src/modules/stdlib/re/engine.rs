//! The `re` matching engine: a backtracking machine in the style of
//! CPython's `_sre`, over a slice of code points.
//!
//! A parsed [`Node`] tree compiles to a small program ([`Inst`]). The
//! machine keeps its choice points and undo records on an explicit stack
//! (never the native one), so long inputs cannot overflow it; lookarounds
//! and atomic groups run as nested machines on the same stack, nested only
//! as deep as the pattern nests them. Repeats of a single character (`\w+`,
//! `.*?`) are one instruction with one choice point; other repeats use
//! counters saved on the stack, with CPython's rule that an iteration
//! matching the empty string ends the loop.
//!
//! Every instruction and every backtrack is charged to a budget callback
//! (the interpreter's step counter), so a catastrophic pattern ends with
//! the usual step-limit error instead of freezing the page.

use super::parse::{At, ClassItem, ClassSet, Greed, Node};

/// One instruction.
#[derive(Debug, Clone)]
enum Inst {
    Char(char),
    /// A character compared case-insensitively (stored folded).
    CharI(char, bool),
    Any,
    AnyNl,
    Set(usize),
    At(At),
    /// Try `.0` first, then `.1`.
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Backref {
        group: usize,
        icase: bool,
        ascii: bool,
    },
    /// A repeat of the one-character instruction at `item` (the next
    /// one); the instruction after it continues.
    RepOne {
        min: u32,
        max: u32,
        lazy: bool,
    },
    RepStart(usize),
    RepLoop {
        id: usize,
        min: u32,
        max: u32,
        lazy: bool,
        exit: usize,
    },
    RepEnter(usize),
    /// A nested machine from the next instruction to its `Succeed`, then
    /// on to `next`.
    Look {
        behind: bool,
        neg: bool,
        width: usize,
        next: usize,
    },
    Atomic {
        next: usize,
    },
    /// Continue if the group has matched, else jump.
    Cond {
        group: usize,
        no: usize,
    },
    Succeed,
    Match,
}

/// What undoes a step or resumes an alternative.
enum Bt {
    Alt {
        pc: usize,
        pos: usize,
    },
    Slot {
        i: usize,
        old: usize,
        last: usize,
    },
    Counter {
        id: usize,
        count: u32,
        start: usize,
    },
    /// A greedy single-character repeat may give back down to `min_pos`.
    Greedy {
        pc: usize,
        min_pos: usize,
        pos: usize,
    },
    /// A lazy single-character repeat may take one more.
    Lazy {
        pc: usize,
        item: usize,
        pos: usize,
        count: u32,
        max: u32,
    },
}

/// "No position" in a capture slot.
const NONE: usize = usize::MAX;

/// A compiled pattern.
#[derive(Debug)]
pub struct Program {
    insts: Vec<Inst>,
    sets: Vec<ClassSet>,
    /// Capture groups, group 0 included.
    pub groups: usize,
    counters: usize,
    /// Whether a match can only start at the beginning (`\A`, `^`).
    anchored: bool,
    /// A character every match starts with.
    first: Option<char>,
}

/// How a match must fit the text.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Mode {
    /// At the start position only.
    Match,
    /// At the start position, ending at the end.
    Full,
    /// At the first position where it matches.
    Search,
}

/// A successful match: a `(start, end)` for each group, and the last
/// group closed (`lastindex`).
#[derive(Debug, Clone)]
pub struct Found {
    pub spans: Vec<Option<(usize, usize)>>,
    pub lastindex: Option<usize>,
}

/// `str.isspace`/`\s` for one character.
pub fn is_space(c: char, ascii: bool) -> bool {
    if ascii {
        matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
    } else {
        c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
    }
}

/// `\d`: a decimal digit (Unicode `Nd` for the common scripts).
pub fn is_digit(c: char, ascii: bool) -> bool {
    if c.is_ascii_digit() {
        return true;
    }
    if ascii || c.is_ascii() {
        return false;
    }
    const ZEROS: &[u32] = &[
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
        0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xAA50, 0xABF0, 0xFF10,
    ];
    let u = c as u32;
    ZEROS.iter().any(|z| (*z..*z + 10).contains(&u))
}

/// `\w`: alphanumeric or `_`.
pub fn is_word(c: char, ascii: bool) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    !ascii && c.is_alphanumeric()
}

/// The case fold used for `IGNORECASE` (simple lower case).
pub fn fold(c: char, ascii: bool) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if ascii {
        return c;
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

fn upper(c: char) -> char {
    let mut u = c.to_uppercase();
    match (u.next(), u.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

impl ClassSet {
    fn has(&self, c: char) -> bool {
        self.items.iter().any(|item| match *item {
            ClassItem::Range(lo, hi) => lo <= c && c <= hi,
            ClassItem::Digit(neg) => is_digit(c, self.ascii) != neg,
            ClassItem::Word(neg) => is_word(c, self.ascii) != neg,
            ClassItem::Space(neg) => is_space(c, self.ascii) != neg,
        })
    }

    /// Whether `c` is in the set (negation and case folding applied).
    pub fn contains(&self, c: char) -> bool {
        let mut hit = self.has(c);
        if !hit && self.icase && (!self.ascii || c.is_ascii()) {
            let l = fold(c, self.ascii);
            hit = (l != c && self.has(l)) || {
                let u = if self.ascii {
                    c.to_ascii_uppercase()
                } else {
                    upper(c)
                };
                u != c && self.has(u)
            };
        }
        hit != self.negated
    }
}

/// Compiles a parsed pattern.
pub fn compile(node: &Node, groups: usize) -> Program {
    let mut c = Compiler {
        insts: Vec::new(),
        sets: Vec::new(),
        counters: 0,
    };
    c.insts.push(Inst::Save(0));
    c.node(node);
    c.insts.push(Inst::Save(1));
    c.insts.push(Inst::Match);
    let anchored = starts_anchored(node);
    let first = first_char(node);
    Program {
        insts: c.insts,
        sets: c.sets,
        groups,
        counters: c.counters,
        anchored,
        first,
    }
}

fn starts_anchored(n: &Node) -> bool {
    match n {
        Node::At(At::Start) | Node::At(At::Bol(false)) => true,
        Node::Concat(v) => v.first().is_some_and(starts_anchored),
        Node::Group(_, n) | Node::Atomic(n) => starts_anchored(n),
        Node::Alt(v) => !v.is_empty() && v.iter().all(starts_anchored),
        _ => false,
    }
}

fn first_char(n: &Node) -> Option<char> {
    match n {
        Node::Char {
            c, icase: false, ..
        } => Some(*c),
        Node::Concat(v) => v.first().and_then(first_char),
        Node::Group(_, n) | Node::Atomic(n) => first_char(n),
        Node::Repeat { node, min, .. } if *min > 0 => first_char(node),
        _ => None,
    }
}

struct Compiler {
    insts: Vec<Inst>,
    sets: Vec<ClassSet>,
    counters: usize,
}

impl Compiler {
    fn pc(&self) -> usize {
        self.insts.len()
    }

    /// Compiles a node whose match is always one character, if it is one.
    fn one(&mut self, n: &Node) -> bool {
        let inst = match n {
            Node::Char { c, icase, ascii } => {
                if *icase && (fold(*c, *ascii) != *c || upper(*c) != *c) {
                    Inst::CharI(fold(*c, *ascii), *ascii)
                } else {
                    Inst::Char(*c)
                }
            }
            Node::Any { dotall } => {
                if *dotall {
                    Inst::Any
                } else {
                    Inst::AnyNl
                }
            }
            Node::Class(set) => {
                self.sets.push((**set).clone());
                Inst::Set(self.sets.len() - 1)
            }
            _ => return false,
        };
        self.insts.push(inst);
        true
    }

    fn node(&mut self, n: &Node) {
        if self.one(n) {
            return;
        }
        match n {
            Node::Empty => {}
            Node::Char { .. } | Node::Any { .. } | Node::Class(_) => {}
            Node::At(a) => self.insts.push(Inst::At(*a)),
            Node::Group(g, n) => match g {
                Some(g) => {
                    self.insts.push(Inst::Save(2 * g));
                    self.node(n);
                    self.insts.push(Inst::Save(2 * g + 1));
                }
                None => self.node(n),
            },
            Node::Concat(v) => {
                for n in v {
                    self.node(n);
                }
            }
            Node::Alt(v) => {
                let mut jumps = Vec::new();
                for (i, n) in v.iter().enumerate() {
                    if i + 1 < v.len() {
                        let split = self.pc();
                        self.insts.push(Inst::Split(split + 1, 0));
                        self.node(n);
                        jumps.push(self.pc());
                        self.insts.push(Inst::Jmp(0));
                        let next = self.pc();
                        self.insts[split] = Inst::Split(split + 1, next);
                    } else {
                        self.node(n);
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.insts[j] = Inst::Jmp(end);
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                greed,
            } => {
                if *greed == Greed::Possessive {
                    let at = self.pc();
                    self.insts.push(Inst::Atomic { next: 0 });
                    self.node(&Node::Repeat {
                        node: node.clone(),
                        min: *min,
                        max: *max,
                        greed: Greed::Greedy,
                    });
                    self.insts.push(Inst::Succeed);
                    let next = self.pc();
                    self.insts[at] = Inst::Atomic { next };
                    return;
                }
                let lazy = *greed == Greed::Lazy;
                let at = self.pc();
                self.insts.push(Inst::RepOne {
                    min: *min,
                    max: *max,
                    lazy,
                });
                if self.one(node) {
                    return;
                }
                self.insts.truncate(at);
                let id = self.counters;
                self.counters += 1;
                self.insts.push(Inst::RepStart(id));
                let lp = self.pc();
                self.insts.push(Inst::RepLoop {
                    id,
                    min: *min,
                    max: *max,
                    lazy,
                    exit: 0,
                });
                self.insts.push(Inst::RepEnter(id));
                self.node(node);
                self.insts.push(Inst::Jmp(lp));
                let exit = self.pc();
                self.insts[lp] = Inst::RepLoop {
                    id,
                    min: *min,
                    max: *max,
                    lazy,
                    exit,
                };
            }
            Node::Backref {
                group,
                icase,
                ascii,
            } => self.insts.push(Inst::Backref {
                group: *group,
                icase: *icase,
                ascii: *ascii,
            }),
            Node::Look {
                behind,
                neg,
                width,
                node,
            } => {
                let at = self.pc();
                self.insts.push(Inst::Succeed);
                self.node(node);
                self.insts.push(Inst::Succeed);
                let width = *width;
                let next = self.pc();
                self.insts[at] = Inst::Look {
                    behind: *behind,
                    neg: *neg,
                    width,
                    next,
                };
            }
            Node::Atomic(node) => {
                let at = self.pc();
                self.insts.push(Inst::Succeed);
                self.node(node);
                self.insts.push(Inst::Succeed);
                let next = self.pc();
                self.insts[at] = Inst::Atomic { next };
            }
            Node::Cond { group, yes, no } => {
                let at = self.pc();
                self.insts.push(Inst::Cond {
                    group: *group,
                    no: 0,
                });
                self.node(yes);
                let j = self.pc();
                self.insts.push(Inst::Jmp(0));
                let no_pc = self.pc();
                self.node(no);
                let end = self.pc();
                self.insts[at] = Inst::Cond {
                    group: *group,
                    no: no_pc,
                };
                self.insts[j] = Inst::Jmp(end);
            }
        }
    }
}

/// The matching machine's state for one attempt.
struct Machine<'a, E> {
    prog: &'a Program,
    text: &'a [char],
    slots: Vec<usize>,
    lastindex: usize,
    counters: Vec<(u32, usize)>,
    stack: Vec<Bt>,
    tick: &'a mut dyn FnMut() -> Result<(), E>,
    full: bool,
    /// A match may not end here (an empty match right after another).
    reject_end: Option<usize>,
}

impl<E> Machine<'_, E> {
    /// Whether the one-character instruction at `pc` matches at `pos`.
    fn one(&self, pc: usize, pos: usize) -> bool {
        let Some(&c) = self.text.get(pos) else {
            return false;
        };
        match &self.prog.insts[pc] {
            Inst::Char(x) => c == *x,
            Inst::CharI(x, ascii) => fold(c, *ascii) == *x || c == *x,
            Inst::Any => true,
            Inst::AnyNl => c != '\n',
            Inst::Set(i) => self.prog.sets[*i].contains(c),
            _ => false,
        }
    }

    fn word_at(&self, pos: usize, ascii: bool) -> bool {
        self.text.get(pos).is_some_and(|c| is_word(*c, ascii))
    }

    fn at(&self, a: At, pos: usize) -> bool {
        let n = self.text.len();
        match a {
            At::Start => pos == 0,
            At::End => pos == n,
            At::Bol(multi) => pos == 0 || (multi && self.text[pos - 1] == '\n'),
            At::Eol(multi) => pos == n || (self.text[pos] == '\n' && (multi || pos + 1 == n)),
            At::Boundary(ascii) | At::NotBoundary(ascii) => {
                let before = pos > 0 && self.word_at(pos - 1, ascii);
                let after = self.word_at(pos, ascii);
                // Neither matches in an empty string.
                n > 0 && matches!(a, At::Boundary(_)) == (before != after)
            }
        }
    }

    fn set_slot(&mut self, i: usize, v: usize) {
        self.stack.push(Bt::Slot {
            i,
            old: self.slots[i],
            last: self.lastindex,
        });
        self.slots[i] = v;
        if i % 2 == 1 && i > 1 {
            self.lastindex = i / 2;
        }
    }

    /// Runs from `pc` at `pos` until `Match`/`Succeed` (the end position)
    /// or until every alternative above the stack's current height fails.
    fn run(&mut self, mut pc: usize, mut pos: usize) -> Result<Option<usize>, E> {
        let base = self.stack.len();
        loop {
            (self.tick)()?;
            let ok = match &self.prog.insts[pc] {
                Inst::Char(_) | Inst::CharI(..) | Inst::Any | Inst::AnyNl | Inst::Set(_) => {
                    if self.one(pc, pos) {
                        pos += 1;
                        pc += 1;
                        true
                    } else {
                        false
                    }
                }
                Inst::At(a) => {
                    pc += 1;
                    self.at(*a, pos)
                }
                Inst::Split(a, b) => {
                    self.stack.push(Bt::Alt { pc: *b, pos });
                    pc = *a;
                    true
                }
                Inst::Jmp(t) => {
                    pc = *t;
                    true
                }
                Inst::Save(i) => {
                    let i = *i;
                    self.set_slot(i, pos);
                    pc += 1;
                    true
                }
                Inst::Backref {
                    group,
                    icase,
                    ascii,
                } => {
                    let (s, e) = (self.slots[2 * group], self.slots[2 * group + 1]);
                    if s == NONE || e == NONE || e < s {
                        false
                    } else {
                        let len = e - s;
                        let ok = pos + len <= self.text.len()
                            && (0..len).all(|k| {
                                let (a, b) = (self.text[s + k], self.text[pos + k]);
                                a == b || (*icase && fold(a, *ascii) == fold(b, *ascii))
                            });
                        if ok {
                            pos += len;
                            pc += 1;
                        }
                        ok
                    }
                }
                Inst::RepOne { min, max, lazy } => {
                    let (min, max, lazy) = (*min, *max, *lazy);
                    let item = pc + 1;
                    let mut count = 0u32;
                    let limit = if lazy { min } else { max };
                    let start = pos;
                    while count < limit && self.one(item, pos) {
                        pos += 1;
                        count += 1;
                        if count.is_multiple_of(64) {
                            (self.tick)()?;
                        }
                    }
                    if count < min {
                        false
                    } else {
                        if lazy {
                            if count < max {
                                self.stack.push(Bt::Lazy {
                                    pc: pc + 2,
                                    item,
                                    pos,
                                    count,
                                    max,
                                });
                            }
                        } else if count > min {
                            self.stack.push(Bt::Greedy {
                                pc: pc + 2,
                                min_pos: start + min as usize,
                                pos: pos - 1,
                            });
                        }
                        pc += 2;
                        true
                    }
                }
                Inst::RepStart(id) => {
                    let id = *id;
                    let (count, start) = self.counters[id];
                    self.stack.push(Bt::Counter { id, count, start });
                    self.counters[id] = (0, NONE);
                    pc += 1;
                    true
                }
                Inst::RepLoop {
                    id,
                    min,
                    max,
                    lazy,
                    exit,
                } => {
                    let (count, start) = self.counters[*id];
                    if count < *min {
                        pc += 1;
                    } else if count < *max && !(count > 0 && start == pos) {
                        if *lazy {
                            self.stack.push(Bt::Alt { pc: pc + 1, pos });
                            pc = *exit;
                        } else {
                            self.stack.push(Bt::Alt { pc: *exit, pos });
                            pc += 1;
                        }
                    } else {
                        pc = *exit;
                    }
                    true
                }
                Inst::RepEnter(id) => {
                    let id = *id;
                    let (count, start) = self.counters[id];
                    self.stack.push(Bt::Counter { id, count, start });
                    self.counters[id] = (count.saturating_add(1), pos);
                    pc += 1;
                    true
                }
                Inst::Look {
                    behind,
                    neg,
                    width,
                    next,
                } => {
                    let (behind, neg, width, next) = (*behind, *neg, *width, *next);
                    let from = if behind {
                        pos.checked_sub(width)
                    } else {
                        Some(pos)
                    };
                    let found = match from {
                        Some(from) => {
                            let saved_full = self.full;
                            self.full = false;
                            let mark = self.stack.len();
                            let r = self.run(pc + 1, from);
                            self.full = saved_full;
                            let r = r?;
                            if r.is_some() && !neg {
                                self.keep_undo(mark);
                            } else {
                                self.undo_to(mark);
                            }
                            r.is_some()
                        }
                        None => false,
                    };
                    pc = next;
                    found != neg
                }
                Inst::Atomic { next } => {
                    let next = *next;
                    let saved_full = self.full;
                    self.full = false;
                    let mark = self.stack.len();
                    let r = self.run(pc + 1, pos);
                    self.full = saved_full;
                    match r? {
                        Some(end) => {
                            self.keep_undo(mark);
                            pos = end;
                            pc = next;
                            true
                        }
                        None => {
                            self.undo_to(mark);
                            false
                        }
                    }
                }
                Inst::Cond { group, no } => {
                    let (s, e) = (self.slots[2 * group], self.slots[2 * group + 1]);
                    if s != NONE && e != NONE {
                        pc += 1;
                    } else {
                        pc = *no;
                    }
                    true
                }
                Inst::Succeed => return Ok(Some(pos)),
                Inst::Match => {
                    if (!self.full || pos == self.text.len()) && self.reject_end != Some(pos) {
                        return Ok(Some(pos));
                    }
                    false
                }
            };
            if ok {
                continue;
            }
            // Backtrack.
            loop {
                if self.stack.len() <= base {
                    return Ok(None);
                }
                (self.tick)()?;
                let Some(b) = self.stack.pop() else {
                    return Ok(None);
                };
                match b {
                    Bt::Slot { i, old, last } => {
                        self.slots[i] = old;
                        self.lastindex = last;
                    }
                    Bt::Counter { id, count, start } => self.counters[id] = (count, start),
                    Bt::Alt { pc: p, pos: q } => {
                        pc = p;
                        pos = q;
                        break;
                    }
                    Bt::Greedy {
                        pc: p,
                        min_pos,
                        pos: q,
                    } => {
                        if q > min_pos {
                            self.stack.push(Bt::Greedy {
                                pc: p,
                                min_pos,
                                pos: q - 1,
                            });
                        }
                        pc = p;
                        pos = q;
                        break;
                    }
                    Bt::Lazy {
                        pc: p,
                        item,
                        pos: q,
                        count,
                        max,
                    } => {
                        if self.one(item, q) {
                            if count + 1 < max {
                                self.stack.push(Bt::Lazy {
                                    pc: p,
                                    item,
                                    pos: q + 1,
                                    count: count + 1,
                                    max,
                                });
                            }
                            pc = p;
                            pos = q + 1;
                            break;
                        }
                    }
                }
            }
        }
    }

    /// Drops the alternatives above `mark`, keeping what undoes captures
    /// and counters (an atomic group or lookahead that succeeded).
    fn keep_undo(&mut self, mark: usize) {
        let mut w = mark;
        for r in mark..self.stack.len() {
            if matches!(self.stack[r], Bt::Slot { .. } | Bt::Counter { .. }) {
                self.stack.swap(w, r);
                w += 1;
            }
        }
        self.stack.truncate(w);
    }

    /// Undoes everything above `mark`.
    fn undo_to(&mut self, mark: usize) {
        while self.stack.len() > mark {
            match self.stack.pop() {
                Some(Bt::Slot { i, old, last }) => {
                    self.slots[i] = old;
                    self.lastindex = last;
                }
                Some(Bt::Counter { id, count, start }) => self.counters[id] = (count, start),
                _ => {}
            }
        }
    }
}

impl Program {
    /// Looks for a match in `text` (already cut at `endpos`) from `start`.
    ///
    /// # Errors
    ///
    /// What `tick` returns (the step limit).
    pub fn exec<E>(
        &self,
        text: &[char],
        start: usize,
        mode: Mode,
        reject_end: Option<usize>,
        tick: &mut dyn FnMut() -> Result<(), E>,
    ) -> Result<Option<Found>, E> {
        if start > text.len() {
            return Ok(None);
        }
        let mut m = Machine {
            prog: self,
            text,
            slots: vec![NONE; self.groups * 2],
            lastindex: 0,
            counters: vec![(0, NONE); self.counters],
            stack: Vec::new(),
            tick,
            full: mode == Mode::Full,
            reject_end,
        };
        let mut s = start;
        loop {
            if mode == Mode::Search {
                if let Some(c) = self.first {
                    match text[s..].iter().position(|x| *x == c) {
                        Some(k) => s += k,
                        None => return Ok(None),
                    }
                }
            }
            if let Some(_end) = m.run(0, s)? {
                let spans = (0..self.groups)
                    .map(|g| {
                        let (a, b) = (m.slots[2 * g], m.slots[2 * g + 1]);
                        (a != NONE && b != NONE && a <= b).then_some((a, b))
                    })
                    .collect();
                return Ok(Some(Found {
                    spans,
                    lastindex: (m.lastindex > 0).then_some(m.lastindex),
                }));
            }
            m.stack.clear();
            m.slots.iter_mut().for_each(|x| *x = NONE);
            m.lastindex = 0;
            if mode != Mode::Search || s >= text.len() || (self.anchored && s >= start) {
                return Ok(None);
            }
            s += 1;
        }
    }
}
