//! `iclint server`: a Language Server Protocol server over standard input and output, at the
//! edge above the engine (`docs/architecture.md`). It holds the editor's open buffers and lints
//! each through one function, `engine::lint_buffer` (the buffer's text, the workspace's
//! `.iclint.yaml`, the kind a named file gets, the repository around it), off the main loop: changes are debounced, each
//! lint runs on a thread of its own pool, and a result for a version the editor has moved past
//! is dropped. Quick fixes are the rules' fixes (`crate::fix`), suppressions are checked by
//! linting the text with the comment in place, and hover shows the rule's documentation.
//!
//! The transport is `lsp-server` with the types of `lsp-types`, the pair rust-analyzer is built
//! on: a synchronous loop over a channel, which suits a linter whose work is short, pure
//! function calls (no async runtime to carry).

mod convert;
mod position;
mod transport;
mod uri;

use crate::config::{self, Config, ConfigError};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::shellcheck::ShellCheck;
use crate::engine::{Repository, lint_buffer};
use crate::fix;
use crate::options::{FileKind, Options};
use crate::report::FileReport;
use crate::walk::is_walked_content;
use convert::Text;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Hover, HoverContents,
    HoverParams, MarkupContent, MarkupKind, PublishDiagnosticsParams, TextEdit, Uri, WorkspaceEdit,
};
use position::{Encoding, LineIndex};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a buffer must rest after a change before it is linted.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server on standard input and output until the client says `exit`. The exit status
/// is 0 after `shutdown` then `exit`, 1 after an `exit` without `shutdown` (as the protocol says)
/// or a broken connection.
pub fn run() -> ExitCode {
    let (connection, writer) = transport::stdio();
    let status = match serve(&connection) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("iclint server: {error}");
            ExitCode::from(1)
        }
    };
    // The writer ends when the last sender is gone: the connection's, and those of the lint
    // threads (which end with their work).
    drop(connection);
    let _ = writer.join();
    status
}

fn serve(connection: &Connection) -> Result<ExitCode, String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let offered: Option<Vec<String>> = params
        .pointer("/capabilities/general/positionEncodings")
        .and_then(|v| serde_json::from_value(v.clone()).ok());
    let encoding = Encoding::negotiate(offered.as_deref());
    let capabilities = json!({
        "positionEncoding": encoding.name(),
        "textDocumentSync": {
            "openClose": true,
            "change": 1,
            "save": { "includeText": false }
        },
        "codeActionProvider": {
            "codeActionKinds": ["quickfix", "source.fixAll.iclint"]
        },
        "hoverProvider": true
    });
    let result = json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "iclint", "version": env!("CARGO_PKG_VERSION") }
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let watch = params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if watch {
        let register = Request::new(
            RequestId::from("iclint/watch-config".to_string()),
            "client/registerCapability".to_string(),
            json!({ "registrations": [{
                "id": "iclint-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": [{ "globPattern": format!("**/{}", config::FILE_NAME) }] }
            }]}),
        );
        let _ = connection.sender.send(register.into());
    }
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        sender: connection.sender.clone(),
        encoding,
        cwd: std::env::current_dir().unwrap_or_default(),
    });
    let server = Server {
        schedule: scheduler(Arc::clone(&shared)),
        shared,
    };
    server.main_loop(connection)
}

/// What the lint threads and the main loop share.
struct Shared {
    state: Mutex<State>,
    sender: Sender<Message>,
    encoding: Encoding,
    cwd: PathBuf,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A lint that panicked cannot leave the state half-written: each change is one assignment.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn send(&self, message: impl Into<Message>) {
        let _ = self.sender.send(message.into());
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            params,
        ));
    }
}

#[derive(Default)]
struct State {
    /// By URI (as a string: `Uri` holds a cell, and cannot be a key).
    documents: HashMap<String, Document>,
    /// The last report of each document, for its version.
    linted: HashMap<String, (i32, Arc<FileReport>)>,
    /// Configuration files on disk whose faults are published.
    broken_configs: HashSet<PathBuf>,
}

#[derive(Clone)]
struct Document {
    version: i32,
    text: Arc<str>,
    path: PathBuf,
}

/// A document to lint, by URI, and when.
type Due = (String, Instant);

struct Server {
    shared: Arc<Shared>,
    schedule: Sender<Due>,
}

