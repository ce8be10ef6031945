//! Hover and navigation from the type engine: what the identifier under the
//! cursor resolves to ([`gradus_check::ide::resolve_at`]) and its type,
//! rendered the way users read Python.
//!
//! ```python
//! xs = [1, 2]          # hover `xs` → (variable) xs: list[int]
//! xs.append(3)         # hover `append` → (method) def append(object: int) -> None
//!                      # definition → `def append` in builtins.pyi
//! ```

use gradus_check::ide::{
    self, docstring, expression_type, resolve_at, site_type, DefinitionSite, Role, SiteKind,
};
use gradus_db::{parsed_module, Db, File};
use gradus_index::locate::NodeRef;
use gradus_syntax::ast::Expr;
use gradus_syntax::{TextRange, TextSize};
use gradus_types::{Signature, Type};

use crate::nav::{HoverResult, NavigationTarget};

/// A definition site as a navigation target.
pub(crate) fn target(site: &DefinitionSite) -> NavigationTarget {
    NavigationTarget {
        file: site.file,
        full_range: site.full_range,
        focus_range: site.focus_range,
        name: site.name.clone(),
    }
}

/// The definitions of the identifier at `offset` (names, attributes,
/// parameters, keyword arguments).
pub(crate) fn definitions(db: &dyn Db, file: File, offset: TextSize) -> Vec<NavigationTarget> {
    let Some(resolved) = resolve_at(db, file, offset) else {
        return Vec::new();
    };
    resolved.sites.iter().map(target).collect()
}

