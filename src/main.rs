//! The `iclint` command line: parses arguments, calls the library, prints the report and sets the
//! exit status (0: nothing at or above the failure level; 1: findings; 2: the run itself failed).

use clap::error::ErrorKind;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use iclint::ShellCheck;
use iclint::catalog::{ComponentType, Kind, SystemType};
use iclint::config;
use iclint::report::Summary;
use iclint::report::writer::{Format as ReportFormat, Writer, writer};
use iclint::report::{human, rule_docs};
use iclint::rule::Rule;
use iclint::rule::Severity;
use iclint::rules::REGISTRY;
use iclint::{FileReport, Options, Repository, Settings};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "iclint",
    version,
    about = "Lint Alibaba Cloud ECS Image Builder components and templates offline",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check content files; `-` reads standard input.
    Check(CheckArgs),
    /// List every rule: code, severity, name and summary.
    Rules(RulesArgs),
    /// Explain a rule: what triggers it, why it matters, an example and its fix.
    Explain(ExplainArgs),
    /// Print a completion script for a shell (e.g. `iclint completions bash > /etc/bash_completion.d/iclint`).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): `iclint man > iclint.1`, `iclint man check > iclint-check.1`;
    /// `--dir DIR` writes every page.
    Man(ManArgs),
    /// Run the language server on standard input and output (for editors: diagnostics as you
    /// type, quick fixes, hover).
    Server,
}

#[derive(clap::Args)]
struct ManArgs {
    /// The subcommand whose page to print (`check` is `iclint-check(1)`); none: `iclint(1)`.
    subcommand: Option<String>,
    /// Write every page (`iclint.1`, `iclint-check.1`, ...) into DIR instead.
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    dir: Option<PathBuf>,
}

#[derive(clap::Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    format: RulesFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    /// Code, severity, name and summary, one rule per line.
    Table,
    /// An array of the rules' metadata.
    Json,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// The rule's code, e.g. `InvalidCommandContent.WORKDIR` or `ICL102`.
    code: String,
    /// Output format (`markdown` is the page under `docs/rules/`).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Text,
    Markdown,
    Json,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and directories to check (default: the current directory); `-` is standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Threads to lint with (0: one per core). The output is the same for any number.
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
    /// The configuration file (default: `.iclint.yaml` in the current directory or above).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any configuration file.
    #[arg(long)]
    no_config: bool,
    /// Report format (default: `github` when `GITHUB_ACTIONS=true`, else `human`). Repeat it with
    /// `--output` for several reports: each `--output` writes the `--format` just before it; one
    /// `--format` without `--output` goes to standard output.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Vec<Format>,
    /// Write the report of the `--format` just before this option to FILE instead of standard
    /// output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Vec<PathBuf>,
    /// The file name to report for standard input.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// What raw content files describe.
    #[arg(long, value_enum, ignore_case = true, default_value_t = KindArg::Component)]
    kind: KindArg,
    /// `SystemType` of raw component content (in any case, as in `.iclint.yaml`).
    #[arg(long, value_enum, ignore_case = true, default_value_t = SystemTypeArg::Linux)]
    system_type: SystemTypeArg,
    /// `ComponentType` of raw component content (in any case, as in `.iclint.yaml`).
    #[arg(long, value_enum, ignore_case = true, default_value_t = ComponentTypeArg::Build)]
    component_type: ComponentTypeArg,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// When to colour the human report (`NO_COLOR` turns `auto` off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Apply the safe fixes in place, then report what remains (the exit status too). With `-`,
    /// print the fixed text on standard output, and the report on standard error.
    #[arg(long)]
    fix: bool,
    /// Print the safe fixes as a unified diff on standard output, and write nothing. The exit
    /// status is that of the files as they are.
    #[arg(long, conflicts_with_all = ["fix", "format", "output"])]
    diff: bool,
    /// Skip, silently, a named file that a directory walk would not lint and that no manifest
    /// uses (for hooks that pass every staged file: `README.md` is skipped, a template's
    /// `BuildContentFile` is not).
    #[arg(long)]
    force_exclude: bool,
    /// Lint the named files alone: no index of the repository around them (the checks across
    /// files see only the files of the run).
    #[arg(long)]
    isolated: bool,
    /// Keep no cache of the repository index (by default in `.iclint_cache` in the project
    /// root): walk the repository and read its manifests on every run.
    #[arg(long, env = "ICLINT_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    no_cache: bool,
    /// Keep the repository index's cache in DIR (default: the configuration's `cache-dir`, else
    /// `.iclint_cache` in the project root).
    #[arg(long, value_name = "DIR", env = "ICLINT_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// ShellCheck on the shell texts: `auto` (the configuration's `shellcheck`, else
    /// `shellcheck` on PATH when there is one), `never`, or the program's path.
    #[arg(
        long,
        value_name = "PATH|never|auto",
        env = "ICLINT_SHELLCHECK",
        default_value = "auto"
    )]
    shellcheck: String,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For people: each finding with its source lines, then a summary.
    Human,
    /// A JSON array of findings (the contract in the README).
    Json,
    /// One JSON object per line, with the fields of `json`.
    JsonLines,
    /// SARIF 2.1.0, for GitHub code scanning and other dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// `file:line:column: severity: message [CODE]`, for editors.
    Gnu,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Component,
    Template,
}

