//! Checks across the files of one run (`docs/service-rules.md` §6 and the last point of §7): they
//! see every component manifest of the run, so they decide what no single file can. Linting each
//! file yields its [`Facts`], made from its parsed models; the [`Index`] of the components is
//! built once the manifests are linted, and its checks read the facts alone, in path order, so
//! their findings do not depend on the number of threads. They return new findings; the engine
//! merges them into the reports.

use crate::catalog::ComponentType;
use crate::catalog::template::{ComponentTarget, VersionPart, VersionPattern, content_parameter};
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::rule::{Origin, Rule};
use crate::rules::template::invalid_rule;
use crate::source::{Position, Span};
use crate::suggest::nearest;
use crate::syntax::directives::Directive;
use crate::syntax::template::ComponentLine;
use crate::syntax::yaml_content::DeclaredParameter;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

mod components;

pub use components::{Component, ComponentRef, Components};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static VERSION_EXISTS: Rule = Rule {
    code: "InvalidComponentVersion.Exist",
    name: "component-version-exists",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "two component manifests with the same Name and ComponentVersion",
    explanation: "Image components are immutable: each (`Name`, `ComponentVersion`) pair exists once, and \
CreateImageComponent refuses a second one with `InvalidComponentVersion.Exist`. When a run sees two \
manifests with the same `Name` and the same explicit `ComponentVersion`, the later one in path order is \
reported, and the message names the first. Raise the version of the changed component (a new version \
is a new component), or rename one of them. Components already in the cloud are out of reach offline.",
    example: "\
# a-web.component.yaml
Name: web
ComponentVersion: 1.0.0
Content: |
  RUN echo hello
# b-web.component.yaml
Name: web
ComponentVersion: 1.0.0
Content: |
  RUN echo hello again
",
    fix: "\
# a-web.component.yaml
Name: web
ComponentVersion: 1.0.0
Content: |
  RUN echo hello
# b-web.component.yaml
Name: web
ComponentVersion: 1.1.0
Content: |
  RUN echo hello again
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static QUOTA_EXCEEDED: Rule = Rule {
    code: "QuotaExceed.ImageComponent",
    name: "component-quota-exceeded",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "more components in one RegionId than `component-quota` allows",
    explanation: "An account holds a limited number of image components per region, and \
CreateImageComponent refuses one more with `QuotaExceed.ImageComponent`. Alibaba Cloud publishes no \
default, so this check is off unless `.iclint.yaml` sets `component-quota: N`. The run counts the \
component manifests with each `RegionId` (manifests without `RegionId` are not counted) and reports the \
first one over the quota, in path order. Components already in the cloud count too, but are out of \
reach offline: set the quota to what is left.",
    example: "\
# .iclint.yaml
component-quota: 1
# a.component.yaml
Name: a
RegionId: cn-hangzhou
Content: |
  RUN echo a
# b.component.yaml
Name: b
RegionId: cn-hangzhou
Content: |
  RUN echo b
",
    fix: "\
# .iclint.yaml
component-quota: 1
# a.component.yaml
Name: a
RegionId: cn-hangzhou
Content: |
  RUN echo a
# b.component.yaml
Name: b
RegionId: cn-shanghai
Content: |
  RUN echo b
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static NOT_SUPPORTED: Rule = Rule {
    code: "InvalidImageComponent.NotSupported",
    name: "component-in-wrong-content",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "a Test component in BuildContent, or a Build component in TestContent",
    explanation: "Build components (`ComponentType: Build`, the default) may only appear in a template's \
`BuildContent`, Test components only in its `TestContent`; CreateImagePipeline refuses anything else \
with `InvalidImageComponent.NotSupported`. iclint decides this when the `COMPONENT` line names the \
component by ARN and the run holds its manifest (matched by `Name` and version pattern, the highest \
matching version). Move the line to the other content, or change the component's `ComponentType`.",
    example: "\
# smoke.component.yaml
Name: smoke
ComponentType: Test
ComponentVersion: 1.0.0
Content: |
  RUN curl -fsS http://localhost/
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/smoke/1.0.0
",
    fix: "\
# smoke.component.yaml
Name: smoke
ComponentType: Test
ComponentVersion: 1.0.0
Content: |
  RUN curl -fsS http://localhost/
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  RUN echo build
TestContent: |
  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/smoke/1.0.0
",
};

#[linkme::distributed_slice(crate::rule::RULES)]
pub static UNRESOLVED: Rule = Rule {
    code: "ICL402",
    name: "unresolved-component",
    severity: Severity::Info,
    origin: Origin::Linter,
    summary: "a COMPONENT reference not found in the repository",
    explanation: "When a template's `COMPONENT` line names a component by ARN and the run holds that \
component's manifest (same `Name`, an explicit `ComponentVersion` that the version pattern matches), \
iclint checks the line against it: its `--name value` parameters, and whether the component may be used \
in this content. A reference it cannot resolve is reported as information: an ARN that matches no \
manifest of the run, and every `ic-...` ID (IDs are assigned by the cloud, so a repository never holds \
them). The component may well exist in the cloud; lint the template together with the components' \
manifests, and name them by ARN, to have the line checked.",
    example: "\
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/web/1.0.0
",
    fix: "\
# web.component.yaml
Name: web
ComponentVersion: 1.0.0
Content: |
  RUN echo hello
# web.template.yaml
Name: web-template
BaseImageType: IMAGE
BaseImage: m-bp1abcdefghijklmnopq
BuildContent: |
  COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/web/1.0.0
",
};

/// The parameters a component's content declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Declared {
    /// Read from the content: none for the Dockerfile format.
    Known(Vec<DeclaredParameter>),
    /// The content is in this file (report name): its [`ContentParameters`] say.
    InFile(String),
    /// Not known: the content is missing or is not a YAML mapping.
    #[default]
    Unknown,
}

/// The parameters a content file declares (`None`: not known), for the component whose
/// `ContentFile` it is.
#[derive(Debug, Clone)]
pub struct ContentParameters {
    /// The content file's report name.
    pub file: String,
    pub parameters: Option<Vec<DeclaredParameter>>,
}

/// A `COMPONENT` line of a template, with spans in the file it is reported in.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The report name of the file that holds the line.
    pub file: String,
    /// `BuildContent` or `TestContent`.
    pub content: ComponentType,
    pub line: ComponentLine,
}