/// The class definitions of the type of the identifier or expression at
/// `offset` (`x` of type `list[int]` → `class list`).
pub fn goto_type_definition(db: &dyn Db, file: File, offset: TextSize) -> Vec<NavigationTarget> {
    let Some(ty) = type_under_cursor(db, file, offset).map(|(_, ty)| ty) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for element in ty.union_elements(db) {
        let site = match element {
            Type::Instance(c) | Type::ClassObject(c) | Type::SubclassOf(c) => {
                let class = c.class(db);
                Some(ide::definition_site(
                    db,
                    class.file(db),
                    class.definition(db),
                ))
            }
            Type::Module(m) => ide::module_site(db, m.name(db)),
            Type::Function(f) => Some(ide::definition_site(db, f.file(db), f.definition(db))),
            Type::BoundMethod(m) => {
                let f = m.function(db);
                Some(ide::definition_site(db, f.file(db), f.definition(db)))
            }
            _ => None,
        };
        if let Some(site) = site {
            let t = target(&site);
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The range and type of what is under the cursor: the identifier's
/// expression (a use, a target, an attribute), else the innermost
/// expression.
fn type_under_cursor(db: &dyn Db, file: File, offset: TextSize) -> Option<(TextRange, Type<'_>)> {
    let module = parsed_module(db, file);
    let resolved = resolve_at(db, file, offset);
    if let Some(r) = &resolved {
        let path = ide::node_path(&module, r.range.start());
        match path.last() {
            Some(NodeRef::Expr(e @ Expr::Name(n))) if n.range == r.range => {
                return Some((r.range, expression_type(db, file, e)));
            }
            Some(NodeRef::Expr(e @ Expr::Attribute(a))) if a.range.end() == r.range.end() => {
                return Some((r.range, expression_type(db, file, e)));
            }
            _ => {}
        }
        let site = r.sites.first()?;
        return Some((r.range, site_type(db, site)?));
    }
    let expr = ide::expr_at(&module, offset)?;
    Some((expr_range(expr), expression_type(db, file, expr)))
}

fn expr_range(expr: &Expr) -> TextRange {
    gradus_syntax::ast::Ranged::range(expr)
}

/// Hover from types: the type of what is under the cursor, a declaration's
/// signature, the docstring.
pub(crate) fn hover(db: &dyn Db, file: File, offset: TextSize) -> Option<HoverResult> {
    let resolved = resolve_at(db, file, offset);
    let (range, ty) = type_under_cursor(db, file, offset)?;
    let Some(resolved) = resolved else {
        // A literal or another expression: its type alone.
        if ty.is_unknown() {
            return None;
        }
        return Some(HoverResult {
            range,
            markdown: code_block(&ty.display(db).to_string()),
        });
    };
    let name = resolved.name.as_str();
    let site = resolved.sites.first();
    let kind = site.map(|s| s.kind);
    let header = match ty {
        Type::Function(f) => function_header(
            db,
            f.name(db),
            &ide::function_signature(db, f),
            f.overloads(db),
        ),
        Type::BoundMethod(m) => {
            let f = m.function(db);
            let bound: Vec<Signature<'_>> = f.overloads(db).iter().map(|s| s.bind_self()).collect();
            format!(
                "(method) {}",
                function_header(
                    db,
                    f.name(db),
                    &ide::function_signature(db, f).bind_self(),
                    &bound
                )
            )
        }
        Type::ClassObject(c) if matches!(kind, Some(SiteKind::Class)) || c.name(db) == name => {
            let args = c.args(db);
            let shown = if args.is_empty() {
                c.name(db).to_owned()
            } else {
                Type::Instance(c).display(db).to_string()
            };
            // The constructor's parameters, as a call would take them.
            let init = ide::callee_signatures(db, ty)
                .into_iter()
                .next()
                .filter(|s| !s.signature.parameters.is_empty() || s.site.is_some());
            match init {
                Some(init) => {
                    let (params, _) = crate::signature::format_signature(
                        db,
                        "",
                        &gradus_types::Signature {
                            return_type: Type::UNKNOWN,
                            ..init.signature
                        },
                    );
                    format!("class {shown}{params}")
                }
                None => format!("class {shown}"),
            }
        }
        Type::Module(m) => format!("(module) {}", m.name(db)),
        _ => {
            let label = match (resolved.role, kind) {
                (_, Some(SiteKind::Parameter)) => "parameter",
                (_, Some(SiteKind::TypeParameter)) => "type parameter",
                (Role::Attribute, _) | (_, Some(SiteKind::InstanceAttribute)) => "attribute",
                (_, Some(SiteKind::Method)) => "attribute",
                _ => "variable",
            };
            format!("({label}) {name}: {}", ty.display(db))
        }
    };
    let mut markdown = code_block(&header);
    let doc_site = resolved.sites.iter().find_map(|s| docstring(db, s));
    let doc = doc_site.or_else(|| match ty {
        Type::Function(f) => docstring(db, &ide::definition_site(db, f.file(db), f.definition(db))),
        Type::BoundMethod(m) => {
            let f = m.function(db);
            docstring(db, &ide::definition_site(db, f.file(db), f.definition(db)))
        }
        Type::ClassObject(c) => {
            let class = c.class(db);
            docstring(
                db,
                &ide::definition_site(db, class.file(db), class.definition(db)),
            )
        }
        Type::Module(m) => ide::module_site(db, m.name(db)).and_then(|s| docstring(db, &s)),
        _ => None,
    });
    if let Some(doc) = doc {
        markdown.push_str("\n---\n");
        markdown.push_str(&doc);
    }
    Some(HoverResult {
        range: resolved.range,
        markdown,
    })
}

fn code_block(code: &str) -> String {
    format!("```python\n{code}\n```")
}

/// `def name(params) -> ret`, one line per overload.
pub(crate) fn function_header(
    db: &dyn Db,
    name: &str,
    signature: &Signature<'_>,
    overloads: &[Signature<'_>],
) -> String {
    if overloads.is_empty() {
        return format!("def {name}{}", signature_text(db, signature));
    }
    overloads
        .iter()
        .map(|s| format!("@overload\ndef {name}{}", signature_text(db, s)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `(a: int, b: str = ...) -> bool` (unknown types left out).
pub(crate) fn signature_text(db: &dyn Db, signature: &Signature<'_>) -> String {
    crate::signature::format_signature(db, "", signature).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::test_db;

    fn at(src: &str, needle: &str) -> TextSize {
        TextSize::from(src.find(needle).unwrap() as u32)
    }

    #[test]
    fn hover_shows_types_signatures_and_docstrings() {
        let src = "\
def greet(name: str, times: int = 1) -> str:
    \"\"\"Say hello.\"\"\"
    return name * times

class Box:
    \"\"\"A box.\"\"\"
    def __init__(self, size: int) -> None:
        self.size = size

xs = [1, 2]
b = Box(3)
greet('a')
b.size
xs.append(3)
";
        let (db, files) = test_db(&[("/project/a.py", src)]);
        let hover = |needle: &str| hover(&db, files[0], at(src, needle)).unwrap().markdown;
        assert_eq!(
            hover("greet('a')"),
            "```python\ndef greet(name: str, times: int = ...) -> str\n```\n---\nSay hello."
        );
        assert_eq!(hover("xs = "), "```python\n(variable) xs: list[int]\n```");
        assert_eq!(
            hover("Box(3)"),
            "```python\nclass Box(size: int)\n```\n---\nA box."
        );
        assert_eq!(hover("size\nxs"), "```python\n(attribute) size: int\n```");
        assert!(
            hover("append").starts_with("```python\n(method) def append("),
            "{}",
            hover("append")
        );
        assert_eq!(hover("name: str"), "```python\n(parameter) name: str\n```");
        // Unannotated parameters show no `Unknown`; the return is inferred.
        let src3 = "def twice(x, n=2):\n    return [x] * n\ntwice(1)\n";
        let (db3, files3) = test_db(&[("/project/c.py", src3)]);
        let h = super::hover(&db3, files3[0], at(src3, "twice(1)"))
            .unwrap()
            .markdown;
        assert!(h.starts_with("```python\ndef twice(x, n = ...)"), "{h}");
        // Builtins: the signature from the embedded stub.
        let src2 = "n = len([1])\n";
        let (db2, files2) = test_db(&[("/project/b.py", src2)]);
        let h = super::hover(&db2, files2[0], at(src2, "len"))
            .unwrap()
            .markdown;
        assert!(h.starts_with("```python\ndef len("), "{h}");
        assert!(h.contains("-> int"), "{h}");
    }

    #[test]
    fn definitions_of_names_attributes_and_types() {
        let a = "class Node:\n    def walk(self) -> 'Node':\n        return self\n";
        let b = "from a import Node\n\nn = Node()\nn.walk()\nprint(n)\n";
        let (db, files) = test_db(&[("/project/a.py", a), ("/project/b.py", b)]);
        let defs = definitions(&db, files[1], at(b, "walk()"));
        assert_eq!(defs.len(), 1);
        assert_eq!(defs[0].file, files[0]);
        assert_eq!(&a[defs[0].focus_range], "walk");
        let defs = definitions(&db, files[1], at(b, "Node()"));
        assert_eq!(defs[0].file, files[0]);
        assert_eq!(&a[defs[0].focus_range], "Node");
        // `print` lives in the embedded builtins stub.
        let defs = definitions(&db, files[1], at(b, "print"));
        assert!(defs[0].file.path(&db).is_stub());
        // A keyword argument: the parameter of the callee.
        let c = "from a import Node\n\ndef make(count: int) -> Node: ...\nmake(count=1)\n";
        let (db, files) = test_db(&[("/project/a.py", a), ("/project/c.py", c)]);
        let defs = definitions(&db, files[1], at(c, "count=1"));
        assert_eq!(defs.len(), 1);
        assert_eq!(defs[0].focus_range.start(), at(c, "count: int"));
        let h = hover(&db, files[1], at(c, "count=1")).unwrap();
        assert_eq!(h.markdown, "```python\n(parameter) count: int\n```");
        let (db, files) = test_db(&[("/project/a.py", a), ("/project/b.py", b)]);
        // Type definition of `n`: the class.
        let defs = goto_type_definition(&db, files[1], at(b, "n)"));
        assert_eq!(defs.len(), 1);
        assert_eq!(&a[defs[0].focus_range], "Node");
    }
}