#[derive(Clone, Copy, ValueEnum)]
enum SystemTypeArg {
    #[value(name = "Linux")]
    Linux,
    #[value(name = "Windows")]
    Windows,
}

#[derive(Clone, Copy, ValueEnum)]
enum ComponentTypeArg {
    #[value(name = "Build")]
    Build,
    #[value(name = "Test")]
    Test,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    match cli.command {
        Command::Check(args) => {
            let matches = matches
                .subcommand_matches("check")
                .expect("the check subcommand");
            let destinations = destinations(&args, matches).unwrap_or_else(|message| {
                Cli::command()
                    .error(ErrorKind::ArgumentConflict, message)
                    .exit()
            });
            check(args, &destinations)
        }
        Command::Rules(args) => print(&match args.format {
            RulesFormat::Table => rule_docs::table(&REGISTRY),
            RulesFormat::Json => rule_docs::json(&REGISTRY),
        }),
        Command::Explain(args) => explain(&args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "iclint", &mut out);
            print(&String::from_utf8_lossy(&out))
        }
        Command::Server => iclint::server::run(),
        Command::Man(args) => man(&args),
    }
}

/// `iclint man`: the page of the command or of one subcommand, or every page into a directory.
fn man(args: &ManArgs) -> ExitCode {
    // Built, each subcommand is named `iclint-<subcommand>`: its page's title, as the top page
    // refers to it.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    if let Some(dir) = &args.dir {
        return match clap_mangen::generate_to(command, dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!(
                    "iclint: error: cannot write the man pages into `{}`: {error}",
                    dir.display()
                );
                ExitCode::from(2)
            }
        };
    }
    let page = match &args.subcommand {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name).cloned() else {
                let names: Vec<String> = command
                    .get_subcommands()
                    .map(|s| format!("`{}`", s.get_name()))
                    .collect();
                eprintln!(
                    "iclint: error: no subcommand `{name}`: the pages are those of {}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            };
            sub
        }
    };
    let mut out = Vec::new();
    match clap_mangen::Man::new(page).render(&mut out) {
        Ok(()) => print(&String::from_utf8_lossy(&out)),
        Err(error) => {
            eprintln!("iclint: error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Writes `text` to standard output; a closed pipe (`iclint ... | head`) is not a failure.
fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

/// The rule with `code` (exactly, or else ignoring ASCII case), or with that name (the
/// kebab-case name `iclint rules` prints, such as `relative-workdir`).
fn find_rule(code: &str) -> Option<&'static Rule> {
    iclint::rules::by_code(code).or_else(|| {
        REGISTRY
            .iter()
            .copied()
            .find(|rule| rule.code.eq_ignore_ascii_case(code) || rule.name == code)
    })
}

fn explain(args: &ExplainArgs) -> ExitCode {
    if iclint::rules::shared::is_shellcheck_code(&args.code) {
        return print(&format!(
            "{code}: a finding of ShellCheck, reported when it runs (`--shellcheck`).\nSee https://www.shellcheck.net/wiki/{code}\nSilence it with `# shellcheck disable={code}` in the shell text, or `# iclint ignore={code}` before the command or task.\n",
            code = args.code
        ));
    }
    let Some(rule) = find_rule(&args.code) else {
        let nearest = iclint::nearest(&args.code, REGISTRY.iter().map(|r| r.code));
        match nearest {
            Some(code) => eprintln!(
                "iclint: error: unknown code `{}`; did you mean `{code}`? (`iclint rules` lists every code)",
                args.code
            ),
            None => eprintln!(
                "iclint: error: unknown code `{}` (`iclint rules` lists every code)",
                args.code
            ),
        }
        return ExitCode::from(2);
    };
    print(&match args.format {
        ExplainFormat::Text => rule_docs::text(rule),
        ExplainFormat::Markdown => rule_docs::markdown(rule),
        ExplainFormat::Json => {
            let mut text = serde_json::to_string_pretty(&rule_docs::rule_json(rule))
                .expect("a rule serializes");
            text.push('\n');
            text
        }
    })
}

/// Where each report of `iclint check` goes (`None`: standard output): each `--output` takes the
/// `--format` right before it on the command line; a `--format` without one goes to standard
/// output, and at most one may. Without `--format`, the default format goes to the `--output`
/// given, or to standard output.
fn destinations(
    args: &CheckArgs,
    matches: &ArgMatches,
) -> Result<Vec<(Format, Option<PathBuf>)>, String> {
    enum Event<'a> {
        Format(Format),
        Output(&'a PathBuf),
    }
    let mut events: Vec<(usize, Event<'_>)> = Vec::new();
    let indices = |id: &str| matches.indices_of(id).into_iter().flatten();
    events.extend(
        indices("format")
            .zip(&args.format)
            .map(|(i, f)| (i, Event::Format(*f))),
    );
    events.extend(
        indices("output")
            .zip(&args.output)
            .map(|(i, o)| (i, Event::Output(o))),
    );
    events.sort_by_key(|(index, _)| *index);
    let default = if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        Format::Github
    } else {
        Format::Human
    };
    let mut reports: Vec<(Format, Option<PathBuf>)> = Vec::new();
    for (_, event) in events {
        match event {
            Event::Format(format) => reports.push((format, None)),
            Event::Output(path) => match reports.last_mut() {
                Some((_, output @ None)) => *output = Some(path.clone()),
                None if args.format.is_empty() => reports.push((default, Some(path.clone()))),
                _ => {
                    return Err(format!(
                        "`--output {}` must follow the `--format` it writes",
                        path.display()
                    ));
                }
            },
        }
    }
    if reports.is_empty() {
        reports.push((default, None));
    }
    if reports
        .iter()
        .filter(|(_, output)| output.is_none())
        .count()
        > 1
    {
        return Err(
            "only one report can go to standard output: give each `--format` but one an `--output FILE` after it"
                .to_string(),
        );
    }
    // Two reports to one file: the second would silently replace the first.
    let mut outputs: Vec<&PathBuf> = reports.iter().filter_map(|(_, o)| o.as_ref()).collect();
    outputs.sort();
    if let Some(pair) = outputs.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(format!(
            "two reports would go to `{}`: give each `--output` its own file",
            pair[0].display()
        ));
    }
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(
            "`--stdin-filename` names standard input, but `-` is not among the paths to check"
                .to_string(),
        );
    }
    Ok(reports)
}