impl Server {
    fn main_loop(&self, connection: &Connection) -> Result<ExitCode, String> {
        for message in &connection.receiver {
            match message {
                Message::Request(request) => {
                    if connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(ExitCode::SUCCESS);
                    }
                    self.request(request);
                }
                Message::Notification(notification) if notification.method == "exit" => {
                    return Ok(ExitCode::from(1));
                }
                Message::Notification(notification) => self.notification(notification),
                Message::Response(_) => {}
            }
        }
        Ok(ExitCode::from(1))
    }

    fn request(&self, request: Request) {
        let shared = Arc::clone(&self.shared);
        match request.method.as_str() {
            "textDocument/codeAction" => {
                // Suppressions are checked by linting: off the main loop.
                rayon::spawn(move || {
                    let id = request.id.clone();
                    // A panic on rayon's pool would end the process: it ends this request.
                    let answered = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        let result = serde_json::from_value::<CodeActionParams>(request.params)
                            .map(|params| code_actions(&shared, &params));
                        respond(request.id, result)
                    }));
                    shared.send(answered.unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            "iclint failed to compute the code actions".to_string(),
                        )
                    }));
                });
            }
            "textDocument/hover" => {
                let result = serde_json::from_value::<HoverParams>(request.params)
                    .map(|params| hover(&shared, &params));
                shared.send(respond(request.id, result));
            }
            method => shared.send(Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("iclint does not answer `{method}`"),
            )),
        }
    }

    fn notification(&self, notification: Notification) {
        let params = notification.params;
        let uri_at = |pointer: &str| -> Option<String> {
            Some(params.pointer(pointer)?.as_str()?.to_string())
        };
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                let (Some(uri), Some(text), Some(version)) = (
                    uri_at("/textDocument/uri"),
                    params.pointer("/textDocument/text").and_then(Value::as_str),
                    params
                        .pointer("/textDocument/version")
                        .and_then(Value::as_i64),
                ) else {
                    return;
                };
                let Some(path) = Uri::from_str(&uri).ok().and_then(|u| uri::to_path(&u)) else {
                    return;
                };
                let document = Document {
                    version: version as i32,
                    text: Arc::from(text),
                    path,
                };
                self.shared.state().documents.insert(uri.clone(), document);
                self.lint_later(uri, Duration::ZERO);
            }
            "textDocument/didChange" => {
                let (Some(uri), Some(version)) = (
                    uri_at("/textDocument/uri"),
                    params
                        .pointer("/textDocument/version")
                        .and_then(Value::as_i64),
                ) else {
                    return;
                };
                let changes = params
                    .get("contentChanges")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                {
                    let mut state = self.shared.state();
                    let Some(document) = state.documents.get_mut(&uri) else {
                        return;
                    };
                    let mut text = document.text.to_string();
                    for change in &changes {
                        apply_change(&mut text, change, self.shared.encoding);
                    }
                    document.text = Arc::from(text);
                    document.version = version as i32;
                }
                self.lint_later(uri, DEBOUNCE);
            }
            "textDocument/didSave" => {
                let Some(uri) = uri_at("/textDocument/uri") else {
                    return;
                };
                let path = Uri::from_str(&uri).ok().and_then(|u| uri::to_path(&u));
                if path.is_some_and(|p| is_config(&p)) {
                    self.lint_all();
                } else {
                    self.lint_later(uri, Duration::ZERO);
                }
            }
            "textDocument/didClose" => {
                let Some(uri) = uri_at("/textDocument/uri") else {
                    return;
                };
                {
                    let mut state = self.shared.state();
                    state.documents.remove(&uri);
                    state.linted.remove(&uri);
                }
                if let Ok(uri) = Uri::from_str(&uri) {
                    self.shared.publish(uri, Vec::new(), None);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let changes = params.get("changes").and_then(Value::as_array);
                let config_changed = changes.into_iter().flatten().any(|change| {
                    change
                        .get("uri")
                        .and_then(Value::as_str)
                        .is_some_and(|u| u.ends_with(config::FILE_NAME))
                });
                if config_changed {
                    self.lint_all();
                }
            }
            _ => {}
        }
    }

    fn lint_later(&self, uri: String, after: Duration) {
        let _ = self.schedule.send((uri, Instant::now() + after));
    }

    /// Lints every open document again (the configuration changed).
    fn lint_all(&self) {
        let uris: Vec<String> = self.shared.state().documents.keys().cloned().collect();
        for uri in uris {
            self.lint_later(uri, Duration::ZERO);
        }
    }
}

/// The scheduler: a thread that waits out each document's debounce and then lints it on the
/// pool. A newer change of the same document moves its time; a lint of an older version is
/// not started, and its result is dropped if a change came meanwhile.
fn scheduler(shared: Arc<Shared>) -> Sender<Due> {
    let (sender, receiver): (Sender<Due>, Receiver<Due>) = crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        let mut due: HashMap<String, Instant> = HashMap::new();
        loop {
            let next = due.values().min().copied();
            let received = match next {
                Some(at) => receiver.recv_timeout(at.saturating_duration_since(Instant::now())),
                None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match received {
                Ok((uri, at)) => {
                    due.insert(uri, at);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let now = Instant::now();
            let ready: Vec<String> = due
                .iter()
                .filter(|(_, at)| **at <= now)
                .map(|(uri, _)| uri.clone())
                .collect();
            for uri in ready {
                due.remove(&uri);
                let shared = Arc::clone(&shared);
                rayon::spawn(move || lint_document(&shared, &uri));
            }
        }
    });
    sender
}

/// Responds with `result`, or with the parse error of the request's parameters.
fn respond<T: serde::Serialize>(id: RequestId, result: Result<T, serde_json::Error>) -> Response {
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err(error) => Response::new_err(id, ErrorCode::InvalidParams as i32, error.to_string()),
    }
}

