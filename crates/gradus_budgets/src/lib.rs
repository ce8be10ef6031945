//! Every budget that bounds Gradus's time, memory and recursion, in one
//! place, each with what happens past it.
//!
//! A type checker meets generated and adversarial code: a 20,000-term `+`
//! chain, a 3,000-deep class hierarchy, a union of 5,000 literals, an alias
//! that refers to itself. None of them may crash, hang or exhaust memory.
//! Every walk that can recurse or grow is bounded by a constant below, and
//! past it the work degrades instead of failing:
//!
//! - the **parser** refuses the construct with `invalid-syntax` (CPython
//!   refuses it too);
//! - the **engine** gives up on that part, whose type becomes `Unknown`
//!   (compatible with everything, so no false error follows) and, where a
//!   user could act on it, reports a `too-complex` warning at the place;
//! - **internal bookkeeping** (display, narrowing facts, predicate lists)
//!   silently keeps the first N items.
//!
//! ```python
//! x = 1 + 1 + ... + 1   # 3,000 terms: the parser refuses it (CPython too)
//! y = 1 + 1 + ... + 1   # 250 terms: parsed; inference stops at 200 levels,
//!                       # `y` is Unknown and `too-complex` says why
//! ```
//!
//! The crate has no dependencies and is the lowest layer, so the parser
//! facade, the binder, the type data and the engine all read their limits
//! from here.

// ----- parser (gradus_syntax): past these, `invalid-syntax` -----

/// Nesting depth of one expression in the AST (a `+` chain of N terms is
/// N deep). CPython 3.11 compiles a chain of 2,900 terms and fails at
/// 3,000. Walking such an AST needs this many frames: checking threads
/// have [`CHECK_THREAD_STACK`] bytes of stack.
pub const PARSE_MAX_EXPR_DEPTH: usize = 2_500;

/// Estimated nesting operators on one logical line (brackets, unary and
/// binary operators, lambdas); a line above it is refused before parsing.
pub const PARSE_MAX_LINE_COMPLEXITY: u32 = 20_000;

/// Bracket nesting: CPython's limit.
pub const PARSE_MAX_BRACKET_NESTING: usize = 200;

/// Nested f-strings (and format specs): each level is a recursion of the
/// scanner and of the parser.
pub const PARSE_MAX_FSTRING_NESTING: usize = 150;

/// Nested indented blocks: CPython's limit.
pub const PARSE_MAX_INDENT_LEVELS: usize = 100;

/// How often error recovery re-parses one chunk after blanking a bad
/// statement; past it the rest of the chunk is one syntax error.
pub const PARSE_MAX_RECOVERY_ATTEMPTS: usize = 8;

// ----- binder (gradus_index): past these, less is narrowed -----

/// Attribute/subscript chains longer than this (`a.b.c.d...`) are not
/// places: nothing is narrowed for them.
pub const MAX_PLACE_SEGMENTS: usize = 8;

/// Places (`self.x`, `d["k"]`) one scope tracks; later ones are not
/// narrowed (flow states grow with every tracked place).
pub const MAX_PLACES_PER_SCOPE: usize = 128;

/// Narrowing predicates kept per reaching binding (the oldest are dropped).
pub const MAX_PREDICATES: usize = 64;

/// Alternative predicate sets one target keeps at a merge point; past it
/// they are merged (narrowing becomes less precise).
pub const MAX_DISJUNCTS: usize = 4;

/// Reaching bindings of one name that keep all their narrowing predicates
/// at a merge point; older ones keep only the newest
/// [`MAX_PREDICATES_WIDENED`] (they are narrowed less).
pub const MAX_NARROWED_BINDINGS: usize = 16;

/// Predicates an older binding keeps past [`MAX_NARROWED_BINDINGS`].
pub const MAX_PREDICATES_WIDENED: usize = 4;

/// Reaching definitions of one name kept apart at a merge point; older
/// ones collapse into the name's declared type (`Unknown` without one).
/// Bounds the work and memory of every use of a name that a long
/// function rebinds under conditions over and over.
pub const MAX_LIVE_BINDINGS: usize = 64;

// ----- type data (gradus_types) -----

/// Elements a union keeps; a larger union is `Unknown`.
pub const MAX_UNION_ELEMENTS: usize = 4096;