fn check(args: CheckArgs, destinations: &[(Format, Option<PathBuf>)]) -> ExitCode {
    let options = Options {
        kind: match args.kind {
            KindArg::Component => Kind::Component,
            KindArg::Template => Kind::Template,
        },
        system_type: match args.system_type {
            SystemTypeArg::Linux => SystemType::Linux,
            SystemTypeArg::Windows => SystemType::Windows,
        },
        component_type: match args.component_type {
            ComponentTypeArg::Build => ComponentType::Build,
            ComponentTypeArg::Test => ComponentType::Test,
        },
        ..Options::default()
    };
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("<stdin>");
    let cwd = std::env::current_dir().unwrap_or_default();
    let source = match (&args.config, args.no_config) {
        (_, true) => config::Source::None,
        (Some(file), false) => config::Source::File(file),
        (None, false) => config::Source::Search(&cwd),
    };
    let config = match config::Config::load(source) {
        Ok(config) => config,
        Err(config::ConfigError::Unreadable(message)) => {
            eprintln!("iclint: error: {message}");
            return ExitCode::from(2);
        }
        Err(config::ConfigError::Invalid(report)) => {
            let reports = [*report];
            eprint!(
                "{}",
                human::render(
                    &reports,
                    human_style(args.color, std::io::stderr().is_terminal())
                )
            );
            write_configuration_failure(&reports[0], destinations, args.color);
            eprintln!(
                "iclint: error: the configuration `{}` is broken",
                reports[0].source.name()
            );
            return ExitCode::from(2);
        }
    };
    let shellcheck = match ShellCheck::resolve(&args.shellcheck, &config) {
        Ok(shellcheck) => shellcheck,
        Err(error) => {
            eprintln!("iclint: error: {error}");
            return ExitCode::from(2);
        }
    };
    // Named files are linted in the context of their repository; a run that names a directory
    // walks it, with no index (the engine tells).
    let repository = (!args.isolated).then(|| {
        let repository = Repository::discover(&cwd, &config);
        match (args.no_cache, args.cache_dir.clone()) {
            (true, _) => repository.with_cache_dir(None),
            (false, Some(directory)) => repository.with_cache_dir(Some(directory)),
            (false, None) => repository,
        }
    });
    let settings = Settings {
        repository: repository.as_ref(),
        force_exclude: args.force_exclude,
        threads: args.threads,
        // Only the human report shows source lines; the others need positions alone.
        keep_text: destinations
            .iter()
            .any(|(format, _)| *format == Format::Human),
        shellcheck: shellcheck.as_ref(),
    };
    if args.diff {
        return diff(&args, &options, stdin_name, &config, settings);
    }
    let mut fixed: Option<iclint::fixes::Fixes> = None;
    if args.fix {
        let fixes = iclint::fixes::fix(
            &args.paths,
            stdin_name,
            &options,
            &config,
            settings,
            &mut |_| {},
        );
        // Other inputs that cannot be read fail the run after the fixes and the report, as
        // without `--fix`: the last run reports them again.
        if fixes.stdin_unread {
            for error in &fixes.errors {
                eprintln!("iclint: error: {error}");
            }
            return ExitCode::from(2);
        }
        fixed = Some(fixes);
    }
    let mut failed = false;
    let stdin_fixed = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    if let Some(fixes) = &fixed {
        for file in &fixes.files {
            if stdin_fixed && file.name == stdin_name {
                continue;
            }
            match iclint::fixes::write(file) {
                Ok(()) => {}
                Err(error) => {
                    eprintln!(
                        "iclint: error: cannot write the fixes to `{}`: {error}",
                        file.name
                    );
                    failed = true;
                }
            }
        }
        if stdin_fixed {
            let text = fixes.overlay.get(stdin_name).map_or(&[][..], Vec::as_slice);
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text).and_then(|()| stdout.flush());
        }
        let count: usize = fixes.files.iter().map(|f| f.fixes).sum();
        if count > 0 {
            eprintln!(
                "iclint: fixed {count} finding{} in {} file{}",
                plural(count),
                fixes.files.len(),
                plural(fixes.files.len())
            );
        }
    }
    // One writer per report, each writing as the files come.
    let mut writers: Vec<Destination<'_>> = Vec::new();
    for (format, output) in destinations {
        // With `--fix -`, standard output carries the fixed text: the report goes to standard
        // error.
        let Some((out, is_terminal)) = open(output.as_deref(), stdin_fixed) else {
            failed = true;
            continue;
        };
        writers.push(Destination {
            writer: writer(
                report_format(*format, args.color, is_terminal, threshold(args.fail_on)),
                out,
            ),
            output: output.as_deref(),
            broken: false,
        });
    }
    let mut summary = Summary::default();
    let mut emit = |report: FileReport| {
        summary.add(&report);
        for destination in &mut writers {
            destination.write(|w| w.file(&report));
        }
    };
    let empty = iclint::Overlay::new();
    let overlay = fixed.as_ref().map_or(&empty, |f| &f.overlay);
    let run = iclint::check_with(
        &args.paths,
        stdin_name,
        &options,
        &config,
        settings,
        overlay,
        &mut emit,
    );
    for destination in &mut writers {
        destination.write(|w| w.finish(summary));
        failed |= destination.broken && destination.output.is_some();
    }
    for note in &run.notes {
        eprintln!("iclint: note: {note}");
    }
    if summary.files == 0 && run.errors.is_empty() && !args.force_exclude {
        eprintln!(
            "iclint: warning: no file to check. A directory walk lints component and template \
             manifests (`*.component.yaml`, `*.template.yaml`, also `.yml` and `.json`), YAML \
             content with a top-level `Tasks:`, and Terraform files and ROS templates that define \
             Image Builder resources; name Dockerfile-format files on the command line, \
             or match them with `content-files` in `.iclint.yaml`"
        );
    }
    for error in &run.errors {
        eprintln!("iclint: error: {error}");
    }
    if failed || !run.errors.is_empty() {
        return ExitCode::from(2);
    }
    ExitCode::from(u8::from(fails(args.fail_on, summary)))
}

