//! Reports set aside until their turn. The manifests of a run are linted before the raw content
//! (they say which content files are theirs), but reports are written in path order: the
//! manifests' reports wait here, on disk, until the stream of the others reaches their names.
//! So a run holds no list of its reports, and its memory does not grow with the repository.
//!
//! They wait in memory up to [`IN_MEMORY_BYTES`] (a pre-commit hook or an editor never needs
//! more), then in an anonymous temporary file, deleted when dropped; where none can be made,
//! they stay in memory.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Elsewhere, Fix, Related};
use crate::report::FileReport;
use crate::rule::{Rule, Severity};
use crate::rules::REGISTRY;
use crate::source::{Position, SourceFile, Span};
use foldhash::HashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};

/// Where the reports wait: a temporary file, or memory.
trait Store: Read + Write + Seek + Send {}
impl<T: Read + Write + Seek + Send> Store for T {}

/// How many bytes of reports wait in memory before they move to a temporary file.
const IN_MEMORY_BYTES: usize = 256 * 1024;

/// Reports set aside, in the order they came.
pub(crate) struct Spill {
    store: Writing,
    index: Vec<Entry>,
    /// How many bytes the names of the reports take. The names wait in the store, each just
    /// before its report: [`Spill::into_sorted`] reads them back only to sort by, and
    /// [`Spilled`] reads each again with its report. Memory holds no name of a report set aside.
    names_len: usize,
    end: u64,
    /// [`IN_MEMORY_BYTES`], but for tests.
    in_memory: usize,
}

/// Where the reports are written: memory, then a file.
enum Writing {
    Memory(Vec<u8>),
    File(io::BufWriter<std::fs::File>),
}

/// Where one report is in the store, its name just before it.
#[derive(Clone, Copy)]
struct Entry {
    offset: u64,
    len: u32,
    name_len: u32,
}

impl Spill {
    pub(crate) fn new() -> Self {
        Self::with_memory(IN_MEMORY_BYTES)
    }

    /// Reports wait in memory up to `in_memory` bytes.
    fn with_memory(in_memory: usize) -> Self {
        Spill {
            store: Writing::Memory(Vec::new()),
            index: Vec::new(),
            names_len: 0,
            end: 0,
            in_memory,
        }
    }

    /// Sets `report` aside.
    pub(crate) fn put(&mut self, report: &FileReport) -> io::Result<()> {
        let name = report.source.name();
        let bytes = postcard::to_extend(&Record::of(report), name.as_bytes().to_vec())
            .map_err(io::Error::other)?;
        match &mut self.store {
            Writing::Memory(memory) if memory.len() + bytes.len() > self.in_memory => {
                // Too much for memory: on to a file, if one can be made.
                if let Ok(file) = tempfile::tempfile() {
                    let mut file = io::BufWriter::new(file);
                    file.write_all(memory)?;
                    file.write_all(&bytes)?;
                    self.store = Writing::File(file);
                } else {
                    memory.extend_from_slice(&bytes);
                }
            }
            Writing::Memory(memory) => memory.extend_from_slice(&bytes),
            Writing::File(file) => file.write_all(&bytes)?,
        }
        self.names_len += name.len();
        let too_large = || io::Error::other("more reports than the spill can index");
        // The end of the names fits, so their starts and lengths do.
        u32::try_from(self.names_len).map_err(|_| too_large())?;
        self.index.push(Entry {
            offset: self.end + name.len() as u64,
            len: u32::try_from(bytes.len() - name.len()).map_err(|_| too_large())?,
            name_len: name.len() as u32,
        });
        self.end += bytes.len() as u64;
        Ok(())
    }

    /// The reports set aside, to take back in path order (those of one name in the order they
    /// came).
    pub(crate) fn into_sorted(self) -> io::Result<Spilled> {
        let mut store: Box<dyn Store> = match self.store {
            Writing::Memory(memory) => Box::new(Cursor::new(memory)),
            Writing::File(file) => Box::new(file.into_inner().map_err(|e| e.into_error())?),
        };
        // The names, in the order the reports came, to sort by; dropped once sorted.
        let names = read_names(&mut store, &self.index, self.names_len)?;
        let mut starts = Vec::with_capacity(self.index.len());
        let mut start = 0;
        for entry in &self.index {
            starts.push(start);
            start += entry.name_len as usize;
        }
        let name = |i: usize| &names[starts[i]..starts[i] + self.index[i].name_len as usize];
        let mut order: Vec<usize> = (0..self.index.len()).collect();
        order.sort_by(|&a, &b| name(a).cmp(name(b)));
        let index = order.into_iter().map(|i| self.index[i]).collect();
        let rules = REGISTRY.iter().map(|rule| (rule.code, *rule)).collect();
        Ok(Spilled {
            store,
            index,
            front: None,
            rules,
        })
    }
}

