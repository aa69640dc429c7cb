//! `iclint server` driven over standard input and output as an editor's client drives it:
//! initialize, open, change, hover, code actions, shutdown, exit.

mod common;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A client talking to one `iclint server` process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Messages received while waiting for another.
    passed: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iclint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("iclint server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).expect("a whole message");
                let value: Value = serde_json::from_slice(&body).expect("a JSON message");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            passed: Vec::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (other messages that come first are kept
    /// out of the way: they are notifications the test does not wait for here).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The first message that `wanted` accepts, within thirty seconds; the messages passed
    /// over are kept for a later wait.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.passed.iter().position(&wanted) {
            return self.passed.remove(at);
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self.messages.recv_timeout(left).unwrap_or_else(|_| {
                panic!("no answer within 30 s; passed over: {:#?}", self.passed)
            });
            if wanted(&message) {
                return message;
            }
            self.passed.push(message);
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}),
        );
    }

    /// Shuts the server down as the protocol says; returns its exit status.
    fn shutdown(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin);
        self.child.wait().unwrap().code().unwrap()
    }
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Applies LSP text edits (UTF-16 positions; the texts of these tests are ASCII where edits go).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (at, c) in text[start..].char_indices() {
            if units >= character {
                return start + at;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn diagnostics_on_open_and_change_with_utf16_positions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("web.dockerfile");
    let uri = uri_of(&path);
    let mut client = Client::start(dir.path());
    let init = client.initialize(json!({}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "iclint");
    // The file is not on the disk: the buffer is what is linted. On line 2, `😀` is two UTF-16
    // code units and `é` one before `workdir`'s relative path.
    client.open(&uri, "RUN echo ok\nRUN echo 😀é\nworkdir site\n");
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        codes(&diagnostics),
        ["ICL101", "ICL102"],
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0]["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 7}})
    );
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(diagnostics[0]["source"], "iclint");
    assert!(
        diagnostics[0]["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    // A change: the finding moves onto the line with non-ASCII text.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": "RUN echo 😀é && true\nWORKDIR /x\nuser 😀\n"}]}),
    );
    let diagnostics = client.diagnostics(&uri, 2);
    let icl101 = diagnostics.iter().find(|d| d["code"] == "ICL101").unwrap();
    assert_eq!(icl101["range"]["start"], json!({"line": 2, "character": 0}));
    // Hover on it: the rule's summary and its fixed example.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**ICL101**"), "{value}");
    assert!(value.contains("a command keyword not written in upper case"));
    assert!(value.contains("RUN yum install -y nginx"));
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 3}}),
    );
    assert_eq!(nothing["result"], Value::Null);
    assert_eq!(client.shutdown(), 0);
}

/// The query string of the URL starts after 34 characters, `😀é` among them.
const COPY: &str = "COPY https://example.com/😀é.tar.gz?Expires=1 /opt/\n";

#[test]
fn positions_count_in_the_negotiated_unit() {
    for (offered, encoding, start, end) in [
        (json!(null), "utf-16", 35, 45),
        (json!(["utf-16"]), "utf-16", 35, 45),
        (json!(["utf-8", "utf-16"]), "utf-8", 38, 48),
        (json!(["utf-32", "utf-16"]), "utf-32", 34, 44),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let uri = uri_of(&dir.path().join("a.dockerfile"));
        let mut client = Client::start(dir.path());
        let init = client.initialize(json!({"general": {"positionEncodings": offered}}));
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], encoding);
        client.open(&uri, &format!("RUN echo 😀\n{COPY}"));
        let diagnostics = client.diagnostics(&uri, 1);
        // The download from the Internet (ICL505, info) is reported too.
        assert_eq!(
            codes(&diagnostics),
            ["ICL505", "InvalidCommandContent.COPY"]
        );
        let copy = diagnostics
            .iter()
            .find(|d| d["code"] == "InvalidCommandContent.COPY")
            .unwrap();
        assert_eq!(
            copy["range"],
            json!({"start": {"line": 1, "character": start}, "end": {"line": 1, "character": end}}),
            "{encoding}"
        );
        // Hover at the last unit of the range, counted in the same unit.
        let hover = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": end - 1}}),
        );
        assert!(
            hover["result"]["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("InvalidCommandContent.COPY")
        );
        assert_eq!(client.shutdown(), 0);
    }
}

