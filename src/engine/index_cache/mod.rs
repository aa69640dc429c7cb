//! The cache of the repository index (docs/architecture.md, "The index's cache"): which
//! manifests the root holds, and the words each holds, kept from one run to the next so that a
//! run over one named file neither walks the whole root nor reads every manifest again.
//!
//! As ruff keeps `.ruff_cache/`, it lives in the project root (`.iclint_cache/`, a directory
//! that holds a `CACHEDIR.TAG` and a `.gitignore` of `*`), one file per iclint version and root.
//! It records each directory the walk entered (its stamp, and those of the ignore files that
//! decide what the walk takes there), each manifest (its stamp), and the distinct
//! whitespace-separated tokens of the manifests' texts, each with the manifests that hold it. A
//! run stats the directories and manifests, in parallel, and
//!
//! - walks again the subtree of each directory whose stamp (or ignore file) changed: a file
//!   added, removed or renamed there, or what its ignore files skip;
//! - reads again each manifest whose stamp changed (size, modification and change times in
//!   nanoseconds, inode), and searches its text as the index without a cache does;
//! - searches the others' tokens: a word without whitespace occurs in a text exactly when it
//!   occurs in one of the text's whitespace-separated tokens, so the cache answers the question
//!   the search of the text answers, no more, no less. A word with whitespace in it is looked
//!   for in the texts, read again.
//!
//! As git guards its index, an entry whose times are not older than the second before the
//! run that recorded it is "racy" (it may have changed again within the same tick of the file
//! system's clock) and is read again. The cache is written atomically (a temporary file renamed
//! over it), only when something changed; a cache that cannot be read, is corrupt (a checksum
//! guards it), is from another version or cannot be written is the same as none: the run walks
//! and reads as without it, and says nothing.

mod file;

use super::Pool;
use crate::catalog::MAX_INPUT_BYTES;
use crate::walk::{self, Met};
use aho_corasick::AhoCorasick;
use file::{Cache, Entry, cache_file, load, prepare, save, write};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// The cache directory's name in the project root, when neither `--cache-dir` nor the
/// configuration's `cache-dir` says where it is.
pub const DEFAULT_DIR: &str = ".iclint_cache";

/// What a file's metadata says of its content: when any of it differs, the file may have
/// changed. The change time and the inode catch what the size and modification time miss (a
/// file rewritten at the same size with its old modification time set back, a file replaced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Stamp {
    size: u64,
    /// Nanoseconds since the epoch.
    modified: i64,
    changed: i64,
    inode: u64,
}

impl Stamp {
    fn of(metadata: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |seconds: i64, nanos: i64| seconds.saturating_mul(1_000_000_000) + nanos;
            Stamp {
                size: metadata.size(),
                modified: ns(metadata.mtime(), metadata.mtime_nsec()),
                changed: ns(metadata.ctime(), metadata.ctime_nsec()),
                inode: metadata.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i64);
            Stamp {
                size: metadata.len(),
                modified,
                changed: modified,
                inode: 0,
            }
        }
    }

    /// The stamp of a regular file from what `statat` says of it; `None` for anything else.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast)] // the fields' types differ between platforms
    fn of_stat(stat: &rustix::fs::Stat) -> Option<Stamp> {
        let is_file = rustix::fs::FileType::from_raw_mode(stat.st_mode as _).is_file();
        let ns = |seconds: i64, nanos: i64| seconds.saturating_mul(1_000_000_000) + nanos;
        is_file.then(|| Stamp {
            size: stat.st_size as u64,
            modified: ns(stat.st_mtime as i64, stat.st_mtime_nsec as i64),
            changed: ns(stat.st_ctime as i64, stat.st_ctime_nsec as i64),
            inode: stat.st_ino as u64,
        })
    }

    /// The stamp of the file at `path` (links followed), `None` when there is none.
    fn at(path: &Path) -> Option<Stamp> {
        fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }

    /// Whether it may hide a change made within the clock tick of the run that recorded it,
    /// which started at `as_of` (nanoseconds, already a second early).
    fn is_racy(&self, as_of: i64) -> bool {
        self.modified.max(self.changed) >= as_of
    }
}

