//! Plain shell text, read directly: most `RUN` lines and `commandContent` scripts are lists and
//! pipelines of simple commands whose words are plain, quoted or a variable, with redirections
//! of their output (`apt-get update && apt-get install -y nginx > /dev/null 2>&1`). This reader
//! takes exactly those (with comments and line continuations between words), in one pass over
//! the bytes, and gives the [`Script`] that tree-sitter's grammar gives for them (`tree`); a test
//! holds the two to the same result on every text this reader takes. Anything else (a
//! substitution, a compound command, a heredoc, an escape, an input redirection, a character
//! beyond ASCII, a syntax error) is declined with `None` and goes to tree-sitter, which costs
//! several times as much (`docs/architecture.md`, "The shell inside content").

use super::{Assignment, Script, ShellText, SimpleCommand, Word};
use crate::source::Span;

/// Reads `text` when it is plain; `None` when it is not.
pub(super) fn parse(text: &ShellText) -> Option<Script> {
    let tokens = lex(&text.text)?;
    Reader {
        text,
        tokens: &tokens,
        next: 0,
        script: Script {
            complete: true,
            ..Script::default()
        },
        pipelines: 0,
        statement_start: 0,
    }
    .program()
}

/// Words that mean something to the shell (or to tree-sitter's grammar) where a command name
/// stands: a text that has one there is not plain.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do",
    "done", "in", "function", "time", "coproc", "declare", "typeset", "export", "readonly",
    "local", "unset", "unsetenv",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    /// `&&` or `||`.
    AndOr,
    Pipe,
    /// `;`.
    Semicolon,
    LineFeed,
}

#[derive(Debug)]
enum Token {
    Word(Lexeme),
    Operator(Operator),
    /// An output redirection with its target (`> f`, `2>&1`, `&>> log`).
    Redirect,
}

/// A word as written: its span, and whether its value is known (it holds no variable).
#[derive(Debug)]
struct Lexeme {
    span: Span,
    known: bool,
}

/// The tokens of a plain text; `None` when the text is not plain.
fn lex(text: &str) -> Option<Vec<Token>> {
    let bytes = text.as_bytes();
    if !text.is_ascii() {
        return None;
    }
    // About one token in six bytes of shell text.
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' => i += 1,
            // A line continuation after a word of a command (and a blank), with more of the
            // command on the next line, is a blank.
            b'\\'
                if bytes.get(i + 1) == Some(&b'\n')
                    && matches!(bytes.get(i.wrapping_sub(1)), Some(b' ' | b'\t'))
                    && matches!(tokens.last(), Some(Token::Word(_) | Token::Redirect)) =>
            {
                i += 2;
                let next = bytes[i..].iter().find(|b| !matches!(b, b' ' | b'\t'));
                if next.is_none_or(|b| matches!(b, b'\n' | b'#')) {
                    return None;
                }
            }
            // A comment, up to the end of its line (not after `|`, `&&` or `||`, where
            // tree-sitter's grammar takes it for an element of the pipeline or list).
            b'#' if matches!(
                tokens.last(),
                Some(Token::Operator(Operator::AndOr | Operator::Pipe))
            ) =>
            {
                return None;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\n' => {
                tokens.push(Token::Operator(Operator::LineFeed));
                i += 1;
            }
            b';' => {
                tokens.push(Token::Operator(Operator::Semicolon));
                i += 1;
            }
            b'&' if bytes.get(i + 1) == Some(&b'&') => {
                tokens.push(Token::Operator(Operator::AndOr));
                i += 2;
            }
            b'|' if bytes.get(i + 1) == Some(&b'|') => {
                tokens.push(Token::Operator(Operator::AndOr));
                i += 2;
            }
            b'|' if bytes.get(i + 1) != Some(&b'&') => {
                tokens.push(Token::Operator(Operator::Pipe));
                i += 1;
            }
            b'>' | b'&' => {
                i = redirect(bytes, i)?;
                tokens.push(Token::Redirect);
            }
            b'0'..=b'9' if descriptor_then_redirect(bytes, i) => {
                while bytes[i].is_ascii_digit() {
                    i += 1;
                }
                i = redirect(bytes, i)?;
                tokens.push(Token::Redirect);
            }
            _ => {
                let (lexeme, end) = word(bytes, i)?;
                if matches!(bytes.get(end), Some(b'>' | b'&')) {
                    // `a>f`, `-2>f`: where tree-sitter ends the word depends on what it is.
                    return None;
                }
                tokens.push(Token::Word(lexeme));
                i = end;
            }
        }
    }
    Some(tokens)
}