#[test]
fn a_quick_fix_gives_the_text_check_fix_gives() {
    let dir = tempfile::tempdir().unwrap();
    let text = "RUN echo 😀\r\nrun yum install -y nginx\r\nworkdir /opt\r\n";
    let path = dir.path().join("c.dockerfile");
    std::fs::write(&path, text).unwrap();
    let uri = uri_of(&path);
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["ICL101", "ICL101"]);
    // The quick fix of the first finding, and its suppression.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": diagnostics[0]["range"],
               "context": {"diagnostics": [diagnostics[0]], "only": ["quickfix"]}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Write `RUN` (ICL101)",
            "Suppress ICL101 with `# iclint ignore=ICL101`",
            "Suppress ICL101 in this file with `# iclint ignore-file=ICL101`",
        ]
    );
    assert_eq!(actions[0]["isPreferred"], true);
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(
        apply(text, edits),
        "RUN echo 😀\r\nRUN yum install -y nginx\r\nworkdir /opt\r\n"
    );
    let edits = actions[1]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(
        apply(text, edits),
        "RUN echo 😀\r\n# iclint ignore=ICL101\r\nrun yum install -y nginx\r\nworkdir /opt\r\n"
    );
    // Fix all: the same text as `iclint check --fix`.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = actions["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    let fixed_by_server = apply(text, edits);
    assert_eq!(client.shutdown(), 0);
    let run = common::iclint_in(dir.path(), &["check", "--fix", "c.dockerfile"], None, &[]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed_by_server);
    assert_eq!(
        fixed_by_server,
        "RUN echo 😀\r\nRUN yum install -y nginx\r\nWORKDIR /opt\r\n"
    );
}

#[test]
fn the_shell_rules_quick_fixes_give_the_text_check_fix_gives() {
    let dir = tempfile::tempdir().unwrap();
    // A character outside the BMP before the edits: positions in UTF-16 must still land.
    let text = "RUN echo 😀 && apt-get install nginx\r\nRUN apt-get update && reboot\r\n";
    let path = dir.path().join("c.dockerfile");
    std::fs::write(&path, text).unwrap();
    let uri = uri_of(&path);
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["ICL501", "ICL506"]);
    let quick_fix = |client: &mut Client, diagnostic: &Value| {
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": diagnostic["range"],
                   "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}),
        );
        let action = actions["result"][0].clone();
        assert_eq!(action["isPreferred"], true, "{action:#?}");
        let edits = action["edit"]["changes"][&uri].as_array().unwrap().clone();
        (
            action["title"].as_str().unwrap().to_string(),
            apply(text, &edits),
        )
    };
    let (title, fixed) = quick_fix(&mut client, &diagnostics[0]);
    assert_eq!(title, "Add `-y` after `install` (ICL501)");
    assert_eq!(
        fixed,
        "RUN echo 😀 && apt-get install -y nginx\r\nRUN apt-get update && reboot\r\n"
    );
    let (title, fixed_reboot) = quick_fix(&mut client, &diagnostics[1]);
    assert_eq!(
        title,
        "Replace it with `RESTART` on a line of its own (ICL506)"
    );
    assert_eq!(
        fixed_reboot,
        "RUN echo 😀 && apt-get install nginx\r\nRUN apt-get update\r\nRESTART\r\n"
    );
    // Fix all: the same text as `iclint check --fix`, with both fixes.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let edits = actions["result"][0]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    let fixed_by_server = apply(text, &edits);
    assert_eq!(client.shutdown(), 0);
    let run = common::iclint_in(dir.path(), &["check", "--fix", "c.dockerfile"], None, &[]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed_by_server);
    assert_eq!(
        fixed_by_server,
        "RUN echo 😀 && apt-get install -y nginx\r\nRUN apt-get update\r\nRESTART\r\n"
    );
    // An ICL501 alone: its quick fix is the whole of `--fix`.
    std::fs::write(&path, text.replace("&& reboot", "")).unwrap();
    common::iclint_in(dir.path(), &["check", "--fix", "c.dockerfile"], None, &[]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        fixed.replace("&& reboot", "")
    );
}