/// A directory the walk entered.
#[derive(Debug, Clone, PartialEq)]
struct Directory {
    /// Relative to the root (empty for the root), as bytes.
    path: Vec<u8>,
    stamp: Stamp,
    /// The files that decide what the walk takes under it (`.gitignore`, `.ignore` when they
    /// exist, a repository's `info/exclude` when it holds a `.git`), by path relative to it (or
    /// absolute), with their stamps. Creating one of the first two changes the directory's own
    /// stamp; editing one changes only its own.
    ignores: Vec<(Vec<u8>, Option<Stamp>)>,
}

/// What the run knows of a manifest.
enum Seen {
    /// Unchanged since the cache was written: that manifest of the cache.
    Cached(usize),
    /// Read in this run (boxed: most are cached).
    Read(Box<Reread>),
}

/// A manifest read in this run.
struct Reread {
    path: Vec<u8>,
    stamp: Stamp,
    /// Whether its text holds a word.
    holds: bool,
    /// Its distinct tokens, each followed by a line feed.
    tokens: Vec<u8>,
    /// Whether the cache is to be written again for it: it is new, it changed, or it was racy
    /// and is no more.
    news: bool,
}

/// The manifests under `root` (the project root as the run names it; `canonical`, without
/// links) whose text holds a match of `search` (built from `words`), named as a walk of the
/// root names them, in no particular order. Reads and writes the cache in `cache_dir`.
pub(super) fn manifests_holding(
    root: &Path,
    canonical: &Path,
    cache_dir: &Path,
    words: &[Vec<u8>],
    search: &AhoCorasick,
    pool: &Pool,
) -> Vec<PathBuf> {
    let started = now_ns();
    let file = cache_file(cache_dir, canonical);
    let above = ignores_above(canonical);
    let old = load(&file, canonical)
        .filter(|old| old.above == above)
        .unwrap_or_default();
    // Whether the tokens can answer for every word.
    let tokens_answer = words
        .iter()
        .all(|word| !word.is_empty() && !word.iter().any(|b| is_separator(*b)));

    // The directories: those unchanged are kept, the subtrees of those changed walked again.
    let fresh: Vec<bool> = pool.run(|| {
        old.directories
            .par_iter()
            .map(|directory| is_fresh(root, directory, old.as_of))
            .collect()
    });
    let stale: HashSet<&[u8]> = old
        .directories
        .iter()
        .zip(&fresh)
        .filter(|(_, fresh)| !**fresh)
        .map(|(directory, _)| directory.path.as_slice())
        .collect();
    let mut kept = Vec::new();
    let mut rewalk: Vec<&[u8]> = Vec::new();
    for (directory, fresh) in old.directories.iter().zip(&fresh) {
        let path = directory.path.as_slice();
        if ancestors(path).any(|above| stale.contains(above)) {
            continue;
        }
        match fresh {
            true => kept.push(directory),
            false => rewalk.push(path),
        }
    }
    if old.directories.is_empty() {
        // The cache directory made before the walk, not after: when it is in the root, the
        // root's stamp the walk records is then the stamp it keeps.
        prepare(cache_dir);
        rewalk.push(b"");
    }
    let walked = walk(root, &rewalk, pool.threads);

    // The manifests of the directories kept, a directory (or part of one) at a time; then
    // those the walks found.
    let kept_paths: HashSet<&[u8]> = kept.iter().map(|d| d.path.as_slice()).collect();
    let mut groups: Vec<(&[u8], Vec<usize>)> = Vec::new();
    for (number, entry) in old.manifests.iter().enumerate() {
        let directory = parent(old.path(entry));
        if !kept_paths.contains(directory) {
            continue;
        }
        match groups.last_mut() {
            Some((last, numbers)) if *last == directory && numbers.len() < 128 => {
                numbers.push(number)
            }
            _ => groups.push((directory, vec![number])),
        }
    }
    let by_path: HashMap<&[u8], usize> = match walked.manifests.is_empty() {
        true => HashMap::new(),
        false => (old.manifests.iter().enumerate())
            .map(|(number, entry)| (old.path(entry), number))
            .collect(),
    };
    let look = Look {
        root,
        cache: &old,
        tokens_answer,
        search,
        started,
    };
    let seen: Vec<Seen> = pool.run(|| {
        let kept = groups
            .par_iter()
            .flat_map_iter(|(directory, numbers)| look.group(directory, numbers));
        let found = walked
            .manifests
            .par_iter()
            .with_min_len(32)
            .filter_map(|path| match by_path.get(path.as_slice()) {
                Some(&number) => look.cached(number),
                None => look.read(path, None),
            });
        kept.chain(found).collect()
    });

    // The tokens that hold a word, and the manifests that hold one of those.
    let mut holds = vec![false; old.manifests.len()];
    if seen.iter().any(|s| matches!(s, Seen::Cached(_))) {
        let mut marked = vec![false; old.token_count()];
        for found in search.find_iter(old.dictionary()) {
            if let Some(t) = old.token_at(found.start())
                && !std::mem::replace(&mut marked[t], true)
            {
                old.manifests_with(t).for_each(|m| holds[m] = true);
            }
        }
    }
    let mut holding: Vec<PathBuf> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Cached(number) => {
                holds[*number].then(|| join(root, old.path(&old.manifests[*number])))
            }
            Seen::Read(read) => read.holds.then(|| join(root, &read.path)),
        })
        .collect();

    let changed = old.directories.is_empty()
        || !rewalk.is_empty()
        || seen.len() != old.manifests.len()
        || seen
            .iter()
            .any(|s| matches!(s, Seen::Read(read) if read.news));
    // Each once, whatever the cache says (only a forged one could name a manifest twice).
    holding.sort_unstable();
    holding.dedup();
    if changed {
        let mut directories: Vec<&Directory> = kept;
        directories.extend(&walked.directories);
        let bytes = write(&old, started, canonical, &above, directories, &seen);
        save(cache_dir, &file, &bytes);
    }
    holding
}