/// Deeper parts of a type are displayed as `...`.
pub const MAX_DISPLAY_DEPTH: usize = 32;

// ----- engine (gradus_check): past these, `Unknown` -----

/// Rounds of fixpoint iteration for a definition whose type depends on
/// itself (a loop's back edge); past it the definition is `Unknown`.
pub const MAX_CYCLE_ROUNDS: u32 = 8;

/// Nesting of expressions inference follows; deeper parts are `Unknown`
/// and reported as `too-complex`.
pub const INFER_MAX_EXPR_DEPTH: usize = 200;

/// Nesting of statements the checker follows (the parser's block limit is
/// lower); deeper bodies are not checked and reported as `too-complex`.
pub const CHECK_MAX_STMT_DEPTH: usize = 128;

/// Nesting of type expressions (string annotations can nest); deeper
/// parts are `Unknown` and reported as `too-complex`.
pub const MAX_ANNOTATION_DEPTH: usize = 64;

/// Classes the C3 merge of one class's bases may handle (its cost is about
/// the square of that). Past it the bases' orders are concatenated without
/// the consistency check, lookups that miss are `Unknown`, and the class
/// statement gets a `too-complex` warning.
pub const MAX_MRO_MERGE: usize = 512;

/// Depth of an assignability check; deeper checks answer "assignable", so
/// a pathological type never becomes an error.
pub const MAX_RELATION_DEPTH: usize = 64;

/// Depth of a type-variable substitution; deeper parts stay as they are.
pub const MAX_SUBSTITUTION_DEPTH: usize = 32;

/// Elements a `len(t) == n` test may add to a tuple with an unbounded part
/// (`tuple[int, ...]` narrowed to `n` ints); past it the tuple is kept as
/// it is.
pub const MAX_TUPLE_LEN_EXPANSION: usize = 16;

/// Nesting of a narrowing predicate (`not (a and (b or ...))`); deeper
/// predicates narrow nothing.
pub const MAX_NARROW_DEPTH: usize = 16;

/// Classes one made-up intersection class (`<subclass of A and B>`,
/// from `isinstance` narrowing) inherits from; past it the narrowed type
/// stays the first class.
pub const MAX_INTERSECTION_CLASSES: usize = 8;

/// Argument lists overload evaluation tries by expanding union, bool, enum
/// and tuple arguments; past it the call is evaluated without expansion.
pub const MAX_OVERLOAD_EXPANSIONS: usize = 64;

/// `from m import X` hops followed to find what an alias refers to.
pub const MAX_ALIAS_HOPS: usize = 8;

/// Nested copies of one recursive alias that are unrolled; deeper
/// references stay as the alias itself.
pub const MAX_ALIAS_UNROLL: usize = 6;

/// Inline alias evaluations one top-level alias evaluation may make; past
/// it, references are `Unknown`.
pub const ALIAS_UNROLL_BUDGET: usize = 256;

/// Depth of the type-variable walk over an alias's value.
pub const ALIAS_MAX_WALK_DEPTH: usize = 64;

/// Depth of the variance walk over a type; deeper occurrences are ignored.
pub const VARIANCE_MAX_WALK_DEPTH: usize = 32;

/// Fixpoint rounds of variance inference for classes that refer to
/// themselves; past it the last estimate stands.
pub const VARIANCE_MAX_ROUNDS: usize = 4;

/// Statement nesting searched for `return`s of an unannotated function;
/// deeper ones are not seen.
pub const MAX_RETURN_SEARCH_DEPTH: usize = 64;

/// Statement nesting counted by `gradus coverage`.
pub const MAX_COVERAGE_DEPTH: usize = 100;

/// Re-export hops (`from a import x`, `a` importing `x` from `b` ...)
/// followed by go-to-definition and hover.
pub const MAX_IMPORT_HOPS: usize = 8;

/// Protocol members compared in one structural check; later members are
/// not compared.
pub const MAX_PROTOCOL_MEMBERS: usize = 64;

// ----- threads and I/O -----

/// Stack of each checking thread (CLI and server): deep ASTs are walked
/// recursively up to [`PARSE_MAX_EXPR_DEPTH`].
pub const CHECK_THREAD_STACK: usize = 64 * 1024 * 1024;

/// An LSP frame larger than this is treated as a corrupt header.
pub const MAX_LSP_FRAME: usize = 1 << 30;