#[test]
fn suppressions_land_where_the_directive_works() {
    let dir = tempfile::tempdir().unwrap();
    // A finding inside a manifest's inline content: the comment goes inside the block, indented
    // as its lines; a continued command: before its first line.
    let manifest = "Name: web\nContent: |\n  RUN echo a \\\n    b\n  workdir /opt\n";
    let path = dir.path().join("web.component.yaml");
    let uri = uri_of(&path);
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, manifest);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["ICL101"]);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostics[0]["range"],
               "context": {"diagnostics": diagnostics}}),
    );
    let actions = actions["result"].as_array().unwrap();
    let suppress = actions
        .iter()
        .find(|a| a["title"] == "Suppress ICL101 with `# iclint ignore=ICL101`")
        .expect("a suppression");
    let edits = suppress["edit"]["changes"][&uri].as_array().unwrap();
    let suppressed = apply(manifest, edits);
    assert_eq!(
        suppressed,
        "Name: web\nContent: |\n  RUN echo a \\\n    b\n  # iclint ignore=ICL101\n  workdir /opt\n"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": suppressed}]}),
    );
    assert!(client.diagnostics(&uri, 2).is_empty());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn the_configuration_applies_and_a_broken_one_is_reported_on_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".iclint.yaml");
    std::fs::write(&config, "ignore: [ICL101]\n").unwrap();
    let uri = uri_of(&dir.path().join("a.dockerfile"));
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, "run echo\nWORKDIR x\n");
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["ICL102"]);
    // The configuration breaks: its fault is shown on it, and linting goes on without it.
    std::fs::write(&config, "ignore: [ICL101]\nselcet: [ICL102]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config), "type": 2}]}),
    );
    let config_uri = uri_of(&config);
    let message = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    let faults = message["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(faults.len(), 1, "{faults:#?}");
    assert!(faults[0]["message"].as_str().unwrap().contains("selcet"));
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["ICL101", "ICL102"]);
    // Mended: the fault is cleared.
    std::fs::write(&config, "ignore: [ICL102]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config), "type": 2}]}),
    );
    let message = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    assert_eq!(message["params"]["diagnostics"], json!([]));
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["ICL101"]);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn an_exit_without_shutdown_is_status_1_and_unknown_requests_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    let answer = client.request("textDocument/definition", json!({}));
    assert_eq!(answer["error"]["code"], -32601);
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

