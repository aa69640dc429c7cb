//! Reading files and standard input, without ever reading more than [`MAX_INPUT_BYTES`].

use crate::catalog::MAX_INPUT_BYTES;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What was read.
#[derive(Debug)]
pub enum Input {
    Bytes(Vec<u8>),
    /// Larger than [`MAX_INPUT_BYTES`], so not read; the size in bytes when known (a stream's
    /// size is not).
    Oversized(Option<u64>),
}

/// A file that could not be read at all.
#[derive(Debug)]
pub struct InputError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.error.kind() {
            io::ErrorKind::NotFound => "no such file or directory".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            io::ErrorKind::IsADirectory => "is a directory".to_string(),
            _ => self.error.to_string(),
        };
        write!(f, "cannot read `{}`: {reason}", self.path.display())
    }
}

impl std::error::Error for InputError {}

/// Reads a file that a manifest names: only a regular file (or what a symbolic link leads to). A
/// FIFO, a socket or a device is refused before it is opened: opening a FIFO blocks until
/// something writes to it. (A path named on the command line is read whatever it is, as `cat`
/// reads it: that is what the user asked for.)
pub fn read_regular_file(path: &Path) -> Result<Input, InputError> {
    let fail = |error| InputError {
        path: path.to_path_buf(),
        error,
    };
    let metadata = std::fs::metadata(path).map_err(fail)?;
    if !metadata.is_file() && !metadata.is_dir() {
        return Err(fail(io::Error::other(
            "not a regular file (a FIFO, a socket or a device)",
        )));
    }
    read_file(path)
}

pub fn read_file(path: &Path) -> Result<Input, InputError> {
    let fail = |error| InputError {
        path: path.to_path_buf(),
        error,
    };
    let file = File::open(path).map_err(fail)?;
    let metadata = file.metadata().map_err(fail)?;
    if metadata.is_dir() {
        return Err(fail(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    if metadata.is_file() && metadata.len() > MAX_INPUT_BYTES {
        return Ok(Input::Oversized(Some(metadata.len())));
    }
    // The size is known: one allocation of the right size, not a doubling buffer (whose spare
    // capacity the text would keep for the whole run).
    let capacity = if metadata.is_file() {
        metadata.len() as usize
    } else {
        0
    };
    read_capped(file, capacity).map_err(fail)
}

/// Reads a file into `buffer` (emptied first), without asking its size: for many small files
/// read one after another (the repository index), one system call fewer each than
/// [`read_file`]. `false` when it cannot be read or is over [`MAX_INPUT_BYTES`].
pub fn read_into(path: &Path, buffer: &mut Vec<u8>) -> bool {
    buffer.clear();
    File::open(path)
        .and_then(|file| file.take(MAX_INPUT_BYTES + 1).read_to_end(buffer))
        .is_ok_and(|read| read as u64 <= MAX_INPUT_BYTES)
}

pub fn read_stdin() -> Result<Input, InputError> {
    read_capped(io::stdin().lock(), 0).map_err(|error| InputError {
        path: PathBuf::from("-"),
        error,
    })
}

/// Reads at most one byte past the cap, so an endless stream cannot exhaust memory.
fn read_capped(reader: impl Read, capacity: usize) -> io::Result<Input> {
    let mut bytes = Vec::with_capacity(capacity);
    let read = reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(if read as u64 > MAX_INPUT_BYTES {
        Input::Oversized(None)
    } else {
        Input::Bytes(bytes)
    })
}
