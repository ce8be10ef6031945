//! The `gradus` command: `gradus check` (the CI gate), `gradus rules`,
//! `gradus explain RULE` and `gradus server`.
//!
//! Exit codes: 0 no errors, 1 errors found, 2 usage, configuration or I/O
//! error, 101 internal crash of the tool itself.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{ArgMatches, CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};
use gradus_db::{PythonVersion, Severity, System};
use gradus_project::baseline::Baseline;
use gradus_project::config::{find_project_root, load_project_config, ProjectConfig, RuleLevel};
use gradus_project::output::{self, OutputFormat, ReportOptions};
use gradus_project::watch::{watch, WatchSession, WatchUpdate};
use gradus_project::{
    check_files_with_progress, discovery, resolve_settings, script_root, CheckResult, CliOverrides,
    ProjectDatabase, ProjectSettings,
};

/// Checks of more files than this show a progress bar (on a terminal).
const PROGRESS_THRESHOLD: usize = 300;

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
    Check(Box<CheckArgs>),
    /// List every rule with its default severity.
    Rules,
    /// Describe a rule: what it checks, why, an example and the fix.
    Explain {
        /// A rule code such as `unresolved-import` (or a mypy error code).
        rule: String,
    },
    /// Report typed coverage: the share of expressions whose type is known
    /// and of annotated parameters and returns, per module and in total.
    Coverage(Box<CoverageArgs>),
    /// Run the language server over stdio.
    Server,
}

#[derive(clap::Args)]
struct CoverageArgs {
    #[command(flatten)]
    target: ProjectArgs,
    /// `table` (default) or `json`.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = ["table", "json"])]
    output_format: String,
    /// Exit with 1 when the total share of typed expressions is below PCT.
    #[arg(long, value_name = "PCT")]
    fail_under: Option<f64>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    /// Colours when the output is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// What to check and against which environment: shared by `check` and
/// `coverage`.
#[derive(clap::Args)]
struct ProjectArgs {
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
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    target: ProjectArgs,
    /// Report RULE as an error (repeatable; `all` for every rule).
    #[arg(long = "error", value_name = "RULE")]
    error_rules: Vec<String>,
    /// Report RULE as a warning (repeatable; `all` for every rule).
    #[arg(long = "warn", value_name = "RULE")]
    warn_rules: Vec<String>,
    /// Report RULE as information (repeatable; `all` for every rule).
    #[arg(long = "info", value_name = "RULE")]
    info_rules: Vec<String>,
    /// Do not report RULE (repeatable; `all` for every rule).
    #[arg(long = "ignore", value_name = "RULE")]
    ignore_rules: Vec<String>,
    /// How to print diagnostics.
    #[arg(long, value_name = "FORMAT", default_value = "concise", value_parser = parse_format)]
    output_format: OutputFormat,
    /// Write the report to FILE instead of standard output (the summary
    /// line still goes to standard output).
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Exit with 0 even when errors are found.
    #[arg(long)]
    exit_zero: bool,
    /// Exit with 1 when warnings are found.
    #[arg(long)]
    error_on_warning: bool,
    /// Report only diagnostics that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current diagnostics in the `--baseline` file.
    #[arg(long, requires = "baseline", conflicts_with = "watch")]
    update_baseline: bool,
    /// Re-check when files change, printing what changed.
    #[arg(long, short = 'W')]
    watch: bool,
}

fn parse_version(s: &str) -> Result<PythonVersion, String> {
    PythonVersion::parse(s).ok_or_else(|| format!("expected a version like `3.12`, found `{s}`"))
}

fn parse_format(s: &str) -> Result<OutputFormat, String> {
    OutputFormat::parse(s).ok_or_else(|| {
        let names: Vec<&str> = OutputFormat::ALL.iter().map(|f| f.name()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(err) => return clap_error(err),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => return clap_error(err),
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match cli.command {
        Command::Check(args) => {
            let check_matches = matches
                .subcommand_matches("check")
                .expect("the check subcommand was parsed");
            run_check(*args, check_matches)
        }
        Command::Coverage(args) => run_coverage(*args),
        Command::Rules => Ok(list_rules()),
        Command::Explain { rule } => Ok(explain(&rule)),
        Command::Server => Ok(ExitCode::from(gradus_server::run_stdio() as u8)),
    }));
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

fn clap_error(err: clap::Error) -> ExitCode {
    let _ = err.print();
    match err.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
            ExitCode::SUCCESS
        }
        _ => ExitCode::from(2),
    }
}

/// `--error/--warn/--info/--ignore RULE` in command-line order.
fn rule_levels(matches: &ArgMatches) -> Vec<(String, RuleLevel)> {
    let mut levels: Vec<(usize, String, RuleLevel)> = Vec::new();
    for (id, level) in [
        ("error_rules", RuleLevel::Error),
        ("warn_rules", RuleLevel::Warn),
        ("info_rules", RuleLevel::Info),
        ("ignore_rules", RuleLevel::Ignore),
    ] {
        let (Some(indices), Some(values)) =
            (matches.indices_of(id), matches.get_many::<String>(id))
        else {
            continue;
        };
        for (index, value) in indices.zip(values) {
            levels.push((index, value.clone(), level));
        }
    }
    levels.sort_by_key(|(index, _, _)| *index);
    levels
        .into_iter()
        .map(|(_, name, level)| (name, level))
        .collect()
}

/// Everything `gradus check` sets up before checking.
struct Setup {
    cwd: PathBuf,
    config: ProjectConfig,
    settings: ProjectSettings,
    paths: Vec<PathBuf>,
}

fn setup(args: &ProjectArgs, matches: Option<&ArgMatches>) -> anyhow::Result<Setup> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| absolute(&cwd, p)).collect();
    let start = match (&args.project, paths.first()) {
        (Some(project), _) => absolute(&cwd, project),
        (None, Some(first)) => first.clone(),
        (None, None) => cwd.clone(),
    };
    let root = if args.project.is_some() {
        start
    } else if start.starts_with(&cwd)
        && gradus_project::config::find_project_marker(&start).is_none()
    {
        // No configuration anywhere above: the current directory is the
        // project (as for mypy and pyright), so `gradus check pkg` sees
        // `pkg` as a package of the project, not as the project itself.
        cwd.clone()
    } else {
        find_project_root(&start)
    };
    let known_rules = gradus_project::known_rule_codes();
    let config = load_project_config(&root, &known_rules)?;
    // A file or package given outside the project's search roots makes the
    // directory above its top-level package a first-party root.
    let script_roots = paths
        .iter()
        .filter_map(|p| {
            if p.is_file() {
                script_root(p)
            } else if p.join("__init__.py").is_file() || p.join("__init__.pyi").is_file() {
                script_root(&p.join("__init__.py"))
            } else {
                None
            }
        })
        .collect();
    let cli = CliOverrides {
        python_version: args.python_version,
        python_platform: args.python_platform.clone(),
        python: args.python.as_ref().map(|p| absolute(&cwd, p)),
        typeshed: args.typeshed.as_ref().map(|p| absolute(&cwd, p)),
        extra_paths: args.extra_paths.iter().map(|p| absolute(&cwd, p)).collect(),
        script_roots,
        no_environment: false,
        rules: matches.map(rule_levels).unwrap_or_default(),
    };
    let settings = resolve_settings(&config, &cli, &|name| std::env::var(name).ok())?;
    Ok(Setup {
        cwd,
        config,
        settings,
        paths,
    })
}