/// What the checks across files need from the files of a run: one type, made by linting each
/// file (`crate::lint`) from its parsed models, and merged by the engine.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub components: Components,
    pub contents: Vec<ContentParameters>,
    pub references: Vec<Reference>,
    /// The suppression comments of each file (by report name) that name a code of
    /// [`crate::rules::shared::ACROSS_FILES`], in that file's coordinates; the engine applies
    /// them to that file's findings of the [`Index`] checks.
    pub suppressions: Vec<(String, Vec<Directive>)>,
}

impl Facts {
    pub fn extend(&mut self, other: Facts) {
        self.components.append(&other.components);
        self.contents.extend(other.contents);
        self.references.extend(other.references);
        self.suppressions.extend(other.suppressions);
    }

    /// As [`Facts::extend`], with copies allocated by the calling thread (the engine keeps
    /// the run's facts apart from the threads that lint: see `docs/architecture.md`).
    pub fn extend_copied(&mut self, other: &Facts) {
        self.components.append(&other.components);
        self.contents.extend(other.contents.iter().cloned());
        self.references.extend(other.references.iter().cloned());
        self.suppressions.extend(other.suppressions.iter().cloned());
    }

    /// Every byte offset the findings of the [`Index`] checks may point at or name, in the file `file`:
    /// a report that drops its text keeps the positions of these.
    pub fn offsets_in<'a>(&'a self, file: &'a str) -> impl Iterator<Item = usize> + 'a {
        let spans = |span: Span| [span.start, span.end];
        let components = self
            .components
            .iter()
            .filter(move |c| c.file() == file)
            .flat_map(move |c| {
                let name = c.name().map(|(_, s)| s);
                let version = c.version().map(|(_, s)| s);
                let region = c.region().map(|(_, s)| s);
                [name, version, region]
                    .into_iter()
                    .flatten()
                    .flat_map(spans)
            });
        let references = self
            .references
            .iter()
            .filter(move |r| r.file == file)
            .flat_map(move |r| {
                let line = &r.line;
                let target = line.target.as_ref();
                let target_spans = target.into_iter().flat_map(|t| {
                    [Some(t.span), t.name_span, t.version_span]
                        .into_iter()
                        .flatten()
                        .chain(t.name_span.zip(t.version_span).map(|(n, v)| n.cover(v)))
                });
                target_spans
                    .chain(line.params.iter().map(|p| p.name_span))
                    .flat_map(spans)
                    .collect::<Vec<_>>()
            });
        components.chain(references)
    }
}

