//! Rule levels: `[tool.gradus.rules]`, per-path `[[tool.gradus.overrides]]`
//! and `--error/--warn/--info/--ignore RULE` (`all` allowed, later flags
//! win, the command line wins over the configuration).

mod common;

use common::{projects_dir, run};

fn overrides() -> std::path::PathBuf {
    projects_dir().join("overrides")
}

#[test]
fn config_levels_and_path_overrides_apply() {
    // `unresolved-import = "warn"`, and `ignore` under `tests/`.
    assert_cli_snapshot!(run(&overrides(), &["check"]));
}

#[test]
fn command_line_wins_over_config_and_overrides() {
    assert_cli_snapshot!(run(
        &overrides(),
        &["check", "--error", "unresolved-import"]
    ));
}

#[test]
fn later_flags_win_and_all_means_every_rule() {
    assert_cli_snapshot!(run(
        &overrides(),
        &["check", "--error", "all", "--ignore", "unresolved-import"]
    ));
}

#[test]
fn ignore_all_then_warn_one() {
    assert_cli_snapshot!(run(
        &projects_dir().join("mixed"),
        &["check", "--ignore", "all", "--warn", "invalid-syntax"]
    ));
}

#[test]
fn info_level_is_reported_but_not_counted() {
    assert_cli_snapshot!(run(
        &projects_dir().join("mixed"),
        &["check", "--info", "all"]
    ));
}