/// Whether a directory of the cache is as it was, with its ignore files.
fn is_fresh(root: &Path, directory: &Directory, as_of: i64) -> bool {
    let path = join(root, &directory.path);
    Stamp::at(&path).is_some_and(|s| s == directory.stamp && !s.is_racy(as_of))
        && directory.ignores.iter().all(|(name, stamp)| {
            let now = Stamp::at(&path.join(from_bytes(name)));
            now == *stamp && now.is_none_or(|s| !s.is_racy(as_of))
        })
}

/// What a walk of some subtrees found: the directories entered, the manifests' paths.
#[derive(Default)]
struct Walked {
    directories: Vec<Directory>,
    manifests: Vec<Vec<u8>>,
}

fn walk(root: &Path, subtrees: &[&[u8]], threads: usize) -> Walked {
    if subtrees.is_empty() {
        return Walked::default();
    }
    let roots: Vec<PathBuf> = subtrees.iter().map(|path| join(root, path)).collect();
    let walked = Mutex::new(Walked::default());
    walk::each_manifest_and_directory(&roots, threads, &|met| match met {
        Met::Directory(path) => {
            // Recorded after the walk listed it: a change in between makes it racy.
            let Some(stamp) = Stamp::at(&path) else {
                return;
            };
            let directory = Directory {
                path: relative(root, &path),
                stamp,
                ignores: ignores_in(&path),
            };
            lock(&walked).directories.push(directory);
        }
        Met::Manifest(path) => {
            let path = relative(root, &path);
            lock(&walked).manifests.push(path);
        }
    });
    walked.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// How the manifests are looked at.
struct Look<'a> {
    root: &'a Path,
    cache: &'a Cache,
    /// Whether the cache's tokens can answer for the words.
    tokens_answer: bool,
    search: &'a AhoCorasick,
    /// When this run started (see [`Stamp::is_racy`]).
    started: i64,
}

