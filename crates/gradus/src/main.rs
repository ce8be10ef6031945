//! The `gradus` command: `gradus check` (the CI gate) and `gradus server`.
//!
//! Exit codes: 0 no errors, 1 errors found, 2 usage, configuration or I/O
//! error, 101 internal crash of the tool itself.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use gradus_db::{PythonVersion, Severity, System};
use gradus_project::config::{find_project_root, load_project_config};
use gradus_project::{
    check_files, discovery, output, resolve_settings, script_root, CliOverrides, ProjectDatabase,
};

#[derive(Parser)]
#[command(
    name = "gradus",
    version,
    about = "A gradual static type checker for Python"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Python files and report diagnostics.
    Check(CheckArgs),
    /// Run the language server over stdio.
    Server,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or directories to check (default: the project's `include`).
    paths: Vec<PathBuf>,
    /// The project directory (default: found by walking up from the current
    /// directory, or from the first path, to `gradus.toml` or `pyproject.toml`).
    #[arg(long)]
    project: Option<PathBuf>,
    /// Target Python version, e.g. `3.12`.
    #[arg(long, value_parser = parse_version)]
    python_version: Option<PythonVersion>,
    /// Target platform (`linux`, `darwin`, `win32`, or `all`).
    #[arg(long)]
    python_platform: Option<String>,
    /// The Python environment: an interpreter, a virtualenv or a prefix.
    #[arg(long)]
    python: Option<PathBuf>,
    /// A full typeshed to use instead of the embedded stubs.
    #[arg(long)]
    typeshed: Option<PathBuf>,
    /// Additional module search paths (searched first).
    #[arg(long = "extra-path")]
    extra_paths: Vec<PathBuf>,
    /// Exit with 0 even when errors are found.
    #[arg(long)]
    exit_zero: bool,
    /// Exit with 1 when warnings are found.
    #[arg(long)]
    error_on_warning: bool,
}

fn parse_version(s: &str) -> Result<PythonVersion, String> {
    PythonVersion::parse(s).ok_or_else(|| format!("expected a version like `3.12`, found `{s}`"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let result = std::panic::catch_unwind(|| match cli.command {
        Command::Check(args) => run_check(args),
        Command::Server => {
            eprintln!("gradus: the language server is not implemented yet");
            Ok(ExitCode::from(2))
        }
    });
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            eprintln!("gradus: error: {err:#}");
            ExitCode::from(2)
        }
        Err(_) => {
            eprintln!("gradus: internal error: the checker crashed; please report this");
            ExitCode::from(101)
        }
    }
}

fn run_check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| absolute(&cwd, p)).collect();
    let start = match (&args.project, paths.first()) {
        (Some(project), _) => absolute(&cwd, project),
        (None, Some(first)) => first.clone(),
        (None, None) => cwd.clone(),
    };
    let root = if args.project.is_some() {
        start
    } else {
        find_project_root(&start)
    };
    let known_rules = gradus_project::known_rule_codes();
    let config = load_project_config(&root, &known_rules)?;
    let files = discovery::discover_files(&config.root, &config.options, &args.paths, &cwd)?;
    let script_roots = paths
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| script_root(p))
        .collect();
    let cli = CliOverrides {
        python_version: args.python_version,
        python_platform: args.python_platform,
        python: args.python.map(|p| absolute(&cwd, &p)),
        typeshed: args.typeshed.map(|p| absolute(&cwd, &p)),
        extra_paths: args.extra_paths.iter().map(|p| absolute(&cwd, p)).collect(),
        script_roots,
        no_environment: false,
    };
    let settings = resolve_settings(&config, &cli, &|name| std::env::var(name).ok())?;
    let db = ProjectDatabase::new(System::os(cwd.clone()), &settings);
    let files = db.files_for_paths(&files);
    let result = check_files(&db, &settings, &files);
    let report = output::render_concise_report(&db, &result, &cwd);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(report.as_bytes());
    let _ = stdout.flush();
    let failed = result.count(Severity::Error) > 0
        || (args.error_on_warning && result.count(Severity::Warning) > 0);
    Ok(if failed && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}