/// Findings of the checks across files, each with the report name of its file.
pub type Found = Vec<(String, Diagnostic)>;

/// What the checks across files know once every component of the run is linted: the
/// components in path order, and by name with their declared parameters. It holds positions
/// in the run's [`Components`], four bytes per component and list, and is kept until the last
/// report is written (`docs/architecture.md`, "The engine and memory").
pub struct Index<'a> {
    table: &'a Components,
    /// The components in path order (the order of the threads that linted them aside).
    components: Vec<u32>,
    /// The components with a `Name`, by name, each name's in path order: a `COMPONENT` line
    /// looks among the components of its name only.
    by_name: Vec<u32>,
    /// A component's parameters, when its content is in a file of its own.
    in_files: HashMap<&'a str, &'a Option<Vec<DeclaredParameter>>>,
}

impl<'a> Index<'a> {
    /// Indexes the components of `facts` (and the parameters of their content files).
    pub fn new(facts: &'a Facts) -> Self {
        let table = &facts.components;
        let at = |i: &u32| table.get(*i as usize);
        let mut components: Vec<u32> = (0..table.len() as u32).collect();
        components.sort_by(|a, b| at(a).file().cmp(at(b).file()));
        let mut by_name: Vec<u32> = components
            .iter()
            .copied()
            .filter(|i| at(i).name().is_some())
            .collect();
        // Stable: path order among equal names.
        by_name.sort_by(|a, b| name_of(at(a)).cmp(name_of(at(b))));
        let in_files = facts
            .contents
            .iter()
            .map(|c| (c.file.as_str(), &c.parameters))
            .collect();
        Index {
            table,
            components,
            by_name,
            in_files,
        }
    }

    /// The components in path order.
    fn in_path_order(&self) -> Vec<ComponentRef<'a>> {
        let table = self.table;
        self.components
            .iter()
            .map(|&i| table.get(i as usize))
            .collect()
    }

    /// The components named `name`, in path order.
    fn named(&self, name: &str) -> Vec<Resolved<'a>> {
        let table = self.table;
        let at = |i: u32| table.get(i as usize);
        let first = self.by_name.partition_point(|&i| name_of(at(i)) < name);
        self.by_name[first..]
            .iter()
            .map(|&i| at(i))
            .take_while(|c| name_of(*c) == name)
            .map(|component| Resolved {
                component,
                parameters: match component.in_file() {
                    Some(file) => self
                        .in_files
                        .get(file)
                        .and_then(|p| p.as_ref())
                        .map(Parameters::InFile),
                    None => Some(Parameters::Inline),
                },
            })
            .collect()
    }

    /// The findings on the components themselves: a version defined twice, and the quota
    /// (`component-quota` of the configuration) when set.
    pub fn check_components(&self, quota: Option<usize>) -> Found {
        let mut found = Vec::new();
        check_versions(self, &mut found);
        if let Some(quota) = quota {
            check_quota(&self.in_path_order(), quota, &mut found);
        }
        found
    }

    /// The component a `COMPONENT` line resolves to, if it names one by ARN and the index holds
    /// it.
    pub fn resolved(&self, reference: &Reference) -> Option<ComponentRef<'a>> {
        let target = reference.line.target.as_ref()?;
        let ComponentTarget::Arn { name, version, .. } = target.parsed.as_ref().ok()? else {
            return None;
        };
        let named = self.named(name);
        best(&named, version).map(|(resolved, _)| resolved.component)
    }

    /// The findings on `COMPONENT` lines, resolved against the components.
    pub fn check_references<'r>(
        &self,
        references: impl IntoIterator<Item = &'r Reference>,
    ) -> Found {
        let mut found = Vec::new();
        for reference in references {
            if let Some(finding) = resolve(reference, self) {
                found.extend(finding.into_iter().map(|d| (reference.file.clone(), d)));
            }
        }
        found
    }
}

/// The `Name` of a component of [`Index::by_name`] (each has one).
fn name_of(component: ComponentRef<'_>) -> &str {
    component.name().map_or("", |(name, _)| name)
}

