//! The components of a run, packed: the checks across files hold one entry per component
//! manifest of the repository until the last report is written, so each is a small record of
//! numbers, and its strings (file, `Name`, `RegionId`, the content file, the names of the
//! declared parameters) sit one after the other in one buffer that the whole run shares. A
//! component costs about a hundred bytes and its strings, with no allocation of its own (see
//! "The engine and memory" in `docs/architecture.md`).
//!
//! A linted file makes each of its components as a [`Component`] and [`Components::push`]es it;
//! the engine merges the tables of the files into the run's ([`Components::append`]), on the
//! thread that consumes the results, so that the threads that lint hold nothing long-lived.

use super::Declared;
use crate::catalog::ComponentType;
use crate::source::{Position, Span};
use crate::syntax::yaml_content::DeclaredParameter;

/// What the checks across files need from a component manifest, as a linted file makes it;
/// kept packed in [`Components`].
#[derive(Debug, Clone, Default)]
pub struct Component {
    /// The manifest's report name.
    pub file: String,
    /// `Name` as written, and its span.
    pub name: Option<(String, Span)>,
    /// The explicit `ComponentVersion`, when well formed, and its span.
    pub version: Option<([i32; 3], Span)>,
    /// `RegionId` as written, and its span.
    pub region: Option<(String, Span)>,
    pub component_type: ComponentType,
    pub parameters: Declared,
    /// Where `name` and `version` start, as line and column: findings in other files name
    /// these places, and the manifest's text is gone by then.
    pub name_at: Position,
    /// Where `version` starts and ends.
    pub version_at: (Position, Position),
}

/// Components, packed: records of numbers, their strings in one buffer.
#[derive(Debug, Clone, Default)]
pub struct Components {
    records: Vec<Record>,
    /// The strings of every record, one after the other, in the order of [`Record`]'s fields.
    text: String,
    /// The declared parameters of every record whose parameters are known.
    parameters: Vec<Parameter>,
}

/// A byte offset or count of a file, or a line or column: a file iclint reads is far smaller
/// than 4 GiB (`input.rs` caps it), so every one fits in 32 bits.
type Small = u32;

fn small(n: usize) -> Small {
    Small::try_from(n).unwrap_or(Small::MAX)
}

/// One component. Its strings start at `text` in [`Components::text`], in this order: the file,
/// `Name`, `RegionId`, the content file (for [`Declared::InFile`]), then the names of the
/// declared parameters.
#[derive(Debug, Clone, Copy)]
struct Record {
    text: Small,
    file_len: Small,
    name_len: Small,
    region_len: Small,
    in_file_len: Small,
    /// The first of its declared parameters in [`Components::parameters`], and how many.
    parameters: Small,
    parameter_count: Small,
    name_span: [Small; 2],
    region_span: [Small; 2],
    version_span: [Small; 2],
    version: [i32; 3],
    name_at: [Small; 2],
    version_at: [Small; 4],
    has: Has,
    component_type: ComponentType,
}

