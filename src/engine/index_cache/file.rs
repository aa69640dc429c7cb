//! The index cache's file (docs/architecture.md, "The index's cache"): its layout, read as a
//! view of its bytes ([`Cache`]), written whole ([`write`]) and atomically ([`save`]), guarded by
//! a checksum. Little-endian numbers and length-prefixed bytes; the tokens' lists of manifests
//! as LEB128 differences.

use super::{Directory, Seen, Stamp, parent, to_bytes};
use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first bytes of a cache file, and the version of its layout.
const MAGIC: &[u8; 8] = b"ICLINTIX";
const LAYOUT: u32 = 2;

/// A manifest of the cache: its path is where [`Cache::raw`] holds it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// Where its path (relative to the root) is in the cache file.
    path: (u32, u32),
    pub(super) stamp: Stamp,
}

/// The cache as read: a view of its file's bytes, so that loading it copies and allocates
/// little.
#[derive(Debug, Default)]
pub(super) struct Cache {
    raw: Vec<u8>,
    /// The start of the run that wrote it, a second early, in nanoseconds (see [`Stamp::is_racy`]).
    pub(super) as_of: i64,
    /// The ignore files above the root (the walk reads them too), by absolute path.
    pub(super) above: Vec<(Vec<u8>, Option<Stamp>)>,
    pub(super) directories: Vec<Directory>,
    /// The manifests, by directory (those of one directory together), then by path.
    pub(super) manifests: Vec<Entry>,
    /// Every distinct token, each followed by a line feed (a token holds no whitespace).
    dictionary: (usize, usize),
    /// Where each token starts in the dictionary, a little-endian `u32` each.
    starts: (usize, usize),
    /// Where each token's list starts in the postings, a little-endian `u32` each.
    lists: (usize, usize),
    /// Each token's list of the manifests that hold it: their numbers in ascending order, each
    /// the difference from the one before it (the first from zero) as a LEB128 number. A run
    /// reads the lists of the tokens that hold a word, and no other.
    postings: (usize, usize),
}

impl Cache {
    pub(super) fn path(&self, entry: &Entry) -> &[u8] {
        &self.raw[entry.path.0 as usize..entry.path.1 as usize]
    }

    pub(super) fn dictionary(&self) -> &[u8] {
        &self.raw[self.dictionary.0..self.dictionary.1]
    }

    pub(super) fn token_count(&self) -> usize {
        (self.starts.1 - self.starts.0) / 4
    }

    /// The `i`th of the little-endian `u32`s in `region`.
    fn number(&self, region: (usize, usize), i: usize) -> Option<u32> {
        let at = region.0.checked_add(i.checked_mul(4)?)?;
        let bytes = self.raw.get(at..at.checked_add(4)?.min(region.1))?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }

    /// The token at `offset` in the dictionary.
    pub(super) fn token_at(&self, offset: usize) -> Option<usize> {
        // The last token that starts at or before it.
        let (mut low, mut high) = (0, self.token_count());
        while low < high {
            let middle = (low + high) / 2;
            match self.number(self.starts, middle)? as usize <= offset {
                true => low = middle + 1,
                false => high = middle,
            }
        }
        low.checked_sub(1)
    }

    /// The token numbered `t`.
    fn token(&self, t: usize) -> &[u8] {
        let dictionary = self.dictionary();
        let start = self
            .number(self.starts, t)
            .map_or(dictionary.len(), |s| s as usize);
        let rest = dictionary.get(start..).unwrap_or_default();
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        &rest[..end]
    }

    /// The manifests that hold the token numbered `t`, by number. Numbers out of range (only a
    /// forged cache, with its checksum made again, holds them) are left out: nothing here
    /// panics on them.
    pub(super) fn manifests_with(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        let postings = &self.raw[self.postings.0..self.postings.1];
        let from = self.number(self.lists, t).map_or(0, |n| n as usize);
        let to = match t + 1 < self.token_count() {
            true => self.number(self.lists, t + 1).map_or(0, |n| n as usize),
            false => postings.len(),
        };
        let count = self.manifests.len();
        Varints {
            bytes: postings.get(from..to).unwrap_or_default(),
            last: 0,
        }
        .map(|m| m as usize)
        .filter(move |&m| m < count)
    }
}

/// Reads the numbers [`put_ascending`] wrote.
struct Varints<'a> {
    bytes: &'a [u8],
    last: u32,
}