fn run_check(args: CheckArgs, matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    // Lets the tests see exit code 101; debug builds only.
    #[cfg(debug_assertions)]
    if std::env::var_os("GRADUS_DEBUG_CRASH").is_some() {
        panic!("crash requested by GRADUS_DEBUG_CRASH");
    }
    if args.watch && !args.output_format.is_human() {
        anyhow::bail!(
            "`--watch` prints the `concise` or `full` format, not `{}`",
            args.output_format.name()
        );
    }
    if args.watch && args.output_file.is_some() {
        anyhow::bail!(
            "`--watch` prints to the terminal; it cannot be combined with `--output-file`"
        );
    }
    let Setup {
        cwd,
        config,
        settings,
        paths,
    } = setup(&args.target, Some(matches))?;
    let baseline_path = args.baseline.as_ref().map(|p| absolute(&cwd, p));
    let baseline = match &baseline_path {
        Some(path) if !args.update_baseline || path.exists() => Some(Baseline::load(path)?),
        _ => None,
    };
    let discovered =
        discovery::discover_files(&config.root, &config.options, &args.target.paths, &cwd)?;
    let db = ProjectDatabase::new(System::os(cwd.clone()), &settings);
    if args.watch {
        return run_watch(args, cwd, config, settings, paths, db, baseline);
    }
    let files = db.files_for_paths(&discovered);
    let result = check_with_progress(&db, &settings, &files);
    let root = settings.root.clone();

    let result = if args.update_baseline {
        let path = baseline_path.as_ref().expect("clap requires --baseline");
        let updated = baseline.unwrap_or_default().updated(&db, &root, &result);
        updated.write(path)?;
        eprintln!(
            "gradus: wrote {} to {}",
            plural(
                updated.diagnostics.len(),
                "baseline entry",
                "baseline entries"
            ),
            path.display()
        );
        updated.apply(&db, &root, result).result
    } else if let Some(baseline) = baseline {
        let outcome = baseline.apply(&db, &root, result);
        let path = baseline_path.as_ref().expect("a baseline has a path");
        report_baseline(&cwd, path, outcome.hidden, &outcome.stale);
        outcome.result
    } else {
        result
    };

    let format = args.output_format;
    let elapsed = started.elapsed();
    let options = |styled| ReportOptions {
        cwd: &cwd,
        root: &root,
        elapsed: format.is_human().then_some(elapsed),
        styled: styled && format.is_human(),
    };
    let stdout_choice = stdout_color(args.color);
    if let Some(file) = &args.output_file {
        let file = absolute(&cwd, file);
        let report = output::render_report(
            &db,
            &result,
            format,
            &options(args.color == ColorWhen::Always),
        );
        std::fs::write(&file, report)
            .with_context(|| format!("cannot write the report to {}", file.display()))?;
        let summary = output::summary_line_styled(
            &db,
            &result,
            Some(elapsed),
            stdout_choice != anstream::ColorChoice::Never,
        );
        print_stdout(&format!("{summary}\n"), stdout_choice);
    } else {
        let report = output::render_report(
            &db,
            &result,
            format,
            &options(stdout_choice != anstream::ColorChoice::Never),
        );
        print_stdout(&report, stdout_choice);
    }
    Ok(exit_code(&args, &result))
}

