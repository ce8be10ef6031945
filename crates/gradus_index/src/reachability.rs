//! Static reachability: code the checker should not check.
//!
//! Code after `return`, `raise`, `break` or `continue` never runs, and
//! neither does a branch whose test is known before the program runs:
//!
//! ```python
//! import sys
//! from typing import TYPE_CHECKING
//!
//! if TYPE_CHECKING:
//!     from _typeshed import StrPath    # reachable (the checker's view)
//! else:
//!     StrPath = str                    # unreachable
//! if sys.version_info >= (3, 11):      # decided by the target version
//!     from typing import Self
//! else:
//!     from typing_extensions import Self
//! if sys.platform == "win32":          # decided by the target platform
//!     import winreg                    # (unless the platform is "all")
//! ```
//!
//! Definitions in unreachable code are still recorded (the IDE can show
//! them) but never flow out, and uses there are flagged unreachable in the
//! use-def map. [`SemanticIndex::is_range_reachable`](crate::SemanticIndex::is_range_reachable)
//! answers for any range; calls to `NoReturn` functions need types and are
//! left to the type engine.

use gradus_db::{PythonPlatform, PythonVersion};
use gradus_syntax::ast::{self, Constant, Expr};

/// The truthiness of `test` if it is known statically: `True`/`False` and
/// other constants, `TYPE_CHECKING` (any `X.TYPE_CHECKING`),
/// `sys.version_info` comparisons with a tuple, `sys.platform` comparisons
/// and `sys.platform.startswith(...)`, and `not`/`and`/`or` of those.
pub fn static_truthiness(
    test: &Expr,
    version: PythonVersion,
    platform: &PythonPlatform,
) -> Option<bool> {
    static_truthiness_at(test, version, platform, 0)
}

fn static_truthiness_at(
    test: &Expr,
    version: PythonVersion,
    platform: &PythonPlatform,
    depth: u32,
) -> Option<bool> {
    if depth > 32 {
        return None;
    }
    match test {
        Expr::Constant(c) => constant_truthiness(&c.value),
        Expr::Name(n) if n.id.as_str() == "TYPE_CHECKING" => Some(true),
        Expr::Attribute(a)
            if a.attr.as_str() == "TYPE_CHECKING" && matches!(&*a.value, Expr::Name(_)) =>
        {
            Some(true)
        }
        Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => {
            static_truthiness_at(&u.operand, version, platform, depth + 1).map(|b| !b)
        }
        Expr::BoolOp(b) => {
            let values: Vec<Option<bool>> = b
                .values
                .iter()
                .map(|v| static_truthiness_at(v, version, platform, depth + 1))
                .collect();
            match b.op {
                ast::BoolOp::And => {
                    if values.contains(&Some(false)) {
                        Some(false)
                    } else if values.iter().all(|v| *v == Some(true)) {
                        Some(true)
                    } else {
                        None
                    }
                }
                ast::BoolOp::Or => {
                    if values.contains(&Some(true)) {
                        Some(true)
                    } else if values.iter().all(|v| *v == Some(false)) {
                        Some(false)
                    } else {
                        None
                    }
                }
            }
        }
        Expr::Compare(c) if c.ops.len() == 1 && c.comparators.len() == 1 => {
            let op = c.ops[0];
            let right = &c.comparators[0];
            if is_sys_attr(&c.left, "version_info") {
                let tuple = int_tuple(right)?;
                return compare_version(version, &tuple, op);
            }
            if is_sys_attr(&c.left, "platform") {
                let PythonPlatform::Named(name) = platform else {
                    return None;
                };
                let Expr::Constant(ast::ExprConstant {
                    value: Constant::Str(s),
                    ..
                }) = right
                else {
                    return None;
                };
                return match op {
                    ast::CmpOp::Eq => Some(name == s),
                    ast::CmpOp::NotEq => Some(name != s),
                    _ => None,
                };
            }
            None
        }
        Expr::Call(call) if call.args.len() == 1 && call.keywords.is_empty() => {
            // sys.platform.startswith("linux")
            let Expr::Attribute(method) = &*call.func else {
                return None;
            };
            if method.attr.as_str() != "startswith" || !is_sys_attr(&method.value, "platform") {
                return None;
            }
            let PythonPlatform::Named(name) = platform else {
                return None;
            };
            match &call.args[0] {
                Expr::Constant(ast::ExprConstant {
                    value: Constant::Str(prefix),
                    ..
                }) => Some(name.starts_with(prefix.as_str())),
                _ => None,
            }
        }
        _ => None,
    }
}

fn constant_truthiness(value: &Constant) -> Option<bool> {
    match value {
        Constant::None => Some(false),
        Constant::Bool(b) => Some(*b),
        Constant::Str(s) => Some(!s.is_empty()),
        Constant::Bytes(b) => Some(!b.is_empty()),
        Constant::Int(i) => Some(i.to_string() != "0"),
        Constant::Float(f) => Some(*f != 0.0),
        Constant::Complex { real, imag } => Some(*real != 0.0 || *imag != 0.0),
        Constant::Ellipsis => Some(true),
        Constant::Tuple(t) => Some(!t.is_empty()),
    }
}

/// `sys.<attr>`.
fn is_sys_attr(expr: &Expr, attr: &str) -> bool {
    matches!(expr, Expr::Attribute(a)
        if a.attr.as_str() == attr && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "sys"))
}

/// A tuple of small non-negative integers, such as `(3, 10)`.
fn int_tuple(expr: &Expr) -> Option<Vec<u32>> {
    let Expr::Tuple(t) = expr else {
        return None;
    };
    if t.elts.is_empty() {
        return None;
    }
    t.elts
        .iter()
        .map(|e| match e {
            Expr::Constant(ast::ExprConstant {
                value: Constant::Int(i),
                ..
            }) => i.to_string().parse::<u32>().ok(),
            _ => None,
        })
        .collect()
}

/// `sys.version_info <op> tuple` where `sys.version_info` is
/// `(major, minor, micro, ...)` with an unknown micro.
fn compare_version(version: PythonVersion, tuple: &[u32], op: ast::CmpOp) -> Option<bool> {
    use std::cmp::Ordering;
    let known = [u32::from(version.major), u32::from(version.minor)];
    let mut ordering = Ordering::Equal;
    for (i, &value) in tuple.iter().enumerate() {
        let Some(&ours) = known.get(i) else {
            // Comparing the micro version: unknown.
            return None;
        };
        ordering = ours.cmp(&value);
        if ordering != Ordering::Equal {
            break;
        }
    }
    if ordering == Ordering::Equal {
        // `version_info` has more elements than the tuple: it is greater.
        ordering = Ordering::Greater;
    }
    match op {
        ast::CmpOp::Lt => Some(ordering == Ordering::Less),
        ast::CmpOp::LtE => Some(ordering != Ordering::Greater),
        ast::CmpOp::Gt => Some(ordering == Ordering::Greater),
        ast::CmpOp::GtE => Some(ordering != Ordering::Less),
        ast::CmpOp::Eq => Some(false),
        ast::CmpOp::NotEq => Some(true),
        _ => None,
    }
}