/// The allocator: mimalloc. Parsing and linting make millions of small allocations that live
/// for one file (YAML nodes, shell words, offset maps); glibc's malloc spent about a fifth of a
/// run's CPU on them, mimalloc about half of that (`cargo bench --bench corpus`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults trade memory for speed: it commits its arenas eagerly and returns freed
/// pages to the system only after a delay. A run holds little for long, so both are turned off,
/// and the peak memory stays where glibc's malloc had it (the README's performance section has
/// the figures). They must be set before the first allocation, and the Rust runtime allocates
/// before `main`: an ELF constructor sets them (Linux; elsewhere the defaults stay).
#[cfg(target_os = "linux")]
mod allocator_options {
    /// Indices into `mi_option_t` of the mimalloc source that `libmimalloc-sys` (pinned in
    /// `Cargo.toml`) builds: `mi_option_arena_eager_commit` and `mi_option_purge_delay`.
    pub const ARENA_EAGER_COMMIT: i32 = 4;
    pub const PURGE_DELAY: i32 = 15;

    extern "C" fn set() {
        // SAFETY: setting an option only stores a value; this runs before `main`, on one
        // thread.
        unsafe {
            libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        }
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static SET_BEFORE_MAIN: extern "C" fn() = set;
}

/// The least severity that fails the run at `fail_on` (`None`: nothing fails it).
fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

/// Whether the findings counted in `summary` fail the run at `fail_on`.
fn fails(fail_on: FailOn, summary: Summary) -> bool {
    threshold(fail_on).is_some_and(|level| summary.worst().is_some_and(|worst| worst >= level))
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// `iclint check --diff`: the safe fixes as a unified diff on standard output; nothing is
/// written, and the exit status is that of the files as they are.
fn diff(
    args: &CheckArgs,
    options: &Options,
    stdin_name: &str,
    config: &config::Config,
    settings: Settings<'_>,
) -> ExitCode {
    let mut summary = Summary::default();
    let fixes = iclint::fixes::fix(
        &args.paths,
        stdin_name,
        options,
        config,
        settings,
        &mut |report| summary.add(report),
    );
    let mut out = String::new();
    for file in &fixes.files {
        out.push_str(&iclint::fix::unified_diff(
            &file.name,
            &file.before,
            &file.after,
        ));
    }
    print(&out);
    let count: usize = fixes.files.iter().map(|f| f.fixes).sum();
    eprintln!(
        "iclint: {count} fix{} would change {} file{}",
        if count == 1 { "" } else { "es" },
        fixes.files.len(),
        plural(fixes.files.len())
    );
    for error in &fixes.errors {
        eprintln!("iclint: error: {error}");
    }
    if !fixes.errors.is_empty() {
        return ExitCode::from(2);
    }
    ExitCode::from(u8::from(fails(args.fail_on, summary)))
}

/// Writes every report asked for when the configuration is broken, so that a CI step that reads
/// one finds it, saying why: SARIF as a failed invocation with a tool execution notification
/// per fault, the other formats with the faults as findings on the configuration file. The
/// human report is on standard error already: not written to standard output again.
fn write_configuration_failure(
    config: &FileReport,
    destinations: &[(Format, Option<PathBuf>)],
    color: ColorChoice,
) {
    for (format, output) in destinations {
        if output.is_none() && *format == Format::Human {
            continue;
        }
        let Some((mut out, is_terminal)) = open(output.as_deref(), false) else {
            continue;
        };
        let written = if *format == Format::Sarif {
            out.write_all(iclint::report::sarif::configuration_failure(config).as_bytes())
                .and_then(|()| out.flush())
        } else {
            let mut summary = Summary::default();
            summary.add(config);
            let mut writer = writer(
                report_format(*format, color, is_terminal, Some(Severity::Error)),
                out,
            );
            writer.file(config).and_then(|()| writer.finish(summary))
        };
        if let (Err(error), Some(path)) = (written, output) {
            eprintln!("iclint: error: cannot write `{}`: {error}", path.display());
        }
    }
}

/// Where a report goes, and whether that is a terminal: the file `output` (created), else
/// standard output, or standard error when standard output is taken. `None`, said on standard
/// error: the file cannot be created.
fn open(output: Option<&Path>, stdout_taken: bool) -> Option<(Box<dyn Write + Send>, bool)> {
    match output {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Some((Box::new(std::io::BufWriter::new(file)), false)),
            Err(error) => {
                eprintln!("iclint: error: cannot write `{}`: {error}", path.display());
                None
            }
        },
        None if stdout_taken => Some((
            Box::new(std::io::BufWriter::new(std::io::stderr())),
            std::io::stderr().is_terminal(),
        )),
        None => Some((
            Box::new(std::io::BufWriter::new(std::io::stdout())),
            std::io::stdout().is_terminal(),
        )),
    }
}

/// One report being written: to a file, or to standard output (`output` is `None`).
struct Destination<'a> {
    writer: Box<dyn Writer + Send + 'a>,
    output: Option<&'a Path>,
    /// Writing failed: nothing more is written. A closed standard output (`iclint ... | head`)
    /// is no failure; a file that cannot be written is.
    broken: bool,
}