/// Whether the digits at `i` are a file descriptor: right before a `>`.
fn descriptor_then_redirect(bytes: &[u8], i: usize) -> bool {
    let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    bytes.get(i + digits) == Some(&b'>')
}

/// Reads an output redirection at `i` (`>`, `>>`, `>&`, `&>`, `&>>`) and its target word;
/// returns where it ends.
fn redirect(bytes: &[u8], mut i: usize) -> Option<usize> {
    let operator: &[u8] = if bytes[i..].starts_with(b"&>>") {
        b"&>>"
    } else if bytes[i..].starts_with(b"&>") {
        b"&>"
    } else if bytes[i..].starts_with(b">>") {
        b">>"
    } else if bytes[i..].starts_with(b">&") {
        b">&"
    } else if bytes[i..].starts_with(b">") && !bytes[i..].starts_with(b">|") {
        b">"
    } else {
        return None;
    };
    i += operator.len();
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if bytes.get(i).is_none_or(|b| !starts_word(*b)) {
        return None;
    }
    let (_, end) = word(bytes, i)?;
    Some(end)
}

fn starts_word(byte: u8) -> bool {
    !matches!(
        byte,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'>' | b'<' | b'#'
    )
}

/// Reads the word at `start`: plain characters, with at most one `'...'`, `"..."` (which may hold
/// variables) or `$NAME`/`${NAME}` among them (tree-sitter's grammar splits some words of more
/// parts in surprising places). Returns it and where it ends; `None` for anything else in it.
fn word(bytes: &[u8], start: usize) -> Option<(Lexeme, usize)> {
    let mut known = true;
    let mut special_parts = 0;
    let mut i = start;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'>' => break,
            b'\'' => {
                let close = i + 1 + bytes[i + 1..].iter().position(|b| *b == b'\'')?;
                i = close + 1;
                special_parts += 1;
            }
            b'"' => {
                let mut j = i + 1;
                loop {
                    match *bytes.get(j)? {
                        b'"' => break,
                        b'\\' | b'`' => return None,
                        b'$' => {
                            j = variable(bytes, j)?;
                            known = false;
                        }
                        _ => j += 1,
                    }
                }
                i = j + 1;
                special_parts += 1;
            }
            b'$' => {
                i = variable(bytes, i)?;
                known = false;
                special_parts += 1;
            }
            // Escapes, substitutions, groups, globs in brackets, comments, history, input.
            b'\\' | b'`' | b'(' | b')' | b'{' | b'}' | b'[' | b']' | b'#' | b'!' | b'<' => {
                return None;
            }
            _ if byte.is_ascii_graphic() => i += 1,
            _ => return None,
        }
    }
    (i > start && special_parts <= 1).then_some((
        Lexeme {
            span: Span::new(start, i),
            known,
        },
        i,
    ))
}

/// Reads `$NAME` or `${NAME}` at `i` (a `$`); returns where it ends.
fn variable(bytes: &[u8], i: usize) -> Option<usize> {
    let braced = bytes.get(i + 1) == Some(&b'{');
    let from = i + 1 + usize::from(braced);
    let name = bytes[from..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    if name == 0 || bytes[from].is_ascii_digit() {
        return None;
    }
    let end = from + name;
    if braced {
        (bytes.get(end) == Some(&b'}')).then_some(end + 1)
    } else {
        Some(end)
    }
}

/// Whether a command name is one tree-sitter's grammar reads as this reader does: letters,
/// digits and `_-./+`, starting with a letter, `_`, `/` or `.` (it takes `--opt=value` for an
/// assignment, `-2>f` for a redirection, and splits some names that hold quotes or variables).
fn is_plain_name(raw: &str) -> bool {
    raw.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '_' | '/' | '.'))
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'+'))
}

/// Whether a word is plain characters alone, or one quoted string, or one variable.
fn is_one_part(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    match bytes[0] {
        quote @ (b'"' | b'\'') => {
            bytes[1..].iter().position(|b| *b == quote) == Some(bytes.len() - 2)
        }
        b'$' => variable(bytes, 0) == Some(bytes.len()),
        _ => !raw.contains(['"', '\'', '$']),
    }
}