/// Findings grouped by file, each file's sorted (by position, then code).
pub fn by_file(mut found: Found) -> HashMap<String, Vec<Diagnostic>> {
    let mut grouped: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    // A stable order before the per-file sort, whatever order the findings came in.
    found.sort_by(|a, b| a.0.cmp(&b.0));
    for (file, diagnostic) in found {
        grouped.entry(file).or_default().push(diagnostic);
    }
    for list in grouped.values_mut() {
        crate::diagnostic::sort(list);
    }
    grouped
}

/// `file:line:column` of a place in another file.
fn location(file: &str, at: Position) -> String {
    format!("{file}:{}:{}", at.line, at.column)
}

/// A component with the parameters its content declares (`None`: not known).
struct Resolved<'a> {
    component: ComponentRef<'a>,
    parameters: Option<Parameters<'a>>,
}

/// Where a component's declared parameters are: read from its content inline in the manifest
/// (when known: see [`ComponentRef::known_parameters`]), or in its content file's facts.
#[derive(Clone, Copy)]
enum Parameters<'a> {
    Inline,
    InFile(&'a Vec<DeclaredParameter>),
}

impl<'a> Resolved<'a> {
    /// The parameters its content declares (`None`: not known); read back from the packed
    /// component only for a `COMPONENT` line that names it.
    fn parameters(&self) -> Option<Cow<'a, [DeclaredParameter]>> {
        match self.parameters? {
            Parameters::Inline => self.component.known_parameters().map(Cow::Owned),
            Parameters::InFile(list) => Some(Cow::Borrowed(list)),
        }
    }
}

fn version_text([major, minor, patch]: [i32; 3]) -> String {
    format!("{major}.{minor}.{patch}")
}

