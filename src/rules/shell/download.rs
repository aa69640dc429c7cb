//! `ICL505`: a download from the Internet, which needs the template's `InternetMaxBandwidthOut`.

use super::{DOWNLOADERS, Effective, Shell};
use crate::catalog::Keyword;
use crate::diagnostic::Diagnostic;
use crate::rule::{Origin, Rule, Severity};
use crate::source::Span;
use crate::syntax::content::ContentModel;
use crate::syntax::powershell::{Token, TokenKind};
use crate::syntax::shell::ShellText;
use crate::syntax::words::words;

#[linkme::distributed_slice(crate::rule::RULES)]
pub static DOWNLOAD: Rule = Rule {
    code: "ICL505",
    name: "internet-download",
    severity: Severity::Info,
    origin: Origin::Linter,
    summary: "a download from the Internet: the template needs `InternetMaxBandwidthOut` > 0",
    explanation: "A `COPY` from a URL, a `WebDownload` task, and `curl` or `wget` of a URL reach the \
Internet from the build instance (iclint reports the first of a content, and counts the others). \
The instance has a public address only when the image template sets `InternetMaxBandwidthOut` above 0 (the default is 0); without one the download times out and \
the build fails. Set `InternetMaxBandwidthOut` in the templates that use this component, or fetch \
the file from OSS (`OSSDownload`) or through a VPC endpoint. The finding is information: iclint \
cannot see the template that will run the component.",
    example: "\
COPY https://example.com/site.tar.gz /opt/site/
",
    fix: "\
# site.yaml
Tasks:
  - Name: site
    Action: OSSDownload
    Properties:
      bucketName: web-assets
      objectName: site.tar.gz
      destinationDir: /opt/site
",
};

/// Whether a value is a URL on the Internet: `http`, `https` or `ftp`, to a host that is not the
/// instance itself, a private address, the metadata service or an Alibaba Cloud endpoint reached
/// inside the VPC (`*-internal.aliyuncs.com`, `mirrors.cloud.aliyuncs.com`).
fn is_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let Some(rest) = ["http://", "https://", "ftp://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = if host.starts_with('[') {
        host.split(']').next().unwrap_or("").trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or("")
    };
    !is_local_host(host)
}

fn is_local_host(host: &str) -> bool {
    if host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.ends_with("-internal.aliyuncs.com")
        || host == "mirrors.cloud.aliyuncs.com"
    {
        return true;
    }
    let octets: Vec<u8> = host.split('.').filter_map(|p| p.parse().ok()).collect();
    match octets.as_slice() {
        [127, ..] | [10, ..] | [0, 0, 0, 0] | [192, 168, ..] | [169, 254, ..] => true,
        [172, second, ..] => (16..=31).contains(second),
        // Shared address space, where Alibaba Cloud's metadata service (100.100.100.200) is.
        [100, second, ..] => (64..=127).contains(second),
        _ => false,
    }
}

fn finding(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        &DOWNLOAD,
        span,
        format!("{what} downloads from the Internet"),
    )
    .with_label("needs Internet access")
    .with_help(
        "the image template must set `InternetMaxBandwidthOut` above 0, or the download times out",
    )
}

/// The first download of the content, which names how many follow: the template needs Internet
/// access once, whatever the number of downloads (as `ICL204` is reported once per file).
pub fn first(mut found: Vec<Diagnostic>) -> Option<Diagnostic> {
    found.sort_by_key(|d| (d.span.start, d.span.end));
    let more = found.len().saturating_sub(1);
    let mut first = found.into_iter().next()?;
    if more > 0 {
        let s = if more == 1 { "" } else { "s" };
        first.message = format!(
            "{} (and {more} more download{s} in this content)",
            first.message
        );
    }
    Some(first)
}

/// `COPY` from a URL and `WebDownload` tasks.
pub fn check_content(model: &ContentModel<'_>, out: &mut Vec<Diagnostic>) {
    match model {
        ContentModel::Dockerfile(script) => {
            for command in script
                .commands
                .iter()
                .filter(|c| c.known == Some(Keyword::Copy))
            {
                let text = &command.argument.text;
                if let Some(source) = words(text)
                    .first()
                    .filter(|w| is_url(w.raw.trim_matches(['"', '\''])))
                {
                    out.push(finding(
                        command.argument_to_content(source.span),
                        "`COPY` from a URL",
                    ));
                }
            }
        }
        ContentModel::Yaml(yaml) => {
            for task in yaml.tasks() {
                // `WebDownload`: the action that downloads.
                let Some(action) = task
                    .action
                    .filter(|_| task.known_action.is_some_and(|a| a.downloads))
                else {
                    continue;
                };
                let span = task
                    .property("sourcePath")
                    .map_or(action.value.span, |s| s.value.span);
                out.push(finding(span, "`WebDownload`"));
            }
        }
    }
}

/// `curl` or `wget` of a URL in shell text.
pub fn check_shell(shell: &Shell<'_>, out: &mut Vec<Diagnostic>) {
    for command in &shell.script.commands {
        let effective = Effective::of(command);
        let Some(program) = effective.program().filter(|p| DOWNLOADERS.contains(p)) else {
            continue;
        };
        let url = effective
            .arguments()
            .iter()
            .find(|w| w.value.as_deref().is_some_and(is_url));
        if let Some(url) = url {
            out.push(finding(
                shell.text.to_content(url.span),
                &format!("`{program}`"),
            ));
        }
    }
}

/// `Invoke-WebRequest`, `Invoke-RestMethod`, `Start-BitsTransfer` (and their aliases) of a URL
/// in PowerShell text: the first URL of the statement.
pub fn check_powershell(text: &ShellText, tokens: &[Token], out: &mut Vec<Diagnostic>) {
    for (i, token) in tokens.iter().enumerate() {
        let word = token.text(&text.text).to_ascii_lowercase();
        let downloads = token.kind == TokenKind::Word
            && matches!(
                word.as_str(),
                "invoke-webrequest"
                    | "iwr"
                    | "invoke-restmethod"
                    | "irm"
                    | "start-bitstransfer"
                    | "curl"
                    | "wget"
                    | "curl.exe"
            );
        if !downloads {
            continue;
        }
        let url = tokens[i + 1..]
            .iter()
            .take_while(|t| t.kind != TokenKind::End)
            .find(|t| {
                matches!(t.kind, TokenKind::Word | TokenKind::String)
                    && is_url(t.text(&text.text).trim_matches(['"', '\'']))
            });
        if let Some(url) = url {
            out.push(finding(
                text.to_content(url.span),
                &format!("`{}`", token.text(&text.text)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_url;

    #[test]
    fn internet_urls() {
        for url in [
            "https://example.com/x",
            "HTTP://a.b:8080",
            "ftp://user@files.example.org/a",
        ] {
            assert!(is_url(url), "{url}");
        }
        for url in [
            "http://localhost/",
            "http://127.0.0.1:8080/x",
            "http://100.100.100.200/latest/meta-data/",
            "http://10.0.0.5/",
            "http://172.20.1.1/",
            "https://oss-cn-hangzhou-internal.aliyuncs.com/x",
            "http://mirrors.cloud.aliyuncs.com/centos/",
            "http://[::1]:80/",
            "/opt/x",
            "file:///x",
        ] {
            assert!(!is_url(url), "{url}");
        }
    }
}