/// Which of a record's optional parts it has.
#[derive(Debug, Clone, Copy)]
struct Has {
    name: bool,
    version: bool,
    region: bool,
    declared: DeclaredKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeclaredKind {
    Known,
    InFile,
    Unknown,
}

/// A declared parameter: the length of its name (the names follow one another in the text).
#[derive(Debug, Clone, Copy)]
struct Parameter {
    name_len: Small,
    has_default: bool,
}

impl Components {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Room for `additional` more components without growing the records (their strings still
    /// grow as they come).
    pub fn reserve_exact(&mut self, additional: usize) {
        self.records.reserve_exact(additional);
    }

    pub fn push(&mut self, component: Component) {
        let start = self.text.len();
        let mut put = |s: &str| {
            self.text.push_str(s);
            small(s.len())
        };
        let span = |s: Span| [small(s.start), small(s.end)];
        let at = |p: Position| [small(p.line), small(p.column)];
        let file_len = put(&component.file);
        let name_len = component.name.as_ref().map_or(0, |(n, _)| put(n));
        let region_len = component.region.as_ref().map_or(0, |(r, _)| put(r));
        let (declared, in_file_len, list) = match &component.parameters {
            Declared::Known(list) => (DeclaredKind::Known, 0, list.as_slice()),
            Declared::InFile(file) => (DeclaredKind::InFile, put(file), &[][..]),
            Declared::Unknown => (DeclaredKind::Unknown, 0, &[][..]),
        };
        let parameters = small(self.parameters.len());
        for parameter in list {
            let name_len = put(&parameter.name);
            self.parameters.push(Parameter {
                name_len,
                has_default: parameter.has_default,
            });
        }
        let (name_at, (version_from, version_to)) = (component.name_at, component.version_at);
        let (version_from, version_to) = (at(version_from), at(version_to));
        self.records.push(Record {
            text: small(start),
            file_len,
            name_len,
            region_len,
            in_file_len,
            parameters,
            parameter_count: small(list.len()),
            name_span: span(component.name.as_ref().map_or_else(Span::default, |n| n.1)),
            region_span: span(
                component
                    .region
                    .as_ref()
                    .map_or_else(Span::default, |r| r.1),
            ),
            version_span: span(component.version.map_or_else(Span::default, |v| v.1)),
            version: component.version.map_or([0; 3], |v| v.0),
            name_at: at(name_at),
            version_at: [
                version_from[0],
                version_from[1],
                version_to[0],
                version_to[1],
            ],
            has: Has {
                name: component.name.is_some(),
                version: component.version.is_some(),
                region: component.region.is_some(),
                declared,
            },
            component_type: component.component_type,
        });
    }

    /// Adds the components of `other` after these.
    pub fn append(&mut self, other: &Components) {
        let text = small(self.text.len());
        let parameters = small(self.parameters.len());
        self.text.push_str(&other.text);
        self.parameters.extend_from_slice(&other.parameters);
        self.records
            .extend(other.records.iter().map(|record| Record {
                text: record.text + text,
                parameters: record.parameters + parameters,
                ..*record
            }));
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = ComponentRef<'_>> + '_ {
        (0..self.records.len()).map(|i| self.get(i))
    }

    /// The component at `i` (in the order they were pushed).
    ///
    /// # Panics
    /// When `i` is not less than [`Components::len`].
    pub fn get(&self, i: usize) -> ComponentRef<'_> {
        ComponentRef {
            table: self,
            record: &self.records[i],
        }
    }

    /// Gives each content file (of a component whose parameters are [`Declared::InFile`]) the
    /// name `rename` returns for it, if any.
    pub fn rename_in_files(&mut self, rename: impl Fn(&str) -> Option<String>) {
        let mut renamed = Components::default();
        renamed.reserve_exact(self.len());
        for component in self.iter() {
            let mut component = component.to_component();
            if let Declared::InFile(file) = &mut component.parameters
                && let Some(name) = rename(file)
            {
                *file = name;
            }
            renamed.push(component);
        }
        *self = renamed;
    }
}

/// One component of [`Components`], read from its record.
#[derive(Debug, Clone, Copy)]
pub struct ComponentRef<'a> {
    table: &'a Components,
    record: &'a Record,
}

fn span([start, end]: [Small; 2]) -> Span {
    Span::new(start as usize, end as usize)
}

fn position(line: Small, column: Small) -> Position {
    Position {
        line: line as usize,
        column: column as usize,
    }
}

impl<'a> ComponentRef<'a> {
    /// The string of length `len` at `from` bytes past the record's start.
    fn string(&self, from: Small, len: Small) -> &'a str {
        let start = (self.record.text + from) as usize;
        &self.table.text[start..start + len as usize]
    }