/// Applies one `contentChanges` entry: the whole text, or a range of it.
fn apply_change(text: &mut String, change: &Value, encoding: Encoding) {
    let Some(new) = change.get("text").and_then(Value::as_str) else {
        return;
    };
    let range = change
        .get("range")
        .and_then(|r| serde_json::from_value::<lsp_types::Range>(r.clone()).ok());
    match range {
        None => *text = new.to_string(),
        Some(range) => {
            let index = LineIndex::new(text, encoding);
            let span = Text {
                text,
                index: &index,
            }
            .span(range);
            text.replace_range(span.range(), new);
        }
    }
}

fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == config::FILE_NAME)
}

/// The configuration that applies to the file at `path`: `.iclint.yaml` in its directory or
/// above, as `iclint check` run there finds it. A broken one is published on its file (unless
/// the file is open: its own lint reports it) and none is used; a mended one is cleared.
fn configuration(shared: &Shared, path: &Path) -> Config {
    let directory = path.parent().unwrap_or(Path::new("/"));
    let found = config::find(directory);
    let loaded = match &found {
        Some(file) => Config::load(config::Source::File(file)),
        None => Ok(Config::default()),
    };
    let mut state = shared.state();
    let (config, faults) = match loaded {
        Ok(config) => (config, None),
        Err(ConfigError::Invalid(report)) => (Config::default(), Some(report)),
        Err(ConfigError::Unreadable(message)) => {
            eprintln!("iclint server: {message}");
            (Config::default(), None)
        }
    };
    if let Some(config_path) = found {
        let open = state.documents.values().any(|d| d.path == config_path);
        let uri = uri::from_path(&config_path);
        match (faults, uri) {
            (Some(report), Some(uri)) if !open => {
                state.broken_configs.insert(config_path);
                drop(state);
                let diagnostics = lsp_diagnostics(shared, &report, &uri);
                shared.publish(uri, diagnostics, None);
            }
            (None, Some(uri)) if state.broken_configs.remove(&config_path) && !open => {
                drop(state);
                shared.publish(uri, Vec::new(), None);
            }
            _ => {}
        }
    }
    config
}

fn lsp_diagnostics(shared: &Shared, report: &FileReport, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
    let text = report.source.text();
    let index = LineIndex::new(text, shared.encoding);
    let text = Text {
        text,
        index: &index,
    };
    report
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(d, &text, uri, &shared.cwd))
        .collect()
}

/// Lints a document as it is now and publishes its findings, unless it changed meanwhile.
fn lint_document(shared: &Arc<Shared>, key: &str) {
    let Ok(uri) = Uri::from_str(key) else {
        return;
    };
    let uri = &uri;
    let Some(document) = shared.state().documents.get(key).cloned() else {
        return;
    };
    let report = std::panic::catch_unwind(|| lint(shared, &document));
    let Ok(report) = report else {
        eprintln!("iclint server: linting {} failed", document.path.display());
        return;
    };
    let diagnostics = lsp_diagnostics(shared, &report, uri);
    let mut state = shared.state();
    if state.documents.get(key).map(|d| d.version) != Some(document.version) {
        return;
    }
    state
        .linted
        .insert(key.to_string(), (document.version, Arc::new(report)));
    drop(state);
    shared.publish(uri.clone(), diagnostics, Some(document.version));
}

/// The report of a document: a configuration file is checked as one; a YAML file that is not a
/// manifest, has no top-level `Tasks` and matches no `content-files` glob is not content (an
/// editor attaches the server to every YAML file), so it has no findings.
fn lint(shared: &Shared, document: &Document) -> FileReport {
    let path = &document.path;
    let text = &document.text;
    if is_config(path) {
        let diagnostics = match Config::from_text(path, text.to_string()) {
            Err(ConfigError::Invalid(report)) => report.diagnostics,
            _ => Vec::new(),
        };
        return FileReport {
            source: crate::source::SourceFile::new(path.to_string_lossy(), text.to_string()),
            diagnostics,
        };
    }
    let config = configuration(shared, path);
    let options = Options::default();
    // YAML and JSON that a walk would not lint (not content with `Tasks`, not a ROS template)
    // get no findings: the server can be attached to every such file.
    let data = path
        .extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
    let not_content = FileKind::of(path) == FileKind::Content
        && data
        && !is_walked_content(path, text)
        && config.content_options(path, &options).is_none();
    if not_content {
        return FileReport {
            source: crate::source::SourceFile::new(path.to_string_lossy(), text.to_string()),
            diagnostics: Vec::new(),
        };
    }
    // The checks across files see the buffer's repository, as a run over a changed file does.
    let repository = Repository::around(path, &config);
    // ShellCheck as `iclint check` finds it (`ICLINT_SHELLCHECK`, the configuration, `PATH`); a
    // program that cannot be used is said on standard error, and the lint goes on without it.
    let wanted = std::env::var("ICLINT_SHELLCHECK").unwrap_or_else(|_| "auto".to_string());
    let shellcheck = ShellCheck::resolve(&wanted, &config).unwrap_or_else(|error| {
        eprintln!("iclint server: {error}");
        None
    });
    lint_buffer(
        path,
        text,
        &options,
        &config,
        Some(&repository),
        shellcheck.as_ref(),
    )
}