impl Look<'_> {
    /// The manifests `numbers` of the cache, all in `directory`: stated from the directory (a
    /// name to look up each, not a path), read again when changed. Those gone are left out.
    fn group(&self, directory: &[u8], numbers: &[usize]) -> Vec<Seen> {
        #[cfg(unix)]
        if let Ok(fd) = rustix::fs::open(
            join(self.root, directory),
            rustix::fs::OFlags::RDONLY
                | rustix::fs::OFlags::DIRECTORY
                | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        ) {
            let name_at =
                |path: &[u8]| path.len() - path.iter().rev().take_while(|&&b| b != b'/').count();
            return numbers
                .iter()
                .filter_map(|&number| {
                    let entry = &self.cache.manifests[number];
                    let path = self.cache.path(entry);
                    let stat = rustix::fs::statat(
                        &fd,
                        &path[name_at(path)..],
                        rustix::fs::AtFlags::empty(),
                    );
                    match stat {
                        Ok(stat) if self.is_unchanged(entry, Stamp::of_stat(&stat)) => {
                            Some(Seen::Cached(number))
                        }
                        Ok(_) => self.read(path, Some(entry)),
                        Err(_) => None,
                    }
                })
                .collect();
        }
        #[cfg(not(unix))]
        let _ = directory;
        numbers
            .iter()
            .filter_map(|&number| self.cached(number))
            .collect()
    }

    /// The manifest `number` of the cache, read again when it changed; `None` when it is gone.
    fn cached(&self, number: usize) -> Option<Seen> {
        let entry = &self.cache.manifests[number];
        let path = self.cache.path(entry);
        let metadata = fs::metadata(join(self.root, path)).ok()?;
        match metadata.is_file() && self.is_unchanged(entry, Some(Stamp::of(&metadata))) {
            true => Some(Seen::Cached(number)),
            false => self.read(path, Some(entry)),
        }
    }

    /// Whether the cache can answer for a manifest whose stamp is now `stamp`.
    fn is_unchanged(&self, entry: &Entry, stamp: Option<Stamp>) -> bool {
        self.tokens_answer && stamp == Some(entry.stamp) && !entry.stamp.is_racy(self.cache.as_of)
    }

    /// Reads a manifest (`cached`: as the cache has it): whether it holds a word, and its
    /// tokens. `None` when it is gone or is no regular file.
    fn read(&self, path: &[u8], cached: Option<&Entry>) -> Option<Seen> {
        thread_local! {
            static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        let mut file = File::open(join(self.root, path)).ok()?;
        let metadata = file.metadata().ok()?;
        if !metadata.is_file() {
            return None;
        }
        let stamp = Stamp::of(&metadata);
        BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            let size = (&mut file)
                .take(MAX_INPUT_BYTES + 1)
                .read_to_end(buffer)
                .ok()?;
            // Too large to lint: the index without a cache skips it too.
            let (holds, tokens) = match size as u64 > MAX_INPUT_BYTES {
                true => (false, Vec::new()),
                false => (
                    self.search.find(&buffer[..]).is_some(),
                    distinct_tokens(buffer),
                ),
            };
            // The cache learns nothing from a manifest as it has it (read for a word with
            // whitespace), nor from one racy still (its time in the future, say): writing it
            // again for that would write it on every run.
            let news = cached.is_none_or(|entry| {
                entry.stamp != stamp
                    || entry.stamp.is_racy(self.cache.as_of) && !stamp.is_racy(self.started)
            });
            Some(Seen::Read(Box::new(Reread {
                path: path.to_vec(),
                stamp,
                holds,
                tokens,
                news,
            })))
        })
    }
}