/// The value of a word whose value is known: the word without the quotes of its one quoted
/// part, if it has one.
fn unquote(raw: &str) -> String {
    let Some(open) = raw.find(['\'', '"']) else {
        return raw.to_string();
    };
    let quote = raw.as_bytes()[open];
    let close = raw[open + 1..]
        .bytes()
        .position(|b| b == quote)
        .map_or(raw.len(), |i| open + 1 + i);
    let mut value = String::with_capacity(raw.len());
    value.push_str(&raw[..open]);
    value.push_str(&raw[open + 1..close]);
    value.push_str(raw.get(close + 1..).unwrap_or(""));
    value
}

struct Reader<'a> {
    text: &'a ShellText,
    tokens: &'a [Token],
    next: usize,
    script: Script,
    pipelines: usize,
    /// The index of the first command of the statement being read.
    statement_start: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn skip_line_ends(&mut self) {
        while matches!(self.peek(), Some(Token::Operator(Operator::LineFeed))) {
            self.next += 1;
        }
    }

    /// Statements, each an and-or list of pipelines, ended by `;` or line feeds (or both).
    fn program(mut self) -> Option<Script> {
        self.skip_line_ends();
        while self.peek().is_some() {
            self.statement_start = self.script.commands.len();
            let last = self.and_or()?;
            match self.peek() {
                None => {}
                Some(Token::Operator(Operator::Semicolon | Operator::LineFeed)) => {
                    if matches!(self.peek(), Some(Token::Operator(Operator::Semicolon))) {
                        self.next += 1;
                    }
                    self.skip_line_ends();
                    // Another statement follows: the status of this one goes unseen.
                    if let Some(last) = last.filter(|_| self.peek().is_some()) {
                        self.script.commands[last].status_unseen = true;
                    }
                }
                Some(_) => return None,
            }
        }
        Some(self.script)
    }

    /// `a && b || c`: returns the index of its last command when that command stands alone (not
    /// in a pipeline): the one whose status is the statement's.
    fn and_or(&mut self) -> Option<Option<usize>> {
        let mut commands = self.script.commands.len();
        let mut last = self.pipeline()?;
        let mut assignments_alone = self.script.commands.len() == commands;
        let mut elements = 1;
        while matches!(self.peek(), Some(Token::Operator(Operator::AndOr))) {
            self.next += 1;
            self.skip_line_ends();
            commands = self.script.commands.len();
            last = self.pipeline()?;
            assignments_alone |= self.script.commands.len() == commands;
            elements += 1;
        }
        // Assignments alone as an element of a list: tree-sitter's grammar reads them otherwise.
        (elements == 1 || !assignments_alone).then_some(last)
    }

    /// `a | b`: returns the index of its command when it is one command alone.
    fn pipeline(&mut self) -> Option<Option<usize>> {
        let first = self.script.commands.len();
        let alone = self.command()?;
        let mut elements = 1;
        let mut assignments_alone = alone.is_none();
        while matches!(self.peek(), Some(Token::Operator(Operator::Pipe))) {
            self.next += 1;
            self.skip_line_ends();
            assignments_alone |= self.command()?.is_none();
            elements += 1;
        }
        if elements == 1 {
            return Some(alone);
        }
        // Each element of a pipeline is a command (not assignments alone).
        if assignments_alone {
            return None;
        }
        let id = self.pipelines;
        self.pipelines += 1;
        for (position, command) in self.script.commands[first..].iter_mut().enumerate() {
            command.pipeline = Some((id, position));
        }
        Some(None)
    }

    /// A simple command: assignments, words, then output redirections. Returns its index, or
    /// `None` inside for assignments alone.
    fn command(&mut self) -> Option<Option<usize>> {
        let mut prefix = Vec::new();
        // At most a word per token up to the next operator: allocated once, at its size.
        let tokens = self.tokens[self.next..]
            .iter()
            .take_while(|token| !matches!(token, Token::Operator(_)))
            .count();
        let mut words = Vec::with_capacity(tokens);
        let mut redirected = false;
        while let Some(token) = self.peek() {
            match token {
                // tree-sitter takes a word after a redirection's target into the redirection.
                Token::Word(_) if redirected => return None,
                Token::Word(lexeme) if words.is_empty() => match self.assignment(lexeme)? {
                    Some(assignment) => prefix.push(assignment),
                    None => {
                        let raw = &self.text.text[lexeme.span.range()];
                        if RESERVED.contains(&raw) || !is_plain_name(raw) {
                            return None;
                        }
                        words.push(self.word(lexeme));
                    }
                },
                Token::Word(lexeme) => words.push(self.word(lexeme)),
                Token::Redirect if words.is_empty() => return None,
                Token::Redirect => redirected = true,
                Token::Operator(_) => break,
            }
            self.next += 1;
        }
        // tree-sitter's grammar binds a redirection after a command other than the statement's
        // first to all that stands before it in the statement (`a && b 2>&1 | c` reads as
        // `{ a && b; } 2>&1 | c`); at the end of the statement that changes nothing.
        let first_of_statement = self.script.commands.len() == self.statement_start;
        if redirected
            && !first_of_statement
            && matches!(
                self.peek(),
                Some(Token::Operator(Operator::AndOr | Operator::Pipe))
            )
        {
            return None;
        }
        self.script.assignments.extend(prefix.iter().cloned());
        let Some(last) = words.last() else {
            // Assignments alone (a statement of their own), or nothing: a syntax error.
            return (!prefix.is_empty() && !redirected).then_some(None);
        };
        let first = prefix
            .first()
            .map_or(words[0].span.start, |a| a.name_span.start);
        self.script.commands.push(SimpleCommand {
            span: Span::new(first, last.span.end),
            words,
            prefix,
            pipeline: None,
            within: None,
            stdin_redirected: false,
            status_unseen: false,
        });
        Some(Some(self.script.commands.len() - 1))
    }

    /// `NAME=value` at `lexeme`: `Some(None)` when the word is not an assignment; `None` when it
    /// is one this reader does not take (`NAME+=value`).
    fn assignment(&self, lexeme: &Lexeme) -> Option<Option<Assignment>> {
        let raw = &self.text.text[lexeme.span.range()];
        let name_len = raw
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let is_name = name_len > 0 && !raw.as_bytes()[0].is_ascii_digit();
        match raw.as_bytes().get(name_len) {
            Some(b'=') if is_name => {}
            Some(b'+') if is_name && raw.as_bytes().get(name_len + 1) == Some(&b'=') => {
                return None;
            }
            _ => return Some(None),
        }
        let name_span = Span::new(lexeme.span.start, lexeme.span.start + name_len);
        let value_start = name_span.end + 1;
        let value = if value_start == lexeme.span.end {
            Word {
                span: Span::at(value_start),
                value: Some(String::new()),
                may_be_option: false,
            }
        } else {
            let (value, _) = word(self.text.text.as_bytes(), value_start)?;
            if !is_one_part(&self.text.text[value.span.range()]) {
                // tree-sitter splits some values of several parts into a value and a command.
                return None;
            }
            self.word(&value)
        };
        Some(Some(Assignment {
            name: raw[..name_len].to_string(),
            name_span,
            value,
        }))
    }

    /// A word of a command, as `tree` reads one.
    fn word(&self, lexeme: &Lexeme) -> Word {
        let raw = &self.text.text[lexeme.span.range()];
        Word::in_text(self.text, lexeme.span, || {
            lexeme.known.then(|| unquote(raw))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{shell, tree};
    use super::*;
    use proptest::prelude::*;

    /// When this reader takes `text`, it reads it as tree-sitter does. Returns whether it took it.
    fn agrees(text: &str) -> bool {
        let text = shell(text);
        match parse(&text) {
            Some(plain) => {
                assert_eq!(plain, tree::parse(&text), "{:?}", text.text);
                true
            }
            None => false,
        }
    }

    /// What repositories hold, and what this reader is for: each is taken, and read as
    /// tree-sitter reads it.
    #[test]
    fn takes_plain_texts_and_reads_them_as_tree_sitter_does() {
        for text in [
            "",
            "  \n\n",
            "apt-get update && apt-get install -y nginx",
            "yum install -y docker-ce-{{ version }} && systemctl enable docker-ce",
            "systemctl daemon-reload && systemctl restart redis || journalctl -u redis --no-pager | tail -n 50",
            "echo 'net.core.somaxconn = 1061' >> /etc/sysctl.conf && sysctl -p",
            "mkdir -p /var/log/gateway /etc/gateway/conf.d && echo \"gateway:96\" > /etc/gateway/conf.d/instance.conf",
            "curl -fsSL https://mirrors.example.com/install.sh -o /tmp/i.sh && bash /tmp/i.sh --prefix /usr/local && rm -f /tmp/i.sh",
            "DEBIAN_FRONTEND=noninteractive apt-get install -yq 'a b' \"c\"d",
            "cd /opt; make\ncd /b && make\nmkdir x && cd x; ls\ncd /e",
            "A=1 B=\"two $C\" cmd --opt=\"v\" x=1 ${HOME}/bin $D",
            "A=1\nB=\nexport_me=3 run",
            "curl -s https://x | sudo bash\nwget -qO- https://y | sh -s -- --yes",
            "a > f | b && c | d > /dev/null 2>&1; e &> log; f &>> log; g 1>&2 && h",
            "rm -rf /var/lib/apt/lists/* ~/x =y a=b c%d @e ^f 1.5 -1 50",
            "pip install {{ packages }} && {{ command }} --flag",
            "a &&\n  b ||\n\n c |\n d;",
            "tar -xzf /opt/b.tar.gz -C /opt/b\nchown -R app:app /opt/b",
            "echo \"$A\" '$B' \"${C}x\" \"\" ''",
            "# set up\nyum install -y \\\n    nginx \\\n    git # tools\ncd /opt # here\n# done\n",
        ] {
            assert!(agrees(text), "not taken: {text:?}");
        }
    }

    /// What this reader declines goes to tree-sitter.
    #[test]
    fn declines_what_is_not_plain() {
        for text in [
            "echo $(date)",
            "echo `date`",
            "if true; then reboot; fi",
            "for x in a b; do echo $x; done",
            "cat <<EOF\nx\nEOF",
            "cmd < file",
            "echo a\\ b",
            "(cd /x && make)",
            "{ a; b; }",
            "a & b",
            "export A=1",
            "A+=1 cmd",
            "echo a > f b",
            "a && c 2>&1 | d",
            "echo a>f",
            "> f echo",
            "echo 'unterminated",
            "a &&",
            "&& a",
            "a | | b",
            ";",
            "a;; b",
            "echo é",
            "echo $1 $@ $?",
            "echo $D\"e\"",
            "[ -f x ] && y",
            "echo !x",
            "echo a\r",
            "if%",
            "B= || cd",
            "echo x\"y\"z$HOME/x",
        ] {
            let text = shell(text);
            assert!(parse(&text).is_none(), "taken: {:?}", text.text);
        }
    }

    /// Pieces of plain texts and of the constructs next to them.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "apt-get",
            "install",
            "-y",
            "-yq",
            "cd",
            "/opt",
            "a=b",
            "A=1",
            "B=",
            "A+=1",
            "x\"y\"z",
            "\"x $Y\"",
            "\"\"",
            "'q r'",
            "''",
            "$Z",
            "${W}",
            "${W",
            "$",
            "$1",
            "2>&1",
            "2>",
            ">",
            ">>",
            "&>",
            "/dev/null",
            "&&",
            "||",
            "|",
            ";",
            ";;",
            "\n",
            " ",
            " ",
            " ",
            "\t",
            "if",
            "then",
            "fi",
            "done",
            "echo",
            "{{ v }}",
            "nginx-{{ v }}",
            "--opt=\"v\"",
            "--o=",
            "*",
            "~/x",
            "=y",
            "&",
            "<",
            "(",
            ")",
            "#",
            "\\",
            "`",
            "-",
            "--",
            "0",
            "12",
            "'",
            "\"",
            "x=\"1 2\"",
            "sudo",
            "|&",
            ">|",
            "1>",
            "a>b",
            "echo2>f",
            "export",
            "time",
            "$HOME/x",
            "\"$A\"b",
            "'a'\"b\"",
            "-2",
            ">&",
            "&>>",
            "1.5",
            "/usr/bin/env",
            "-o-",
            "N=$V",
            "N='v w'",
            "N=${V}",
            "N=a'b'",
            "%",
            "@",
            ",",
            ":",
            "=",
            "+",
            "?",
            "!",
            "{",
            "}",
            "[",
            "]",
            "é",
            "\r",
            "x\"$(",
            "${V:-d}",
            "${#V}",
            "\\\n",
            " \\\n",
            "# c\n",
            " #x",
            "#",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20000, ..ProptestConfig::default() })]

        /// Whatever this reader takes, it reads as tree-sitter does.
        #[test]
        fn reads_what_it_takes_as_tree_sitter_does(pieces in prop::collection::vec(piece(), 0..16)) {
            agrees(&pieces.concat());
        }
    }
}
