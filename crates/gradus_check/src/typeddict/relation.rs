//! Assignability involving typed dicts: structural between typed dicts,
//! `Mapping[str, V]` when every value fits `V`, `dict[str, V]` only for a
//! typed dict whose items could all be removed (PEP 728), and nothing but a
//! typed dict is assignable to one.
//!
//! ```python
//! class A(TypedDict):
//!     x: int
//! class B(TypedDict):
//!     x: int
//!     y: str
//! a: A = b            # ok: B has every item of A, with the same types
//! b2: B = a           # error: A has no item `y`
//! m: Mapping[str, object] = b    # ok
//! d: dict[str, object] = b       # error: a typed dict is not a dict
//! ```

use gradus_db::Db;
use gradus_types::{ClassType, KnownClass, Type};

use super::{is_typeddict, schema_of, ExtraItems};

/// Whether instances of `a` are assignable to instances of `b` when a typed
/// dict is involved; `None` when neither is one (or the nominal rules
/// decide: `a` seen as its `Mapping[str, object]` base).
pub fn instance_assignable<'db>(
    db: &'db dyn Db,
    a: ClassType<'db>,
    b: ClassType<'db>,
    depth: usize,
) -> Option<bool> {
    let a_td = is_typeddict(db, a.class(db));
    let b_td = is_typeddict(db, b.class(db));
    if !a_td && !b_td {
        return None;
    }
    if a_td && b_td {
        return Some(structural(db, a, b, depth));
    }
    if b_td {
        // A `dict` (or any other class) may be a subclass that breaks the
        // typed dict's promises; only an unknown class may be one.
        return Some(crate::class::class_mro(db, a.class(db)).has_dynamic);
    }
    let asg = |x: Type<'db>, y: Type<'db>| crate::relation::assignable_at(db, x, y, depth + 1);
    let str_type = crate::semantic::known_instance(db, KnownClass::Str);
    let schema = schema_of(db, a);
    let is_mapping = crate::semantic::module_class(db, "typing", "Mapping")
        .is_some_and(|m| m.class(db) == b.class(db));
    if is_mapping {
        let [k, v] = b.args(db).as_slice() else {
            return None;
        };
        let (k, v) = (*k, *v);
        if !asg(str_type, k) {
            return Some(false);
        }
        let values_fit = schema.fields.iter().all(|f| asg(f.ty, v))
            && schema.extra_item(db).is_none_or(|(t, _)| asg(t, v));
        return Some(values_fit);
    }
    if b.is_known(db, KnownClass::Dict) {
        let [k, v] = b.args(db).as_slice() else {
            return Some(false);
        };
        let (k, v) = (*k, *v);
        let consistent = |t: Type<'db>| asg(t, v) && asg(v, t);
        let ok = asg(str_type, k)
            && asg(k, str_type)
            && matches!(schema.extra, ExtraItems::Typed { ty, read_only: false } if consistent(ty))
            && schema
                .fields
                .iter()
                .all(|f| !f.required && !f.read_only && consistent(f.ty));
        return Some(ok);
    }
    None
}

/// The structural rule between two typed dicts (with `ReadOnly` items and
/// extra items).
fn structural<'db>(db: &'db dyn Db, a: ClassType<'db>, b: ClassType<'db>, depth: usize) -> bool {
    let asg = |x: Type<'db>, y: Type<'db>| crate::relation::assignable_at(db, x, y, depth + 1);
    let sa = schema_of(db, a);
    let sb = schema_of(db, b);
    for fb in &sb.fields {
        match sa.field(&fb.name) {
            Some(fa) => {
                if !asg(fa.ty, fb.ty) {
                    return false;
                }
                if !fb.read_only && (fa.read_only || !asg(fb.ty, fa.ty)) {
                    return false;
                }
                if fb.required && !fa.required {
                    return false;
                }
                if !fb.required && !fb.read_only && fa.required {
                    return false;
                }
            }
            None => {
                // `a`'s extra items stand for the key.
                let (ta, ro_a) = match sa.extra_item(db) {
                    Some(extra) => extra,
                    // Closed: the key is never there (`extra_items=Never`).
                    None => (Type::Never, false),
                };
                if fb.required {
                    return false;
                }
                let fits = if fb.read_only {
                    asg(ta, fb.ty)
                } else {
                    !ro_a && asg(ta, fb.ty) && asg(fb.ty, ta)
                };
                if !fits {
                    return false;
                }
            }
        }
    }
    if sb.extra == ExtraItems::Open {
        return true;
    }
    let (tb, ro_b) = sb.extra_item(db).unwrap_or((Type::Never, true));
    for fa in &sa.fields {
        if sb.field(&fa.name).is_some() {
            continue;
        }
        let fits = if ro_b {
            asg(fa.ty, tb)
        } else {
            !fa.required && !fa.read_only && asg(fa.ty, tb) && asg(tb, fa.ty)
        };
        if !fits {
            return false;
        }
    }
    match sa.extra_item(db) {
        None => true,
        Some((ta, ro_a)) => {
            if ro_b {
                asg(ta, tb)
            } else {
                !ro_a && asg(ta, tb) && asg(tb, ta)
            }
        }
    }
}