impl Iterator for Varints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut delta: u32 = 0;
        for shift in (0..35).step_by(7) {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            delta |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                self.last = self.last.wrapping_add(delta);
                return Some(self.last);
            }
        }
        None
    }
}

/// Writes ascending numbers as the differences between them, each a LEB128 number.
fn put_ascending(w: &mut Vec<u8>, numbers: &[u32]) {
    let mut last = 0;
    for &n in numbers {
        let mut delta = n - last;
        last = n;
        while delta >= 0x80 {
            w.push(delta as u8 | 0x80);
            delta >>= 7;
        }
        w.push(delta as u8);
    }
}

/// The cache file's bytes for this run: its directories and manifests, the tokens renumbered
/// (those of no manifest any more dropped), and a checksum.
pub(super) fn write(
    old: &Cache,
    started: i64,
    canonical: &Path,
    above: &[(Vec<u8>, Option<Stamp>)],
    mut directories: Vec<&Directory>,
    seen: &[Seen],
) -> Vec<u8> {
    directories.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    fn path_of<'a>(old: &'a Cache, s: &'a Seen) -> &'a [u8] {
        match s {
            Seen::Cached(number) => old.path(&old.manifests[*number]),
            Seen::Read(read) => &read.path,
        }
    }
    let mut seen: Vec<&Seen> = seen.iter().collect();
    // By directory, then by path: a directory's manifests together.
    seen.sort_unstable_by(|a, b| {
        let (a, b) = (path_of(old, a), path_of(old, b));
        parent(a).cmp(parent(b)).then(a.cmp(b))
    });

    // The tokens of each manifest of the cache (only now that it is written again).
    let mut tokens_of: Vec<Vec<u32>> = vec![Vec::new(); old.manifests.len()];
    if seen.iter().any(|s| matches!(s, Seen::Cached(_))) {
        for t in 0..old.token_count() {
            for m in old.manifests_with(t) {
                tokens_of[m].push(t as u32);
            }
        }
    }
    // The tokens, renumbered: those kept first, then those of the manifests read, each once.
    let mut dictionary = Vec::new();
    let mut starts: Vec<u32> = Vec::new();
    let mut numbers: HashMap<&[u8], u32, foldhash::fast::RandomState> = HashMap::default();
    let mut renumbered: Vec<u32> = vec![u32::MAX; old.token_count()];
    let mut tokens: Vec<Vec<u32>> = vec![Vec::new(); seen.len()];
    for (s, numbers_of) in seen.iter().zip(&mut tokens) {
        let Seen::Cached(number) = s else { continue };
        for &t in &tokens_of[*number] {
            if renumbered[t as usize] == u32::MAX {
                let token = old.token(t as usize);
                renumbered[t as usize] = starts.len() as u32;
                numbers.insert(token, starts.len() as u32);
                starts.push(dictionary.len() as u32);
                dictionary.extend_from_slice(token);
                dictionary.push(b'\n');
            }
            numbers_of.push(renumbered[t as usize]);
        }
    }
    for (s, numbers_of) in seen.iter().zip(&mut tokens) {
        let Seen::Read(read) = s else { continue };
        for token in read.tokens.split(|&b| b == b'\n').filter(|t| !t.is_empty()) {
            let number = *numbers.entry(token).or_insert_with(|| {
                starts.push(dictionary.len() as u32);
                dictionary.extend_from_slice(token);
                dictionary.push(b'\n');
                starts.len() as u32 - 1
            });
            numbers_of.push(number);
        }
    }
    // Each token's manifests, in order.
    let mut manifests_with: Vec<Vec<u32>> = vec![Vec::new(); starts.len()];
    for (m, numbers_of) in tokens.iter_mut().enumerate() {
        numbers_of.sort_unstable();
        numbers_of.dedup();
        for &t in numbers_of.iter() {
            manifests_with[t as usize].push(m as u32);
        }
    }
    let mut postings = Vec::new();
    let lists: Vec<u32> = manifests_with
        .iter()
        .map(|list| {
            let from = postings.len() as u32;
            put_ascending(&mut postings, list);
            from
        })
        .collect();

    let mut w =
        Vec::with_capacity(dictionary.len() + 8 * starts.len() + postings.len() + 96 * seen.len());
    w.extend_from_slice(MAGIC);
    put_u32(&mut w, LAYOUT);
    put_bytes(&mut w, env!("CARGO_PKG_VERSION").as_bytes());
    put_bytes(&mut w, to_bytes(canonical));
    put_u64(&mut w, started as u64);
    put_u32(&mut w, above.len() as u32);
    for (path, stamp) in above {
        put_bytes(&mut w, path);
        put_optional_stamp(&mut w, stamp);
    }
    put_u32(&mut w, directories.len() as u32);
    for directory in &directories {
        put_bytes(&mut w, &directory.path);
        put_stamp(&mut w, &directory.stamp);
        put_u32(&mut w, directory.ignores.len() as u32);
        for (path, stamp) in &directory.ignores {
            put_bytes(&mut w, path);
            put_optional_stamp(&mut w, stamp);
        }
    }
    put_u32(&mut w, seen.len() as u32);
    for s in &seen {
        put_bytes(&mut w, path_of(old, s));
        let stamp = match s {
            Seen::Cached(number) => old.manifests[*number].stamp,
            Seen::Read(read) => read.stamp,
        };
        put_stamp(&mut w, &stamp);
    }
    put_bytes(&mut w, &dictionary);
    for numbers in [&starts, &lists] {
        put_u32(&mut w, numbers.len() as u32);
        for &n in numbers.iter() {
            put_u32(&mut w, n);
        }
    }
    put_bytes(&mut w, &postings);
    let sum = checksum(&w);
    w.extend_from_slice(&sum.to_le_bytes());
    w
}