fn exit_code(args: &CheckArgs, result: &CheckResult) -> ExitCode {
    let failed = result.count(Severity::Error) > 0
        || (args.error_on_warning && result.count(Severity::Warning) > 0);
    if failed && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Checks in parallel, with a progress bar on a terminal for large checks.
fn check_with_progress(
    db: &ProjectDatabase,
    settings: &ProjectSettings,
    files: &[gradus_db::File],
) -> CheckResult {
    if files.len() <= PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return check_files_with_progress(db, settings, files, &|| {});
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(files.len() as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} checking {pos}/{len} files {wide_bar}")
    {
        bar.set_style(style);
    }
    let result = check_files_with_progress(db, settings, files, &|| bar.inc(1));
    bar.finish_and_clear();
    result
}

/// Notes about the baseline, on standard error so that machine-readable
/// output on standard output stays valid.
fn report_baseline(
    cwd: &Path,
    path: &Path,
    hidden: usize,
    stale: &[gradus_project::baseline::BaselineEntry],
) {
    let shown = path.strip_prefix(cwd).unwrap_or(path).display();
    if hidden > 0 {
        eprintln!(
            "gradus: {} hidden by the baseline {shown}",
            plural(hidden, "diagnostic", "diagnostics")
        );
    }
    if !stale.is_empty() {
        eprintln!(
            "gradus: {} of {shown} no longer {} (fixed?); run with `--update-baseline` to remove {}:",
            plural(stale.len(), "entry", "entries"),
            if stale.len() == 1 { "matches" } else { "match" },
            if stale.len() == 1 { "it" } else { "them" },
        );
        for entry in stale {
            eprintln!("  {}: {}: {}", entry.path, entry.code, entry.message);
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The colour choice for standard output.
fn stdout_color(when: ColorWhen) -> anstream::ColorChoice {
    match when {
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
        ColorWhen::Auto => match anstream::AutoStream::choice(&std::io::stdout()) {
            anstream::ColorChoice::Never => anstream::ColorChoice::Never,
            _ => anstream::ColorChoice::Always,
        },
    }
}

fn print_stdout(text: &str, choice: anstream::ColorChoice) {
    let mut stdout = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn run_watch(
    args: CheckArgs,
    cwd: PathBuf,
    config: ProjectConfig,
    settings: ProjectSettings,
    paths: Vec<PathBuf>,
    db: ProjectDatabase,
    baseline: Option<Baseline>,
) -> anyhow::Result<ExitCode> {
    let root = settings.root.clone();
    let discover = {
        let config = config.clone();
        let arg_paths = args.target.paths.clone();
        let cwd = cwd.clone();
        Box::new(move || {
            discovery::discover_files(&config.root, &config.options, &arg_paths, &cwd)
                .map_err(|e| e.to_string())
        })
    };
    let mut session =
        WatchSession::new(db, settings, cwd.clone(), discover).with_baseline(baseline);
    let choice = stdout_color(args.color);
    let styled = choice != anstream::ColorChoice::Never;
    let format = args.output_format;
    let print_update = move |session: &WatchSession, update: &WatchUpdate, first: bool| {
        let options = ReportOptions {
            cwd: &cwd,
            root: &root,
            elapsed: Some(update.elapsed),
            styled,
        };
        let mut text = String::new();
        if first {
            text = output::render_report(session.db(), &update.result, format, &options);
        } else {
            let added = CheckResult {
                diagnostics: update.added.clone(),
                checked_files: update.result.checked_files,
                files: Vec::new(),
            };
            let rendered = output::render_report(session.db(), &added, format, &options);
            // Drop the partial summary: the full one follows.
            let body = rendered
                .trim_end_matches('\n')
                .rsplit_once('\n')
                .map_or("", |(body, _)| body);
            if !body.is_empty() {
                text.push_str(body);
                text.push('\n');
            }
            for line in &update.fixed {
                text.push_str(&format!("fixed: {line}\n"));
            }
            text.push_str(&output::summary_line_styled(
                session.db(),
                &update.result,
                Some(update.elapsed),
                styled,
            ));
            text.push('\n');
        }
        if update.config_changed {
            eprintln!(
                "gradus: the configuration changed; restart `gradus check --watch` to apply it"
            );
        }
        print_stdout(&text, choice);
    };
    let first = session.initial().map_err(anyhow::Error::msg)?;
    print_update(&session, &first, true);
    let mut roots = vec![config.root.clone()];
    for path in &paths {
        if !path.starts_with(&config.root) {
            roots.push(path.clone());
        }
    }
    eprintln!("gradus: watching for changes (Ctrl-C to stop)");
    watch(
        &mut session,
        &roots,
        Duration::from_millis(100),
        &mut |session, update| match update {
            Ok(update) => print_update(session, &update, false),
            Err(err) => eprintln!("gradus: error: {err}"),
        },
    )
    .map_err(anyhow::Error::msg)?;
    Ok(ExitCode::SUCCESS)
}

fn list_rules() -> ExitCode {
    let rules = gradus_check_rules();
    let width = rules.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            rule.code,
            rule.default_severity.as_str(),
            rule.summary
        ));
    }
    print_stdout(&out, anstream::ColorChoice::Never);
    ExitCode::SUCCESS
}

fn explain(code: &str) -> ExitCode {
    let rules = gradus_check_rules();
    let mut selected: Vec<_> = rules.iter().filter(|r| r.code == code).collect();
    let mut out = String::new();
    if selected.is_empty() {
        selected = rules
            .iter()
            .filter(|r| r.mypy_codes.contains(&code))
            .collect();
        if !selected.is_empty() {
            let ours: Vec<String> = selected.iter().map(|r| format!("`{}`", r.code)).collect();
            out.push_str(&format!(
                "`{code}` is a mypy error code; Gradus reports it as {}.\n\n",
                ours.join(" or ")
            ));
        }
    }
    if selected.is_empty() {
        let codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
        eprintln!(
            "gradus: error: unknown rule `{code}` (`gradus rules` lists them: {})",
            codes.join(", ")
        );
        return ExitCode::from(2);
    }
    for (i, rule) in selected.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&gradus_project::explain_rule(rule));
    }
    print_stdout(&out, anstream::ColorChoice::Never);
    ExitCode::SUCCESS
}

fn gradus_check_rules() -> Vec<gradus_project::Rule> {
    gradus_project::rules_sorted()
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}

fn run_coverage(args: CoverageArgs) -> anyhow::Result<ExitCode> {
    let Setup {
        cwd,
        config,
        settings,
        ..
    } = setup(&args.target, None)?;
    let discovered =
        discovery::discover_files(&config.root, &config.options, &args.target.paths, &cwd)?;
    let db = ProjectDatabase::new(System::os(cwd.clone()), &settings);
    let files = db.files_for_paths(&discovered);
    let report = gradus_project::coverage::coverage_report(&db, &files, &cwd);
    let text = if args.output_format == "json" {
        gradus_project::coverage::render_json(&report)
    } else {
        gradus_project::coverage::render_table(&report)
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    if let Some(threshold) = args.fail_under {
        let actual = report.total.expression_percent();
        if actual < threshold {
            eprintln!("gradus: typed coverage {actual:.1}% is below --fail-under {threshold}%");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
