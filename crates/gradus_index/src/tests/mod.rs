//! Unit tests of the index, over a [`TestDb`].

mod definitions;
mod flow;
mod incremental;
mod reachability;
mod scopes;

use gradus_db::testing::TestDb;
use gradus_db::{system_path_to_file, File};
use gradus_syntax::{LineIndex, TextRange};

use crate::{semantic_index, DefinitionId, ScopeId, SemanticIndex};

/// A file in a test database.
pub(crate) struct Fixture {
    pub db: TestDb,
    pub file: File,
    pub text: String,
}

/// What reaches a point: definition lines (1-based, sorted) and whether the
/// name may be unbound.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub lines: Vec<u32>,
    pub unbound: bool,
}

pub(crate) fn seen(lines: &[u32], unbound: bool) -> Seen {
    Seen {
        lines: lines.to_vec(),
        unbound,
    }
}

impl Fixture {
    pub fn new(src: &str) -> Self {
        let text = src.strip_prefix('\n').unwrap_or(src).to_owned();
        let mut db = TestDb::new(gradus_db::VendoredFileSystem::default());
        db.write_file("/project/main.py", &text);
        let file = system_path_to_file(&db, std::path::Path::new("/project/main.py"))
            .expect("file exists");
        Fixture { db, file, text }
    }

    pub fn index(&self) -> &SemanticIndex {
        semantic_index(&self.db, self.file)
    }

    pub fn line(&self, range: TextRange) -> u32 {
        LineIndex::new(&self.text).line_of(range.start()) + 1
    }

    /// The range of the `nth` (0-based) occurrence of `name` as a whole
    /// word on 1-based `line`.
    pub fn range_on_line(&self, name: &str, line: u32, nth: usize) -> TextRange {
        let index = LineIndex::new(&self.text);
        let start = usize::from(index.line_start(line - 1));
        let line_text = self.text[start..].lines().next().unwrap_or("");
        let bytes = line_text.as_bytes();
        let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut found = 0;
        let mut from = 0;
        while let Some(pos) = line_text[from..].find(name) {
            let at = from + pos;
            let end = at + name.len();
            let before_ok = at == 0 || !is_word(bytes[at - 1]);
            let after_ok = end >= bytes.len() || !is_word(bytes[end]);
            if before_ok && after_ok {
                if found == nth {
                    return TextRange::new(
                        ((start + at) as u32).into(),
                        ((start + end) as u32).into(),
                    );
                }
                found += 1;
            }
            from = at + 1;
        }
        panic!("no occurrence {nth} of {name:?} on line {line}: {line_text:?}");
    }

    fn lines_of(&self, scope: ScopeId, bindings: &crate::Bindings) -> Seen {
        let index = self.index();
        let mut lines: Vec<u32> = bindings
            .definitions()
            .map(|d| self.line(index.definition(DefinitionId { scope, id: d }).target_range))
            .collect();
        lines.sort_unstable();
        Seen {
            lines,
            unbound: bindings.may_be_unbound(),
        }
    }

    /// What reaches the first use of `name` on `line`.
    pub fn use_at(&self, name: &str, line: u32) -> Seen {
        self.use_at_nth(name, line, 0)
    }

    pub fn use_at_nth(&self, name: &str, line: u32, nth: usize) -> Seen {
        let range = self.range_on_line(name, line, nth);
        let (scope, use_id) = self
            .index()
            .use_at(range)
            .unwrap_or_else(|| panic!("no use of {name} on line {line}"));
        let map = self.index().use_def_map(scope);
        self.lines_of(scope, map.bindings_at_use(use_id))
    }

    /// The predicates on the binding from `def_line` reaching the use of
    /// `name` on `line`, as (source text, positive).
    pub fn preds_at(&self, name: &str, line: u32, def_line: u32) -> Vec<(String, bool)> {
        let range = self.range_on_line(name, line, 0);
        let index = self.index();
        let (scope, use_id) = index.use_at(range).expect("use");
        let map = index.use_def_map(scope);
        let live = map
            .bindings_at_use(use_id)
            .iter()
            .find(|b| {
                self.line(
                    index
                        .definition(DefinitionId {
                            scope,
                            id: b.definition,
                        })
                        .target_range,
                ) == def_line
            })
            .unwrap_or_else(|| panic!("no binding from line {def_line}"));
        live.predicates
            .iter()
            .map(|&p| {
                let pred = index.predicate(scope, p);
                (self.text[pred.expr_range].to_owned(), pred.positive)
            })
            .collect()
    }

    /// The first scope named `name`.
    pub fn scope(&self, name: &str) -> ScopeId {
        self.index()
            .scopes()
            .find(|(_, s)| s.name == name)
            .unwrap_or_else(|| panic!("no scope {name}"))
            .0
    }

    /// What reaches the end of scope `scope_name` for `name`.
    pub fn end_of(&self, scope_name: &str, name: &str) -> Seen {
        let scope = self.scope(scope_name);
        let index = self.index();
        let symbol = index.symbol_table(scope).symbol_id(name).expect("symbol");
        self.lines_of(
            scope,
            index.use_def_map(scope).end_of_scope_bindings(symbol),
        )
    }
}