/// The cache file of the repository at `canonical`: one per iclint version and root.
pub(super) fn cache_file(cache_dir: &Path, canonical: &Path) -> PathBuf {
    cache_dir
        .join(env!("CARGO_PKG_VERSION"))
        .join(format!("index-{:016x}", checksum(to_bytes(canonical))))
}

/// Reads the cache, `None` when there is none or it cannot be used. (Never inlined: its cost
/// shows in a profile.)
#[inline(never)]
pub(super) fn load(file: &Path, canonical: &Path) -> Option<Cache> {
    let raw = fs::read(file).ok()?;
    let body = raw.len().checked_sub(8)?;
    if checksum(&raw[..body]).to_le_bytes() != raw[body..] {
        return None;
    }
    let mut r = Reader {
        bytes: &raw[..body],
        at: 0,
    };
    if r.take(8)? != MAGIC
        || r.u32()? != LAYOUT
        || r.bytes()? != env!("CARGO_PKG_VERSION").as_bytes()
        || r.bytes()? != to_bytes(canonical)
    {
        return None;
    }
    let as_of = r.u64()? as i64;
    let above = r.list(|r| Some((r.bytes()?.to_vec(), r.optional_stamp()?)))?;
    let directories = r.list(|r| {
        Some(Directory {
            path: r.bytes()?.to_vec(),
            stamp: r.stamp()?,
            ignores: r.list(|r| Some((r.bytes()?.to_vec(), r.optional_stamp()?)))?,
        })
    })?;
    let manifests = r.list(|r| {
        let length = r.u32()?;
        let from = r.at as u32;
        r.take(length as usize)?;
        Some(Entry {
            path: (from, from + length),
            stamp: r.stamp()?,
        })
    })?;
    let dictionary = r.range_of_bytes()?;
    let starts = r.range_of_numbers()?;
    let lists = r.range_of_numbers()?;
    let postings = r.range_of_bytes()?;
    if r.at != body {
        return None;
    }
    let cache = Cache {
        as_of,
        above,
        directories,
        manifests,
        dictionary,
        starts,
        lists,
        postings,
        raw,
    };
    // What the tokens' lists hold and where they point is checked where it is used (a pass
    // over them all here would cost more than the lookups it guards).
    let valid = cache.dictionary().last().is_none_or(|&b| b == b'\n')
        && cache.lists.1 - cache.lists.0 == cache.starts.1 - cache.starts.0;
    valid.then_some(cache)
}

/// Creates the cache directory, with its `CACHEDIR.TAG` and a `.gitignore` that ignores it all,
/// if it is not there (a directory that is there, the user's, is left as it is).
pub(super) fn prepare(cache_dir: &Path) {
    if fs::create_dir(cache_dir).is_ok() {
        let _ = fs::write(cache_dir.join(".gitignore"), "# Created by iclint.\n*\n");
        let _ = fs::write(
            cache_dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This file is a cache directory tag created by iclint.\n\
             # For information about cache directory tags see https://bford.info/cachedir/\n",
        );
    }
}