impl Destination<'_> {
    fn write(&mut self, step: impl FnOnce(&mut dyn Writer) -> std::io::Result<()>) {
        if self.broken {
            return;
        }
        if let Err(error) = step(&mut *self.writer) {
            self.broken = true;
            if let Some(path) = self.output {
                eprintln!("iclint: error: cannot write `{}`: {error}", path.display());
            }
        }
    }
}

/// The library's format for `format`, drawn for a stream that `is_terminal` or not; `fail_on`
/// is the level that fails the run.
fn report_format(
    format: Format,
    color: ColorChoice,
    is_terminal: bool,
    fail_on: Option<Severity>,
) -> ReportFormat {
    match format {
        Format::Human => ReportFormat::Human(human_style(color, is_terminal)),
        Format::Json => ReportFormat::Json,
        Format::JsonLines => ReportFormat::JsonLines,
        Format::Sarif => ReportFormat::Sarif,
        Format::Github => ReportFormat::Github,
        Format::Gnu => ReportFormat::Gnu,
        Format::Checkstyle => ReportFormat::Checkstyle,
        Format::Junit => ReportFormat::Junit(fail_on),
        Format::Gitlab => ReportFormat::Gitlab,
    }
}

/// How to draw the human report on a stream that `is_terminal` or not.
fn human_style(choice: ColorChoice, is_terminal: bool) -> human::Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && is_terminal,
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(100);
    human::Style { color, width }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::allocator_options::{ARENA_EAGER_COMMIT, PURGE_DELAY};

    #[test]
    fn the_allocator_options_are_set_before_main() {
        // mimalloc's defaults are 2 and 10 (milliseconds): only the constructor sets 0.
        for option in [ARENA_EAGER_COMMIT, PURGE_DELAY] {
            // SAFETY: reading an option has no precondition.
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(option) }, 0);
        }
    }
}
