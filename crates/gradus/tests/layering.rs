//! Architecture invariant (see `crates/ARCHITECTURE.md`): a crate depends only
//! on crates of lower layers, and third-party crates that define a boundary
//! are used by exactly one layer (the parser by `gradus_syntax`, the LSP by
//! `gradus_server`).

use std::path::Path;

/// Our crates by layer; a crate may use only crates of a lower layer.
const LAYERS: &[(&str, u32)] = &[
    ("gradus_budgets", 0),
    ("gradus_syntax", 1),
    ("gradus_db", 2),
    ("gradus_stubs", 3),
    ("gradus_resolve", 4),
    ("gradus_index", 5),
    ("gradus_types", 6),
    ("gradus_check", 7),
    ("gradus_project", 8),
    ("gradus_ide", 8),
    ("gradus_server", 9),
    ("gradus", 10),
];

/// Third-party crates confined to one of our crates.
const CONFINED: &[(&str, &str)] = &[
    ("rustpython-parser", "gradus_syntax"),
    ("rustpython-ast", "gradus_syntax"),
    ("tower-lsp", "gradus_server"),
    ("lsp-types", "gradus_server"),
];

fn layer(name: &str) -> Option<u32> {
    LAYERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

fn dependency_names(manifest: &toml::Value) -> Vec<String> {
    let mut names = Vec::new();
    for table in ["dependencies", "dev-dependencies", "build-dependencies"] {
        if let Some(deps) = manifest.get(table).and_then(|d| d.as_table()) {
            names.extend(deps.keys().cloned());
        }
    }
    names
}

/// Directories under `crates/` that the root manifest excludes from the
/// workspace (the fuzz crate): not part of the layered build.
fn excluded_crate_dirs(workspace_root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root.join("Cargo.toml")).unwrap();
    let manifest: toml::Value = toml::from_str(&text).unwrap();
    manifest
        .get("workspace")
        .and_then(|w| w.get("exclude"))
        .and_then(|e| e.as_array())
        .map(|paths| {
            paths
                .iter()
                .filter_map(|p| p.as_str())
                .filter_map(|p| p.strip_prefix("crates/"))
                .map(|p| p.trim_end_matches('/').to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn crates_depend_only_on_lower_layers() {
    let crates_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let excluded = excluded_crate_dirs(&crates_dir.join(".."));
    let mut violations = Vec::new();
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&crates_dir).unwrap() {
        let dir = entry.unwrap().path();
        if dir
            .file_name()
            .is_some_and(|n| excluded.iter().any(|e| n.to_str() == Some(e)))
        {
            continue;
        }
        let manifest_path = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest_path) else {
            continue;
        };
        let manifest: toml::Value = toml::from_str(&text).unwrap();
        let name = manifest["package"]["name"].as_str().unwrap().to_owned();
        let Some(own_layer) = layer(&name) else {
            violations.push(format!(
                "{name} is not in the layer table of this test and ARCHITECTURE.md"
            ));
            continue;
        };
        seen.push(name.clone());
        for dep in dependency_names(&manifest) {
            if let Some(dep_layer) = layer(&dep) {
                if dep_layer >= own_layer {
                    violations.push(format!(
                        "{name} (layer {own_layer}) depends on {dep} (layer {dep_layer})"
                    ));
                }
            }
            if let Some((_, owner)) = CONFINED.iter().find(|(c, _)| *c == dep) {
                if *owner != name {
                    violations.push(format!(
                        "{name} depends on {dep}, which only {owner} may use"
                    ));
                }
            }
        }
    }
    assert_eq!(seen.len(), LAYERS.len(), "crates found: {seen:?}");
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
}