/// Writes the cache file, atomically (the cache directory made if need be). Any failure leaves
/// it unwritten, silently.
pub(super) fn save(cache_dir: &Path, file: &Path, bytes: &[u8]) {
    let Some(directory) = file.parent() else {
        return;
    };
    prepare(cache_dir);
    if fs::create_dir_all(directory).is_err() {
        return;
    }
    let Ok(mut temporary) = tempfile::NamedTempFile::new_in(directory) else {
        return;
    };
    if temporary.write_all(bytes).is_ok() {
        let _ = temporary.persist(file);
    }
}

fn put_u32(w: &mut Vec<u8>, n: u32) {
    w.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(w: &mut Vec<u8>, n: u64) {
    w.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(w: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(w, bytes.len() as u32);
    w.extend_from_slice(bytes);
}

fn put_stamp(w: &mut Vec<u8>, stamp: &Stamp) {
    put_u64(w, stamp.size);
    put_u64(w, stamp.modified as u64);
    put_u64(w, stamp.changed as u64);
    put_u64(w, stamp.inode);
}

fn put_optional_stamp(w: &mut Vec<u8>, stamp: &Option<Stamp>) {
    match stamp {
        Some(stamp) => {
            w.push(1);
            put_stamp(w, stamp);
        }
        None => w.push(0),
    }
}

/// Reads what the `put_` functions wrote; `None` past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    /// How far it has read.
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(taken)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// Where the next length-prefixed bytes are, skipped.
    fn range_of_bytes(&mut self) -> Option<(usize, usize)> {
        let n = self.u32()? as usize;
        let from = self.at;
        self.take(n)?;
        Some((from, self.at))
    }

    /// Where the next count-prefixed `u32`s are, skipped.
    fn range_of_numbers(&mut self) -> Option<(usize, usize)> {
        let n = self.u32()? as usize;
        let from = self.at;
        self.take(n.checked_mul(4)?)?;
        Some((from, self.at))
    }

    fn stamp(&mut self) -> Option<Stamp> {
        Some(Stamp {
            size: self.u64()?,
            modified: self.u64()? as i64,
            changed: self.u64()? as i64,
            inode: self.u64()?,
        })
    }

    fn optional_stamp(&mut self) -> Option<Option<Stamp>> {
        match self.take(1)?[0] {
            0 => Some(None),
            1 => Some(Some(self.stamp()?)),
            _ => None,
        }
    }

    /// A count, then as many items; the count is checked against what is left before anything
    /// is allocated (each item takes at least one byte).
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() - self.at {
            return None;
        }
        (0..n).map(|_| item(self)).collect()
    }
}

/// A 64-bit checksum of `bytes`, four lanes of eight bytes at a time: it catches a corrupt
/// cache file (it is no defence against a forged one, which would only mislead the index).
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, word: u64| (h ^ word).wrapping_mul(K).rotate_left(29);
    let mut lanes = [1u64, 2, 3, 4];
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        for (lane, word) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            *lane = mix(
                *lane,
                u64::from_le_bytes(word.try_into().unwrap_or_default()),
            );
        }
    }
    let mut h = bytes.len() as u64;
    for lane in lanes {
        h = mix(h, lane);
    }
    for &byte in chunks.remainder() {
        h = mix(h, u64::from(byte));
    }
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascending_numbers_come_back_as_written() {
        let numbers = [
            0,
            1,
            2,
            127,
            128,
            300,
            16_384,
            16_385,
            u32::MAX - 1,
            u32::MAX,
        ];
        let mut bytes = Vec::new();
        put_ascending(&mut bytes, &numbers);
        let back: Vec<u32> = Varints {
            bytes: &bytes,
            last: 0,
        }
        .collect();
        assert_eq!(back, numbers);
        // Cut short: what is whole is read, the rest is not.
        let cut = Varints {
            bytes: &bytes[..bytes.len() - 1],
            last: 0,
        };
        assert_eq!(cut.count(), numbers.len() - 1);
    }

    #[test]
    fn the_checksum_sees_a_flipped_byte() {
        let mut bytes = vec![7u8; 100];
        let sum = checksum(&bytes);
        bytes[70] ^= 1;
        assert_ne!(sum, checksum(&bytes));
        bytes[70] ^= 1;
        bytes[99] ^= 1;
        assert_ne!(sum, checksum(&bytes));
    }
}