/// Reads the names of the reports of `index` (in the order they came, each just before its
/// report) into one string of `len` bytes.
fn read_names(store: &mut dyn Store, index: &[Entry], len: usize) -> io::Result<String> {
    let mut names = Vec::with_capacity(len);
    store.seek(SeekFrom::Start(0))?;
    let mut reader = io::BufReader::new(store);
    let mut at = 0u64;
    for entry in index {
        let name_len = u64::from(entry.name_len);
        let start = entry.offset - name_len;
        reader.seek_relative((start - at) as i64)?;
        let from = names.len();
        names.resize(from + name_len as usize, 0);
        reader.read_exact(&mut names[from..])?;
        at = start + name_len;
    }
    String::from_utf8(names).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// The reports set aside, taken back in path order.
pub(crate) struct Spilled {
    store: Box<dyn Store>,
    index: VecDeque<Entry>,
    /// The next report's name and record, read by [`Spilled::next_name`].
    front: Option<io::Result<(Vec<u8>, Vec<u8>)>>,
    rules: HashMap<&'static str, &'static Rule>,
}

impl Spilled {
    /// The name of the next report, if any is left.
    /// (A report that cannot be read back is named `""`, so that [`Spilled::next`] comes at
    /// once and says why.)
    pub(crate) fn next_name(&mut self) -> Option<&str> {
        let entry = *self.index.front()?;
        if self.front.is_none() {
            self.front = Some(self.read(&entry));
        }
        match self.front.as_ref()? {
            Ok((bytes, _)) => Some(std::str::from_utf8(bytes).unwrap_or("")),
            Err(_) => Some(""),
        }
    }

    /// Takes back the next report.
    pub(crate) fn next(&mut self) -> Option<io::Result<FileReport>> {
        let entry = self.index.pop_front()?;
        let front = self.front.take().unwrap_or_else(|| self.read(&entry));
        Some(front.and_then(|(_, record)| {
            let record: Record = postcard::from_bytes(&record).map_err(io::Error::other)?;
            record.into_report(&self.rules)
        }))
    }

    /// The name and the record of the report at `entry`, in one read.
    fn read(&mut self, entry: &Entry) -> io::Result<(Vec<u8>, Vec<u8>)> {
        self.store
            .seek(SeekFrom::Start(entry.offset - u64::from(entry.name_len)))?;
        let mut bytes = vec![0; entry.name_len as usize + entry.len as usize];
        self.store.read_exact(&mut bytes)?;
        let record = bytes.split_off(entry.name_len as usize);
        Ok((bytes, record))
    }
}

/// A report as it is set aside: written from the report's own text (borrowed, not copied),
/// read back into text of its own. Encoded with postcard, a compact binary form of serde's data
/// model: the store is private to the run, and JSON cost several times as much to write and
/// read (5% of a run over a repository, most of whose reports wait here).
#[derive(Serialize, Deserialize)]
struct Record<'a> {
    name: Cow<'a, str>,
    /// The text, when the report keeps it (for a report that shows source lines).
    text: Option<Cow<'a, str>>,
    /// Otherwise the positions it kept.
    positions: Cow<'a, [(usize, Position)]>,
    diagnostics: Vec<DiagnosticRecord<'a>>,
}

#[derive(Serialize, Deserialize)]
struct DiagnosticRecord<'a> {
    code: Cow<'a, str>,
    severity: Severity,
    message: Cow<'a, str>,
    span: Span,
    label: Option<Cow<'a, str>>,
    help: Option<Cow<'a, str>>,
    related: Vec<RelatedRecord<'a>>,
    fix: Option<FixRecord<'a>>,
}

#[derive(Serialize, Deserialize)]
struct FixRecord<'a> {
    title: Cow<'a, str>,
    edits: Vec<(Span, Cow<'a, str>)>,
    safe: bool,
}

#[derive(Serialize, Deserialize)]
struct RelatedRecord<'a> {
    span: Span,
    message: Cow<'a, str>,
    elsewhere: Option<(Cow<'a, str>, Position, Position)>,
}

impl<'a> Record<'a> {
    fn of(report: &'a FileReport) -> Self {
        let source = &report.source;
        let borrowed = |text: &'a String| Cow::Borrowed(text.as_str());
        Record {
            name: Cow::Borrowed(source.name()),
            text: source.has_text().then(|| Cow::Borrowed(source.text())),
            positions: Cow::Borrowed(source.kept_positions().unwrap_or_default()),
            diagnostics: report
                .diagnostics
                .iter()
                .map(|d| DiagnosticRecord {
                    code: Cow::Borrowed(d.code()),
                    severity: d.severity,
                    message: borrowed(&d.message),
                    span: d.span,
                    label: d.label.as_ref().map(borrowed),
                    help: d.help.as_ref().map(borrowed),
                    related: d
                        .related
                        .iter()
                        .map(|r| RelatedRecord {
                            span: r.span,
                            message: borrowed(&r.message),
                            elsewhere: r
                                .elsewhere
                                .as_ref()
                                .map(|e| (borrowed(&e.file), e.start, e.end)),
                        })
                        .collect(),
                    fix: d.fix.as_deref().map(|fix| FixRecord {
                        title: borrowed(&fix.title),
                        edits: fix
                            .edits
                            .iter()
                            .map(|e| (e.span, borrowed(&e.replacement)))
                            .collect(),
                        safe: fix.applicability == Applicability::Safe,
                    }),
                })
                .collect(),
        }
    }