/// The bytes that separate tokens: ASCII whitespace.
fn is_separator(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The distinct whitespace-separated tokens of `text`, each followed by a line feed, in the
/// order they first occur. (A hash set, not a sort: a first run takes them from every manifest.)
fn distinct_tokens(text: &[u8]) -> Vec<u8> {
    let mut seen: HashSet<&[u8], foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(text.len() / 16, Default::default());
    let mut joined = Vec::with_capacity(text.len() / 2);
    let mut start = None;
    for (at, &byte) in text.iter().enumerate() {
        match (is_separator(byte), start) {
            (true, Some(from)) => {
                let token = &text[from..at];
                if seen.insert(token) {
                    joined.extend_from_slice(token);
                    joined.push(b'\n');
                }
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(from) = start
        && seen.insert(&text[from..])
    {
        joined.extend_from_slice(&text[from..]);
        joined.push(b'\n');
    }
    joined
}

/// The ignore files above `canonical` that a walk of it reads, with their stamps.
fn ignores_above(canonical: &Path) -> Vec<(Vec<u8>, Option<Stamp>)> {
    let mut above = Vec::new();
    for directory in canonical.ancestors().skip(1) {
        for name in [".gitignore", ".ignore", ".git"] {
            let path = directory.join(name);
            above.push((to_bytes(&path).to_vec(), Stamp::at(&path)));
        }
        if let Some(exclude) = git_exclude(directory) {
            let stamp = Stamp::at(&exclude);
            above.push((to_bytes(&exclude).to_vec(), stamp));
        }
    }
    above
}

/// The ignore files in `directory` (by name or absolute path), with their stamps: `.gitignore`
/// and `.ignore` when they exist (creating one changes the directory's stamp), and the
/// repository's `info/exclude` when the directory holds a `.git`, whether it exists or not.
fn ignores_in(directory: &Path) -> Vec<(Vec<u8>, Option<Stamp>)> {
    let mut ignores = Vec::new();
    for name in [".gitignore", ".ignore"] {
        if let Some(stamp) = Stamp::at(&directory.join(name)) {
            ignores.push((name.as_bytes().to_vec(), Some(stamp)));
        }
    }
    if let Some(exclude) = git_exclude(directory) {
        let stamp = Stamp::at(&directory.join(&exclude));
        ignores.push((to_bytes(&exclude).to_vec(), stamp));
    }
    ignores
}

/// The `info/exclude` of the repository whose `.git` is in `directory`, if there is one: in the
/// `.git` directory, or, for a work tree made by `git worktree` (a `.git` file naming its git
/// directory), in the common directory that git directory's `commondir` names.
fn git_exclude(directory: &Path) -> Option<PathBuf> {
    let dot_git = directory.join(".git");
    let metadata = fs::metadata(&dot_git).ok()?;
    if metadata.is_dir() {
        return Some(dot_git.join("info/exclude"));
    }
    let text = fs::read_to_string(&dot_git).ok()?;
    let git_dir = directory.join(text.lines().next()?.strip_prefix("gitdir: ")?);
    let common = fs::read_to_string(git_dir.join("commondir"))
        .ok()
        .and_then(|text| text.lines().next().map(|line| git_dir.join(line)))
        .unwrap_or(git_dir);
    Some(common.join("info/exclude"))
}

fn now_ns() -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    // A second early, and on a whole second: a file system that keeps times to the second (or
    // two) still shows a change made during this run as not older than this.
    (now - 1).saturating_mul(1_000_000_000)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The directory of a relative path (empty for one at the root).
fn parent(path: &[u8]) -> &[u8] {
    match path.iter().rposition(|&b| b == b'/') {
        Some(at) => &path[..at],
        None => b"",
    }
}

/// The directories above a relative path, nearest first, the root (empty) last.
fn ancestors(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let current = rest?;
        if current.is_empty() {
            rest = None;
            return None;
        }
        let up = parent(current);
        rest = Some(up);
        Some(up)
    })
}

/// `path` relative to `root`, as bytes with `/` between the parts.
fn relative(root: &Path, path: &Path) -> Vec<u8> {
    let below = path.strip_prefix(root).unwrap_or(path);
    let mut bytes = Vec::new();
    for (i, part) in below.components().enumerate() {
        if i > 0 {
            bytes.push(b'/');
        }
        bytes.extend_from_slice(to_bytes(Path::new(part.as_os_str())));
    }
    bytes
}

/// The path under `root` of a relative path of the cache (the root itself for the empty one),
/// named as a walk of the root names it.
fn join(root: &Path, path: &[u8]) -> PathBuf {
    match path.is_empty() {
        true => root.to_path_buf(),
        false => root.join(from_bytes(path)),
    }
}

#[cfg(unix)]
fn to_bytes(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes()
}

#[cfg(unix)]
fn from_bytes(bytes: &[u8]) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn to_bytes(path: &Path) -> &[u8] {
    // Elsewhere, a path that is not Unicode is recorded under a name no file has, and so
    // looked at again on every run.
    path.to_str().map_or(b"\0", str::as_bytes)
}

#[cfg(not(unix))]
fn from_bytes(bytes: &[u8]) -> &Path {
    Path::new(std::str::from_utf8(bytes).unwrap_or("\0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_split_on_whitespace() {
        assert_eq!(
            distinct_tokens(b"Name: web\n  Name:\tweb-2\r\n\x0bweb"),
            b"Name:\nweb\nweb-2\n"
        );
        assert_eq!(distinct_tokens(b"  \n"), b"");
        assert_eq!(distinct_tokens(b"b a b"), b"b\na\n");
    }

    #[test]
    fn ancestors_end_at_the_root() {
        let up: Vec<&[u8]> = ancestors(b"a/b/c").collect();
        assert_eq!(up, [&b"a/b"[..], b"a", b""]);
        assert_eq!(ancestors(b"").count(), 0);
        assert_eq!(parent(b"x.yaml"), b"");
    }
}