    /// The manifest's report name.
    pub fn file(&self) -> &'a str {
        self.string(0, self.record.file_len)
    }

    /// `Name` as written, and its span.
    pub fn name(&self) -> Option<(&'a str, Span)> {
        let r = self.record;
        r.has
            .name
            .then(|| (self.string(r.file_len, r.name_len), span(r.name_span)))
    }

    /// The explicit `ComponentVersion`, when well formed, and its span.
    pub fn version(&self) -> Option<([i32; 3], Span)> {
        let r = self.record;
        r.has.version.then(|| (r.version, span(r.version_span)))
    }

    /// `RegionId` as written, and its span.
    pub fn region(&self) -> Option<(&'a str, Span)> {
        let r = self.record;
        let from = r.file_len + r.name_len;
        r.has
            .region
            .then(|| (self.string(from, r.region_len), span(r.region_span)))
    }

    pub fn component_type(&self) -> ComponentType {
        self.record.component_type
    }

    /// Where `Name` starts, as line and column.
    pub fn name_at(&self) -> Position {
        let [line, column] = self.record.name_at;
        position(line, column)
    }

    /// Where `ComponentVersion` starts and ends, as lines and columns.
    pub fn version_at(&self) -> (Position, Position) {
        let [line, column, end_line, end_column] = self.record.version_at;
        (position(line, column), position(end_line, end_column))
    }

    /// The content file whose parameters are this component's, when its content is in a file.
    pub fn in_file(&self) -> Option<&'a str> {
        let r = self.record;
        let from = r.file_len + r.name_len + r.region_len;
        (r.has.declared == DeclaredKind::InFile).then(|| self.string(from, r.in_file_len))
    }

    /// The parameters its content declares, when read from the content inline in the manifest.
    pub fn known_parameters(&self) -> Option<Vec<DeclaredParameter>> {
        let r = self.record;
        if r.has.declared != DeclaredKind::Known {
            return None;
        }
        let first = r.parameters as usize;
        let mut from = r.file_len + r.name_len + r.region_len + r.in_file_len;
        let list = &self.table.parameters[first..first + r.parameter_count as usize];
        Some(
            list.iter()
                .map(|parameter| {
                    let name = self.string(from, parameter.name_len).to_string();
                    from += parameter.name_len;
                    DeclaredParameter {
                        name,
                        has_default: parameter.has_default,
                    }
                })
                .collect(),
        )
    }

    /// The parameters as the linted file made them.
    pub fn parameters(&self) -> Declared {
        match self.record.has.declared {
            DeclaredKind::Known => Declared::Known(self.known_parameters().unwrap_or_default()),
            DeclaredKind::InFile => Declared::InFile(self.in_file().unwrap_or("").to_string()),
            DeclaredKind::Unknown => Declared::Unknown,
        }
    }

    /// The component as the linted file made it.
    pub fn to_component(&self) -> Component {
        Component {
            file: self.file().to_string(),
            name: self.name().map(|(n, s)| (n.to_string(), s)),
            version: self.version(),
            region: self.region().map(|(r, s)| (r.to_string(), s)),
            component_type: self.component_type(),
            parameters: self.parameters(),
            name_at: self.name_at(),
            version_at: self.version_at(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(file: &str, parameters: Declared) -> Component {
        Component {
            file: file.to_string(),
            name: Some(("web".to_string(), Span::new(6, 9))),
            version: Some(([1, 2, 3], Span::new(28, 33))),
            region: Some(("cn-hangzhou".to_string(), Span::new(44, 55))),
            component_type: ComponentType::Test,
            parameters,
            name_at: Position { line: 1, column: 7 },
            version_at: (
                Position {
                    line: 2,
                    column: 19,
                },
                Position {
                    line: 2,
                    column: 24,
                },
            ),
        }
    }

    fn same(a: &Component, b: &Component) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn a_component_reads_back_as_it_was_pushed() {
        let known = Declared::Known(vec![
            DeclaredParameter {
                name: "port".to_string(),
                has_default: true,
            },
            DeclaredParameter {
                name: "user".to_string(),
                has_default: false,
            },
        ]);
        let pushed = [
            component("a.component.yaml", known),
            component("b.component.yaml", Declared::InFile("b/tasks.yaml".into())),
            Component {
                file: "c.component.yaml".to_string(),
                ..Component::default()
            },
            component("d.component.yaml", Declared::Known(Vec::new())),
        ];
        let mut first = Components::default();
        first.push(pushed[0].clone());
        let mut second = Components::default();
        for component in &pushed[1..] {
            second.push(component.clone());
        }
        first.append(&second);
        assert_eq!(first.len(), pushed.len());
        for (read, pushed) in first.iter().zip(&pushed) {
            assert!(same(&read.to_component(), pushed), "{read:?}");
        }
        let c = first.iter().nth(2).unwrap();
        assert_eq!((c.name(), c.version(), c.region()), (None, None, None));
        assert_eq!(first.iter().nth(1).unwrap().in_file(), Some("b/tasks.yaml"));
    }

    #[test]
    fn content_files_are_renamed() {
        let mut table = Components::default();
        table.push(component(
            "a.component.yaml",
            Declared::InFile("x.yaml".into()),
        ));
        table.push(component(
            "b.component.yaml",
            Declared::InFile("y.yaml".into()),
        ));
        table.rename_in_files(|file| (file == "x.yaml").then(|| "named/x.yaml".to_string()));
        let files: Vec<_> = table.iter().map(|c| c.in_file()).collect();
        assert_eq!(files, [Some("named/x.yaml"), Some("y.yaml")]);
        assert_eq!(table.iter().next().unwrap().name().unwrap().0, "web");
    }
}