    fn into_report(self, rules: &HashMap<&'static str, &'static Rule>) -> io::Result<FileReport> {
        let source = match self.text {
            Some(text) => SourceFile::new(self.name, text),
            None => SourceFile::with_positions(self.name, self.positions.into_owned()),
        };
        let diagnostics = self
            .diagnostics
            .into_iter()
            .map(|d| {
                let rule = rules
                    .get(d.code.as_ref())
                    .copied()
                    .or_else(|| super::shellcheck::rule_of(&d.code))
                    .ok_or_else(|| {
                        io::Error::new(io::ErrorKind::InvalidData, format!("no rule {}", d.code))
                    })?;
                Ok(Diagnostic {
                    rule,
                    severity: d.severity,
                    message: d.message.into_owned(),
                    span: d.span,
                    label: d.label.map(Cow::into_owned),
                    help: d.help.map(Cow::into_owned),
                    related: d
                        .related
                        .into_iter()
                        .map(|r| Related {
                            span: r.span,
                            message: r.message.into_owned(),
                            elsewhere: r.elsewhere.map(|(file, start, end)| Elsewhere {
                                file: file.into_owned(),
                                start,
                                end,
                            }),
                        })
                        .collect(),
                    fix: d.fix.map(|fix| {
                        Box::new(Fix {
                            title: fix.title.into_owned(),
                            edits: fix
                                .edits
                                .into_iter()
                                .map(|(span, replacement)| Edit {
                                    span,
                                    replacement: replacement.into_owned(),
                                })
                                .collect(),
                            applicability: if fix.safe {
                                Applicability::Safe
                            } else {
                                Applicability::Unsafe
                            },
                        })
                    }),
                })
            })
            .collect::<io::Result<Vec<_>>>()?;
        Ok(FileReport {
            source,
            diagnostics,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::INVALID_CONTENT;

    fn report(name: &str, text: &str, keep_text: bool) -> FileReport {
        let mut report = FileReport {
            source: SourceFile::new(name, text),
            diagnostics: vec![
                Diagnostic::new(&INVALID_CONTENT, Span::new(2, 4), "a fault")
                    .with_label("here")
                    .with_help("fix it")
                    .with_related(Span::new(0, 1), "because")
                    .with_related_in(
                        "other.yaml",
                        (
                            Position { line: 3, column: 1 },
                            Position { line: 3, column: 4 },
                        ),
                        "first defined here",
                    ),
            ],
        };
        if !keep_text {
            report.keep_positions_only([]);
        }
        report
    }

    #[test]
    fn reports_come_back_whole_and_in_path_order() {
        // In memory, and moved to a file after the first report.
        for mut spill in [Spill::new(), Spill::with_memory(10)] {
            reports_come_back(&mut spill);
            assert!(matches!(spill.store, Writing::File(_)) == (spill.in_memory == 10));
            check_order(spill);
        }
    }

    fn reports_come_back(spill: &mut Spill) {
        for r in &fixtures() {
            spill.put(r).unwrap();
        }
    }

    fn fixtures() -> [FileReport; 3] {
        [
            report("b.yaml", "ab\ncd\n", false),
            report("a.yaml", "x\ny\nz", true),
            report("b.yaml", "é\nz", false),
        ]
    }

    fn check_order(spill: Spill) {
        let reports = fixtures();
        let mut spilled = spill.into_sorted().unwrap();
        let mut back = Vec::new();
        while let Some(r) = spilled.next() {
            back.push(r.unwrap());
        }
        let names: Vec<_> = back.iter().map(|r| r.source.name()).collect();
        assert_eq!(names, ["a.yaml", "b.yaml", "b.yaml"]);
        assert_eq!(back[0].source.text(), "x\ny\nz");
        for (original, back) in [
            (&reports[1], &back[0]),
            (&reports[0], &back[1]),
            (&reports[2], &back[2]),
        ] {
            assert_eq!(original.diagnostics, back.diagnostics);
            let span = original.diagnostics[0].span;
            assert_eq!(
                original.source.position(span.start),
                back.source.position(span.start)
            );
            assert_eq!(
                original.source.position(span.end),
                back.source.position(span.end)
            );
        }
    }
}