#[test]
fn changes_in_quick_succession_are_linted_once_for_the_last_version() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("a.dockerfile"));
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, "RUN echo\n");
    assert!(client.diagnostics(&uri, 1).is_empty());
    for (version, text) in [(2, "r"), (3, "ru"), (4, "run echo\n")] {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
    let published = client.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["version"], 4, "{published:#}");
    assert_eq!(
        codes(published["params"]["diagnostics"].as_array().unwrap()),
        ["ICL101"]
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn manifests_get_their_fixes_and_other_yaml_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("web.component.json");
    let json_text =
        "{\"Name\": \"web\", \"ComponentVersion\": \"01.2.003\", \"Content\": \"RUN echo\"}\n";
    let uri = uri_of(&json_path);
    let compose = uri_of(&dir.path().join("docker-compose.yaml"));
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, json_text);
    client.open(&compose, "services:\n  web:\n    image: nginx\n");
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["ICL303"]);
    assert!(client.diagnostics(&compose, 1).is_empty());
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostics[0]["range"],
               "context": {"diagnostics": diagnostics, "only": ["quickfix"]}}),
    );
    let fix = &actions["result"][0];
    assert_eq!(fix["title"], "Write `1.2.3` (ICL303)");
    let fixed = apply(json_text, fix["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(
        fixed,
        "{\"Name\": \"web\", \"ComponentVersion\": \"1.2.3\", \"Content\": \"RUN echo\"}\n"
    );
    assert_eq!(client.shutdown(), 0);
    std::fs::write(&json_path, json_text).unwrap();
    let run = common::iclint_in(
        dir.path(),
        &["check", "--fix", "web.component.json"],
        None,
        &[],
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(std::fs::read_to_string(&json_path).unwrap(), fixed);
}

#[test]
fn related_places_are_related_information() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("web.component.yaml"));
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, "Name: web\nName: api\nContent: |\n  RUN echo\n");
    let diagnostics = client.diagnostics(&uri, 1);
    let duplicate = diagnostics
        .iter()
        .find(|d| d["relatedInformation"].is_array())
        .unwrap_or_else(|| panic!("a finding with a related place: {diagnostics:#?}"));
    assert_eq!(
        duplicate["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 4}})
    );
    assert_eq!(
        duplicate["relatedInformation"],
        json!([{"location": {"uri": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 4}}},
                "message": "first given here"}])
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn an_open_configuration_is_checked_as_typed_and_applies_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".iclint.yaml");
    let config_uri = uri_of(&config);
    let uri = uri_of(&dir.path().join("a.dockerfile"));
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client.open(&uri, "run echo\n");
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["ICL101"]);
    client.open(&config_uri, "ignore: [ICL10]\n");
    let faults = client.diagnostics(&config_uri, 1);
    assert_eq!(faults.len(), 1, "{faults:#?}");
    assert!(
        faults[0]["message"].as_str().unwrap().contains("ICL10"),
        "{faults:#?}"
    );
    // Mended and saved: the other buffers are linted under it.
    std::fs::write(&config, "ignore: [ICL101]\n").unwrap();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": config_uri, "version": 2},
               "contentChanges": [{"text": "ignore: [ICL101]\n"}]}),
    );
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    assert!(client.diagnostics(&config_uri, 2).is_empty());
    assert!(client.diagnostics(&uri, 1).is_empty());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_message_that_cannot_be_read_is_dropped_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("a.dockerfile"));
    let mut client = Client::start(dir.path());
    client.initialize(json!({}));
    client
        .stdin
        .write_all(b"Content-Length: 5\r\n\r\n{{{{{")
        .unwrap();
    client.open(&uri, "run echo\n");
    assert_eq!(codes(&client.diagnostics(&uri, 1)), ["ICL101"]);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn garbage_on_the_wire_ends_the_server_without_a_hang() {
    for garbage in [
        &b"not a header\r\n\r\n{}"[..],
        b"Content-Length: 5\r\n\r\n{{{{{",
        b"Content-Length: 5\n\n{}",
        b"Content-Length: 99999999\r\n\r\n{}",
        b"Content-Length: 999999999999999\r\n\r\n{}",
        b"Content-Length: 18446744073709551616\r\n\r\n{}",
        b"",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut client = Client::start(dir.path());
        client.stdin.write_all(garbage).unwrap();
        drop(client.stdin);
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = client.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the server hangs on {garbage:?}");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(1), "{garbage:?}");
    }
}

#[test]
fn the_checks_across_files_see_the_buffers_repository() {
    let dir = tempfile::tempdir().unwrap();
    // A repository (its configuration marks the root) with a component on the disk that the
    // open buffer duplicates, in a subdirectory the server was not started in.
    std::fs::write(dir.path().join(".iclint.yaml"), "{}\n").unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::create_dir_all(dir.path().join("b")).unwrap();
    std::fs::write(
        dir.path().join("a/web.component.yaml"),
        "Name: web\nComponentVersion: 1.0.0\nContent: RUN echo a\n",
    )
    .unwrap();
    let uri = uri_of(&dir.path().join("b/web.component.yaml"));
    let mut client = Client::start(dir.path().join("b").as_path());
    client.initialize(json!({}));
    client.open(
        &uri,
        "Name: web\nComponentVersion: 1.0.0\nContent: RUN echo b\n",
    );
    let diagnostics = client.diagnostics(&uri, 1);
    assert!(
        codes(&diagnostics).contains(&"InvalidComponentVersion.Exist".to_string()),
        "{diagnostics:#?}"
    );
    assert_eq!(client.shutdown(), 0);
}
