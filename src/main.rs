//! The `iclint` command line: parses arguments, calls the library, prints the report and sets the
//! exit status (0: nothing at or above the failure level; 1: findings; 2: the run itself failed).

use clap::{Parser, Subcommand, ValueEnum};
use iclint::Options;
use iclint::catalog::{ComponentType, Kind, SystemType};
use iclint::config;
use iclint::diagnostic::Severity;
use iclint::report::{self, human};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "iclint",
    version,
    about = "Lint Alibaba Cloud ECS Image Builder components and templates offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check content files; `-` reads standard input.
    Check(CheckArgs),
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
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The file name to report for standard input.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// What raw content files describe.
    #[arg(long, value_enum, default_value_t = KindArg::Component)]
    kind: KindArg,
    /// `SystemType` of raw component content.
    #[arg(long, value_enum, default_value_t = SystemTypeArg::Linux)]
    system_type: SystemTypeArg,
    /// `ComponentType` of raw component content.
    #[arg(long, value_enum, default_value_t = ComponentTypeArg::Build)]
    component_type: ComponentTypeArg,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// When to colour the human report (`NO_COLOR` turns `auto` off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Component,
    Template,
}

#[derive(Clone, Copy, ValueEnum)]
enum SystemTypeArg {
    #[value(name = "Linux", alias = "linux")]
    Linux,
    #[value(name = "Windows", alias = "windows")]
    Windows,
}

#[derive(Clone, Copy, ValueEnum)]
enum ComponentTypeArg {
    #[value(name = "Build", alias = "build")]
    Build,
    #[value(name = "Test", alias = "test")]
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
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
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
            eprintln!(
                "iclint: error: the configuration `{}` is broken",
                reports[0].source.name()
            );
            return ExitCode::from(2);
        }
    };
    let run = iclint::check::check(&args.paths, stdin_name, &options, &config, args.threads);
    for note in &run.notes {
        eprintln!("iclint: note: {note}");
    }
    for error in &run.errors {
        eprintln!("iclint: error: {error}");
    }
    let failed = !run.errors.is_empty();
    let reports = run.reports;
    let output = match args.format {
        Format::Json => report::json::render(&reports),
        Format::Human => human::render(
            &reports,
            human_style(args.color, std::io::stdout().is_terminal()),
        ),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`iclint check ... | head`) is not a failure of the lint: ignore it.
    let _ = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush());
    if failed {
        return ExitCode::from(2);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let fails = threshold.is_some_and(|level| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.severity >= level)
    });
    ExitCode::from(u8::from(fails))
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