fn pattern_text(pattern: &VersionPattern) -> String {
    pattern
        .0
        .iter()
        .map(|part| match part {
            VersionPart::Any => "*".to_string(),
            VersionPart::Exact(n) => n.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `InvalidComponentVersion.Exist`: on every manifest after the first with its (`Name`,
/// `ComponentVersion`).
fn check_versions(index: &Index<'_>, found: &mut Found) {
    // Positions in path order.
    let at = |p: usize| index.table.get(index.components[p] as usize);
    let pair = |p: usize| {
        let component = at(p);
        component
            .name()
            .map(|(n, _)| n)
            .zip(component.version().map(|(v, _)| v))
    };
    // The components with both, by pair, each pair's in path order (a stable sort of the path
    // order): the first of each pair is the original. Positions, not a map of the pairs.
    let mut by_pair: Vec<usize> = (0..index.components.len())
        .filter(|&p| pair(p).is_some())
        .collect();
    by_pair.sort_by(|&a, &b| pair(a).cmp(&pair(b)));
    // Each later one with its original, reported in path order.
    let mut later: Vec<(usize, usize)> = Vec::new();
    let mut original = None;
    for &p in &by_pair {
        match original {
            Some(first) if pair(first) == pair(p) => later.push((p, first)),
            _ => original = Some(p),
        }
    }
    later.sort_unstable();
    for (p, first) in later {
        let (component, original) = (at(p), at(first));
        let (Some((name, name_span)), Some((version, version_span))) =
            (component.name(), component.version())
        else {
            continue;
        };
        let first = location(original.file(), original.version_at().0);
        found.push((
            component.file().to_string(),
            Diagnostic::new(
                &VERSION_EXISTS,
                version_span,
                format!(
                    "component `{name}` version {} is already defined in `{}`",
                    version_text(version),
                    first
                ),
            )
            .with_label("version already taken")
            .with_related(name_span, "same `Name`")
            .with_related_in(original.file(), original.version_at(), "first defined here")
            .with_help(
                "each (`Name`, `ComponentVersion`) pair exists once: raise this `ComponentVersion`, \
                 or rename one of the components",
            ),
        ));
    }
}

/// `QuotaExceed.ImageComponent`: on the first manifest of a region over the quota.
fn check_quota(components: &[ComponentRef<'_>], quota: usize, found: &mut Found) {
    let mut by_region: Vec<(&str, Vec<ComponentRef<'_>>)> = Vec::new();
    for &component in components {
        let Some((region, _)) = component.region() else {
            continue;
        };
        match by_region.iter_mut().find(|(r, _)| *r == region) {
            Some((_, list)) => list.push(component),
            None => by_region.push((region, vec![component])),
        }
    }
    for (region, list) in by_region {
        let Some(over) = list.get(quota) else {
            continue;
        };
        let (_, span) = over.region().unwrap_or_default();
        found.push((
            over.file().to_string(),
            Diagnostic::new(
                &QUOTA_EXCEEDED,
                span,
                format!(
                    "region `{region}` gets {} components in this run, over the quota of {quota} \
                     (`component-quota` in `.iclint.yaml`); this is component {} in path order",
                    list.len(),
                    quota + 1
                ),
            )
            .with_label("over the quota")
            .with_help(
                "delete components you no longer use, spread them over regions, or raise \
                 `component-quota` if your account's quota is higher",
            ),
        ));
    }
}

/// The component a `COMPONENT` line names, among those of its name: the highest version the
/// pattern matches; the first in path order among equals.
fn best<'r, 'a>(
    named: &'r [Resolved<'a>],
    pattern: &VersionPattern,
) -> Option<(&'r Resolved<'a>, [i32; 3])> {
    let mut best: Option<(&Resolved<'_>, [i32; 3])> = None;
    for resolved in named {
        let Some((version, _)) = resolved.component.version() else {
            continue;
        };
        if pattern.matches(version) && best.is_none_or(|(_, v)| version > v) {
            best = Some((resolved, version));
        }
    }
    best
}

/// Resolves one `COMPONENT` line against the run's components (by name, each name's in path
/// order) and checks it.
fn resolve(reference: &Reference, index: &Index<'_>) -> Option<Vec<Diagnostic>> {
    let line = &reference.line;
    let target = line.target.as_ref()?;
    let (name, pattern) = match target.parsed.as_ref().ok()? {
        ComponentTarget::Id(id) => {
            return Some(vec![
                Diagnostic::new(
                    &UNRESOLVED,
                    target.span,
                    format!(
                        "`{id}` is a component ID: IDs are assigned by the cloud, so iclint cannot \
                         check this line against a manifest"
                    ),
                )
                .with_label("not checked")
                .with_help(
                    "name the component by ARN \
                     (`acs:ecs:<region>:<account>:imagecomponent/<Name>/<major>.<minor>.<patch>`) \
                     and lint it with its manifest to have the line checked",
                ),
            ]);
        }
        ComponentTarget::Arn { name, version, .. } => (name, version),
    };
    let named = index.named(name);
    let named = named.as_slice();
    let Some((resolved, version)) = best(named, pattern) else {
        let mut held: Vec<[i32; 3]> = named
            .iter()
            .filter_map(|r| r.component.version().map(|(v, _)| v))
            .collect();
        held.sort_unstable();
        held.dedup();
        let versions = listed(&held, |&v| version_text(v), ", ");
        let help = match (held.is_empty(), named.is_empty()) {
            (true, true) => "it may exist in the cloud; lint the template together with the \
                             component's manifest to have the line checked"
                .to_string(),
            (true, false) => format!(
                "the run holds `{name}` only without a `ComponentVersion`, which no version \
                 pattern matches: give its manifest a `ComponentVersion`"
            ),
            (false, _) => {
                format!("the run holds `{name}` in {versions}: check the version pattern")
            }
        };
        return Some(vec![
            Diagnostic::new(
                &UNRESOLVED,
                target.version_span.map_or(target.span, |v| {
                    target.name_span.map_or(target.span, |n| n.cover(v))
                }),
                format!(
                    "no component of this run is named `{name}` with a version matching `{}`",
                    pattern_text(pattern)
                ),
            )
            .with_label("not found in the repository")
            .with_help(help),
        ]);
    };
    let component = resolved.component;
    let described = format!(
        "component `{name}` {} (`{}`)",
        version_text(version),
        location(component.file(), component.name_at())
    );
    let mut out = Vec::new();
    let component_type = component.component_type();
    if component_type != reference.content {
        let right = content_parameter(component_type);
        out.push(
            Diagnostic::new(
                &NOT_SUPPORTED,
                target.span,
                format!(
                    "{described} is a {} component: it may only appear in `{right}`, not in `{}`",
                    component_type.name(),
                    content_parameter(reference.content)
                ),
            )
            .with_label(format!("a {} component", component_type.name()))
            .with_help(format!(
                "move this line to `{right}`, or change the component's `ComponentType`"
            )),
        );
    }
    let Some(declared) = resolved.parameters() else {
        return Some(out);
    };
    let declared = &*declared;
    let rule = invalid_rule(reference.content);
    let known: HashSet<&str> = declared.iter().map(|d| d.name.as_str()).collect();
    for param in &line.params {
        if known.contains(param.name.as_str()) {
            continue;
        }
        let help = match nearest(&param.name, declared.iter().map(|d| d.name.as_str())) {
            Some(suggestion) => format!("did you mean `--{suggestion}`?"),
            None if declared.is_empty() => {
                format!(
                    "the component takes no parameters: remove `--{}`",
                    param.name
                )
            }
            None => format!(
                "it declares {}",
                listed(declared, |d| format!("`{}`", d.name), ", ")
            ),
        };
        out.push(
            Diagnostic::new(
                rule,
                param.name_span,
                format!("{described} declares no parameter `{}`", param.name),
            )
            .with_label("unknown parameter")
            .with_help(help),
        );
    }
    // A line with faults may have lost a parameter to them: they are reported already.
    if line.faults.is_empty() {
        let passed: HashSet<&str> = line.params.iter().map(|p| p.name.as_str()).collect();
        let missing: Vec<&DeclaredParameter> = declared
            .iter()
            .filter(|d| !d.has_default && !passed.contains(d.name.as_str()))
            .collect();
        if !missing.is_empty() {
            let names = listed(&missing, |d| format!("`--{}`", d.name), ", ");
            out.push(
                Diagnostic::new(
                    rule,
                    target.span,
                    format!(
                        "{described} requires {}: {} no `DefaultValue`",
                        names,
                        if missing.len() == 1 {
                            "the parameter has"
                        } else {
                            "these parameters have"
                        }
                    ),
                )
                .with_label("parameter missing")
                .with_help(format!(
                    "pass {}, or give the component's parameter a `DefaultValue`",
                    listed(&missing, |d| format!("`--{} <value>`", d.name), " ")
                )),
            );
        }
    }
    Some(out)
}

/// At most this many items of a list are named in a message; the rest are counted, so that a
/// report stays proportional to its findings.
const LISTED: usize = 10;

/// `items` shown by `show` and joined with `separator`, the first [`LISTED`] of them, then how
/// many more (those are not shown, so a long list costs no more than a short one).
fn listed<T>(items: &[T], show: impl Fn(&T) -> String, separator: &str) -> String {
    let shown: Vec<String> = items.iter().take(LISTED).map(show).collect();
    let more = items.len() - shown.len();
    let mut text = shown.join(separator);
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(file: &str, name: &str, version: [i32; 3]) -> Component {
        Component {
            file: file.to_string(),
            name: Some((name.to_string(), Span::new(6, 6 + name.len()))),
            version: Some((version, Span::new(20, 25))),
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
            ..Component::default()
        }
    }

    #[test]
    fn each_version_taken_again_names_the_first_in_path_order() {
        let mut facts = Facts::default();
        // Pushed out of path order, as threads finish.
        for c in [
            component("d.yaml", "web", [1, 0, 0]),
            component("b.yaml", "web", [1, 0, 0]),
            component("e.yaml", "db", [1, 0, 0]),
            component("a.yaml", "web", [2, 0, 0]),
            component("c.yaml", "web", [1, 0, 0]),
            component("f.yaml", "db", [1, 0, 0]),
            component("g.yaml", "web", [2, 0, 0]),
        ] {
            facts.components.push(c);
        }
        let found = Index::new(&facts).check_components(None);
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(file, d)| (file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "c.yaml",
                    "component `web` version 1.0.0 is already defined in `b.yaml:2:19`"
                ),
                (
                    "d.yaml",
                    "component `web` version 1.0.0 is already defined in `b.yaml:2:19`"
                ),
                (
                    "f.yaml",
                    "component `db` version 1.0.0 is already defined in `e.yaml:2:19`"
                ),
                (
                    "g.yaml",
                    "component `web` version 2.0.0 is already defined in `a.yaml:2:19`"
                ),
            ]
        );
    }
}