/// The report of the document `uri` for its current version, with the document.
fn current(shared: &Shared, uri: &Uri) -> Option<(Document, Arc<FileReport>)> {
    let state = shared.state();
    let document = state.documents.get(uri.as_str())?.clone();
    let (version, report) = state.linted.get(uri.as_str())?;
    (*version == document.version).then(|| (document, Arc::clone(report)))
}

fn hover(shared: &Shared, params: &HoverParams) -> Option<Hover> {
    let uri = &params.text_document_position_params.text_document.uri;
    let (document, report) = current(shared, uri)?;
    let index = LineIndex::new(&document.text, shared.encoding);
    let offset = index.offset(
        &document.text,
        params.text_document_position_params.position,
    );
    let here: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= offset && offset <= d.span.end)
        .collect();
    if here.is_empty() {
        return None;
    }
    let text = Text {
        text: &document.text,
        index: &index,
    };
    let span = here
        .iter()
        .map(|d| d.span)
        .reduce(|a, b| a.cover(b))
        .unwrap_or_default();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: convert::hover(&here),
        }),
        range: Some(text.range(span)),
    })
}

/// The quick fixes and suppressions of the findings in the range asked for, and one action that
/// applies every safe fix of the document as `iclint check --fix` would.
fn code_actions(shared: &Shared, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    let Some((document, report)) = current(shared, uri) else {
        return Vec::new();
    };
    let text_str: &str = &document.text;
    let index = LineIndex::new(text_str, shared.encoding);
    let text = Text {
        text: text_str,
        index: &index,
    };
    let asked = text.span(params.range);
    let config = configuration(shared, &document.path);
    let options = Options::default();
    let relint = |candidate: &str| -> Vec<Diagnostic> {
        // Where a suppression works is the file's own affair: no repository to index.
        lint_buffer(&document.path, candidate, &options, &config, None, None).diagnostics
    };
    let edit_of = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    };
    let only = params.context.only.as_deref();
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let mut actions = Vec::new();
    let quickfix = CodeActionKind::QUICKFIX;
    for finding in report
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= asked.end && asked.start <= d.span.end)
        .filter(|_| wants(&quickfix))
    {
        let diagnostic = convert::diagnostic(finding, &text, uri, &shared.cwd);
        if let Some(fix) = finding.fix.as_deref()
            && let Some(edits) = fix::edits_in(text_str, fix)
        {
            actions.push(CodeAction {
                title: format!("{} ({})", fix.title, finding.code()),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit_of(edits.iter().map(|e| text.text_edit(e)).collect())),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..CodeAction::default()
            });
        }
        for file_wide in [false, true] {
            let Some(edit) = convert::suppression(text_str, finding, file_wide, &relint) else {
                continue;
            };
            let code = finding.code();
            let title = if file_wide {
                format!("Suppress {code} in this file with `# iclint ignore-file={code}`")
            } else {
                format!("Suppress {code} with `# iclint ignore={code}`")
            };
            actions.push(CodeAction {
                title,
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit_of(vec![text.text_edit(&edit)])),
                is_preferred: Some(false),
                ..CodeAction::default()
            });
        }
    }
    let fix_all = CodeActionKind::from("source.fixAll.iclint");
    if wants(&fix_all)
        && let Some(fixed) = fix::fix_text(text_str, &report.diagnostics, &relint)
    {
        let whole = Text {
            text: text_str,
            index: &index,
        }
        .range(crate::source::Span::new(0, text_str.len()));
        actions.push(CodeAction {
            title: format!(
                "Fix all safe iclint findings ({} fix{})",
                fixed.fixed,
                if fixed.fixed == 1 { "" } else { "es" }
            ),
            kind: Some(fix_all),
            edit: Some(edit_of(vec![TextEdit {
                range: whole,
                new_text: fixed.text,
            }])),
            ..CodeAction::default()
        });
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}
