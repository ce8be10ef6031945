//! Tuple shapes: a fixed prefix, at most one unbounded (variadic) part, and
//! a fixed suffix.
//!
//! ```python
//! a: tuple[int, str]                    # fixed: elements [int, str]
//! b: tuple[int, ...]                    # homogeneous: [int], variadic 0
//! c: tuple[int, *tuple[str, ...], int]  # [int, str, int], variadic 1
//! ```
//!
//! The element at the variadic index stands for zero or more values of
//! that type. Indexing, slicing, concatenation and length narrowing are
//! computed here on the shape, so every caller agrees on them.

use crate::{union, TupleType, Type, TypeVarKind};

impl<'db> TupleType<'db> {
    /// A fixed-length tuple `tuple[A, B]`.
    pub fn fixed(db: &'db dyn gradus_db::Db, elements: Vec<Type<'db>>) -> Self {
        TupleType::new(db, elements, None)
    }

    /// The homogeneous `tuple[T, ...]`.
    pub fn homogeneous_of(db: &'db dyn gradus_db::Db, element: Type<'db>) -> Self {
        TupleType::new(db, vec![element], Some(0))
    }

    /// `tuple[*prefix, *tuple[variadic, ...], *suffix]`.
    pub fn with_variadic(
        db: &'db dyn gradus_db::Db,
        prefix: &[Type<'db>],
        variadic: Type<'db>,
        suffix: &[Type<'db>],
    ) -> Self {
        let mut elements = Vec::with_capacity(prefix.len() + suffix.len() + 1);
        elements.extend_from_slice(prefix);
        elements.push(variadic);
        elements.extend_from_slice(suffix);
        TupleType::new(db, elements, Some(prefix.len()))
    }

    /// A tuple of the same shape (`elements` as long as this one's).
    pub fn with_elements(self, db: &'db dyn gradus_db::Db, elements: Vec<Type<'db>>) -> Self {
        let variadic = self.variadic(db).filter(|&i| i < elements.len());
        TupleType::new(db, elements, variadic)
    }

    /// Whether the length is fixed (no unbounded part).
    pub fn is_fixed(self, db: &'db dyn gradus_db::Db) -> bool {
        self.variadic(db).is_none()
    }

    /// Whether this is exactly `tuple[T, ...]`.
    pub fn is_homogeneous(self, db: &'db dyn gradus_db::Db) -> bool {
        self.variadic(db).is_some() && self.elements(db).len() == 1
    }

    /// The elements of a fixed-length tuple.
    pub fn fixed_elements(self, db: &'db dyn gradus_db::Db) -> Option<&'db [Type<'db>]> {
        self.is_fixed(db).then(|| self.elements(db).as_slice())
    }

    /// The elements before the unbounded part (all of a fixed tuple's).
    pub fn prefix(self, db: &'db dyn gradus_db::Db) -> &'db [Type<'db>] {
        let elements = self.elements(db);
        match self.variadic(db) {
            Some(i) => &elements[..i.min(elements.len())],
            None => elements,
        }
    }

    /// The elements after the unbounded part (none for a fixed tuple).
    pub fn suffix(self, db: &'db dyn gradus_db::Db) -> &'db [Type<'db>] {
        let elements = self.elements(db);
        match self.variadic(db) {
            Some(i) => &elements[(i + 1).min(elements.len())..],
            None => &[],
        }
    }

    /// The element type of the unbounded part.
    pub fn variadic_element(self, db: &'db dyn gradus_db::Db) -> Option<Type<'db>> {
        self.variadic(db)
            .and_then(|i| self.elements(db).get(i).copied())
    }

    /// The index of a `*Ts` element (a TypeVarTuple, which stands for any
    /// number of elements until it is substituted): such a tuple's length
    /// is not known, so shape operations stay conservative on it.
    pub fn type_var_tuple_index(self, db: &'db dyn gradus_db::Db) -> Option<usize> {
        self.elements(db).iter().position(
            |e| matches!(e, Type::TypeVar(tv) if tv.kind(db) == TypeVarKind::TypeVarTuple),
        )
    }

    /// The smallest length a value of this tuple can have.
    pub fn min_len(self, db: &'db dyn gradus_db::Db) -> usize {
        let fixed = self.prefix(db).len() + self.suffix(db).len();
        if self.type_var_tuple_index(db).is_some() {
            fixed.saturating_sub(1)
        } else {
            fixed
        }
    }

    /// The type of any element (what iteration yields).
    pub fn element_union(self, db: &'db dyn gradus_db::Db) -> Type<'db> {
        union(db, self.elements(db).iter().copied())
    }

    /// `t[i]` for an integer literal `i`; `None` when `i` is out of range
    /// for every value of the tuple.
    pub fn index(self, db: &'db dyn gradus_db::Db, i: i64) -> Option<Type<'db>> {
        let (prefix, suffix) = (self.prefix(db), self.suffix(db));
        let Some(variadic) = self.variadic_element(db) else {
            let len = prefix.len() as i64;
            if let Some(j) = self.type_var_tuple_index(db) {
                // `tuple[int, *Ts, str]`: exact before and after `*Ts`.
                let exact = if i >= 0 {
                    (i as usize) < j
                } else {
                    i.unsigned_abs() <= (prefix.len() - 1 - j) as u64
                };
                let k = if i < 0 { len + i } else { i };
                return Some(if exact {
                    prefix[k as usize]
                } else {
                    Type::UNKNOWN
                });
            }
            let k = if i < 0 { len + i } else { i };
            return usize::try_from(k).ok().and_then(|k| prefix.get(k).copied());
        };
        if i >= 0 {
            let i = usize::try_from(i).unwrap_or(usize::MAX);
            if let Some(&e) = prefix.get(i) {
                return Some(e);
            }
            // Past the prefix: the unbounded part or one of the first
            // suffix elements.
            let reach = (i - prefix.len()).saturating_add(1).min(suffix.len());
            Some(union(
                db,
                std::iter::once(variadic).chain(suffix[..reach].iter().copied()),
            ))
        } else {
            let back = usize::try_from(i.unsigned_abs()).unwrap_or(usize::MAX);
            if back <= suffix.len() {
                return Some(suffix[suffix.len() - back]);
            }
            let reach = (back - suffix.len()).min(prefix.len());
            Some(union(
                db,
                prefix[prefix.len() - reach..]
                    .iter()
                    .copied()
                    .chain(std::iter::once(variadic)),
            ))
        }
    }

    /// `t[start:stop]` (step 1) with literal bounds; `None` when the result
    /// has no simple tuple form.
    pub fn slice(
        self,
        db: &'db dyn gradus_db::Db,
        start: Option<i64>,
        stop: Option<i64>,
    ) -> Option<Self> {
        let elements = self.elements(db);
        if let Some(j) = self.type_var_tuple_index(db) {
            // Only cuts that keep `*Ts` whole are exact.
            let len = elements.len();
            let lo = match start {
                None => 0,
                Some(s) if s >= 0 && (s as usize) <= j => s as usize,
                _ => return None,
            };
            let hi = match stop {
                None => len,
                Some(s) if s < 0 && s.unsigned_abs() <= (len - 1 - j) as u64 => {
                    len - s.unsigned_abs() as usize
                }
                _ => return None,
            };
            return Some(self.with_elements(db, elements[lo..hi].to_vec()));
        }
        if self.is_fixed(db) {
            let len = elements.len() as i64;
            let clamp = |v: i64| (if v < 0 { len + v } else { v }).clamp(0, len) as usize;
            let lo = start.map_or(0, clamp);
            let hi = stop.map_or(elements.len(), clamp);
            return Some(TupleType::fixed(
                db,
                elements.get(lo..hi).map(<[_]>::to_vec).unwrap_or_default(),
            ));
        }
        let (prefix, suffix) = (self.prefix(db), self.suffix(db));
        let variadic = self.variadic_element(db)?;
        // Only cuts that stay inside the prefix (from the front) and the
        // suffix (from the back) keep an exact shape.
        let lo = match start {
            None => 0,
            Some(s) if s >= 0 && (s as usize) <= prefix.len() => s as usize,
            _ => return None,
        };
        let drop_back = match stop {
            None => 0,
            Some(s) if s < 0 && (s.unsigned_abs() as usize) <= suffix.len() => {
                s.unsigned_abs() as usize
            }
            _ => return None,
        };
        Some(TupleType::with_variadic(
            db,
            &prefix[lo..],
            variadic,
            &suffix[..suffix.len() - drop_back],
        ))
    }

    /// `self + other`.
    pub fn concat(self, db: &'db dyn gradus_db::Db, other: Self) -> Self {
        match (self.variadic_element(db), other.variadic_element(db)) {
            (None, None) => {
                let mut elements = self.elements(db).clone();
                elements.extend(other.elements(db).iter().copied());
                TupleType::fixed(db, elements)
            }
            (None, Some(v)) => {
                let mut prefix = self.elements(db).clone();
                prefix.extend(other.prefix(db).iter().copied());
                TupleType::with_variadic(db, &prefix, v, other.suffix(db))
            }
            (Some(v), None) => {
                let mut suffix = self.suffix(db).to_vec();
                suffix.extend(other.elements(db).iter().copied());
                TupleType::with_variadic(db, self.prefix(db), v, &suffix)
            }
            (Some(a), Some(b)) => {
                // Two unbounded parts merge into one holding everything
                // between the outer prefix and suffix.
                let middle = union(
                    db,
                    std::iter::once(a)
                        .chain(self.suffix(db).iter().copied())
                        .chain(other.prefix(db).iter().copied())
                        .chain(std::iter::once(b)),
                );
                TupleType::with_variadic(db, self.prefix(db), middle, other.suffix(db))
            }
        }
    }

    /// This tuple's values of length exactly `n`: a fixed tuple, or `None`
    /// when it has no value of that length.
    pub fn with_len(self, db: &'db dyn gradus_db::Db, n: usize) -> Option<Self> {
        if self.type_var_tuple_index(db).is_some() {
            return (n >= self.min_len(db)).then_some(self);
        }
        let Some(variadic) = self.variadic_element(db) else {
            return (self.elements(db).len() == n).then_some(self);
        };
        let min = self.min_len(db);
        if n < min {
            return None;
        }
        let mut elements = self.prefix(db).to_vec();
        elements.extend(std::iter::repeat_n(variadic, n - min));
        elements.extend(self.suffix(db).iter().copied());
        Some(TupleType::fixed(db, elements))
    }

    /// This tuple's values of length at least `n` (`None` when there are
    /// none): `tuple[int, ...]` with `n == 2` is
    /// `tuple[int, int, *tuple[int, ...]]`.
    pub fn with_min_len(self, db: &'db dyn gradus_db::Db, n: usize) -> Option<Self> {
        if self.type_var_tuple_index(db).is_some() {
            return Some(self);
        }
        let Some(variadic) = self.variadic_element(db) else {
            return (self.elements(db).len() >= n).then_some(self);
        };
        let min = self.min_len(db);
        if n <= min {
            return Some(self);
        }
        let mut prefix = self.prefix(db).to_vec();
        prefix.extend(std::iter::repeat_n(variadic, n - min));
        Some(TupleType::with_variadic(
            db,
            &prefix,
            variadic,
            self.suffix(db),
        ))
    }

    /// The type of the elements between the first `before` and the last
    /// `after` (what `a, *rest, b = t` puts in `rest`); `Never` when there
    /// are none.
    pub fn between(self, db: &'db dyn gradus_db::Db, before: usize, after: usize) -> Type<'db> {
        let (prefix, suffix) = (self.prefix(db), self.suffix(db));
        match self.variadic_element(db) {
            None => {
                let end = prefix.len().saturating_sub(after);
                union(db, prefix.get(before..end).unwrap_or(&[]).iter().copied())
            }
            Some(variadic) => union(
                db,
                prefix[before.min(prefix.len())..]
                    .iter()
                    .copied()
                    .chain(std::iter::once(variadic))
                    .chain(
                        suffix[..suffix.len() - after.min(suffix.len())]
                            .iter()
                            .copied(),
                    ),
            ),
        }
    }
}

/// The join of two rounds of a fixpoint, `last` and `value`: when `value`
/// has a tuple longer than every tuple of `last`, the tuples of both become
/// homogeneous (`tuple[int]` then `tuple[int, int]` is `tuple[int, ...]`),
/// so that `t = t + (x,)` in a loop converges instead of growing the
/// tuple by one element a round. The empty tuple stays as it is.
pub fn join_widening_tuples<'db>(
    db: &'db dyn gradus_db::Db,
    last: Type<'db>,
    value: Type<'db>,
) -> Type<'db> {
    let longest = |ty: Type<'db>| {
        ty.union_elements(db)
            .into_iter()
            .filter_map(|e| match e {
                Type::Tuple(t) => Some(t.min_len(db)),
                _ => None,
            })
            .max()
    };
    let grows = match (longest(last), longest(value)) {
        (Some(a), Some(b)) => b > a,
        _ => false,
    };
    if !grows {
        return union(db, [last, value]);
    }
    union(
        db,
        last.union_elements(db)
            .into_iter()
            .chain(value.union_elements(db))
            .map(|e| match e {
                Type::Tuple(t) if !t.elements(db).is_empty() && !t.is_homogeneous(db) => {
                    Type::Tuple(TupleType::homogeneous_of(db, t.element_union(db)))
                }
                other => other,
            }),
    )
}
