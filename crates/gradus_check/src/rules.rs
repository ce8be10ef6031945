//! The rule registry: every diagnostic code with its default severity and its
//! documentation. Codes are stable kebab-case names that users put in
//! configuration (`[tool.gradus.rules]`), on the command line (`--warn CODE`)
//! and in suppression comments (`# gradus: ignore[CODE]`); `gradus rules`
//! lists them and `gradus explain CODE` prints the documentation.
//!
//! # Adding a rule
//!
//! Add one entry to the [`declare_rules!`] block below — the constant, its
//! code, default severity and documentation, and the mypy error codes that
//! mean the same thing (so `# type: ignore[arg-type]` written for mypy
//! silences it). Nothing else needs to change: configuration validation,
//! `gradus rules`, `gradus explain`, the SARIF rule table and the suppression
//! comments all read [`ALL_RULES`]. Then emit it from a check with
//! `Diagnostic::error(file, range, MY_RULE.code, message)` (the configured
//! level is applied later). `crates/gradus/tests/rules.rs` checks that each
//! rule's `example` really triggers it.

use gradus_db::Severity;

/// A checker rule and its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable kebab-case code, e.g. `unresolved-import`.
    pub code: &'static str,
    pub default_severity: Severity,
    /// What the rule checks, in one sentence.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Python source that triggers the rule (empty when no source can).
    pub example: &'static str,
    /// How to fix it, in prose.
    pub fix: &'static str,
    /// The example, fixed (empty when there is no example).
    pub fixed: &'static str,
    /// mypy error codes with the same meaning, honoured in
    /// `# type: ignore[code]`.
    pub mypy_codes: &'static [&'static str],
    /// Whether suppression comments can silence it.
    pub suppressible: bool,
}

impl Rule {
    /// A rule with empty documentation; fill it in with the builder methods.
    pub const fn new(code: &'static str, default_severity: Severity) -> Rule {
        Rule {
            code,
            default_severity,
            summary: "",
            why: "",
            example: "",
            fix: "",
            fixed: "",
            mypy_codes: &[],
            suppressible: true,
        }
    }
    pub const fn summary(self, summary: &'static str) -> Rule {
        Rule { summary, ..self }
    }
    pub const fn why(self, why: &'static str) -> Rule {
        Rule { why, ..self }
    }
    pub const fn example(self, example: &'static str) -> Rule {
        Rule { example, ..self }
    }
    pub const fn fix(self, fix: &'static str) -> Rule {
        Rule { fix, ..self }
    }
    pub const fn fixed(self, fixed: &'static str) -> Rule {
        Rule { fixed, ..self }
    }
    pub const fn mypy(self, mypy_codes: &'static [&'static str]) -> Rule {
        Rule { mypy_codes, ..self }
    }
    /// Suppression comments cannot silence this rule (configuration still can).
    pub const fn not_suppressible(self) -> Rule {
        Rule {
            suppressible: false,
            ..self
        }
    }
}

/// Declares the rule constants and [`ALL_RULES`] from one list, so a rule is
/// one entry.
macro_rules! declare_rules {
    ($( $(#[$meta:meta])* $name:ident = $rule:expr; )*) => {
        $( $(#[$meta])* pub const $name: Rule = $rule; )*
        /// Every rule, in declaration order (see [`rules_sorted`] for code order).
        pub const ALL_RULES: &[Rule] = &[$($name),*];
    };
}

declare_rules! {
    /// Source that cannot be decoded or parsed.
    INVALID_SYNTAX = Rule::new("invalid-syntax", Severity::Error)
        .summary("The file cannot be parsed (or decoded) as Python source.")
        .why("Code that does not parse cannot run. Gradus still checks the statements \
              around the broken one, but the broken statement itself is not checked.")
        .example("def area(width: float, height: float -> float:\n    return width * height\n")
        .fix("Correct the syntax at the reported position.")
        .fixed("def area(width: float, height: float) -> float:\n    return width * height\n")
        .mypy(&["syntax"])
        .not_suppressible();

    /// An `import` whose module is on no search path.
    UNRESOLVED_IMPORT = Rule::new("unresolved-import", Severity::Error)
        .summary("An imported module cannot be found on any search path.")
        .why("The import fails at run time with `ModuleNotFoundError`, or the module is \
              installed somewhere Gradus does not look, in which case nothing imported \
              from it can be checked.")
        .example("import jsno\n")
        .fix("Correct the module name, install the package into the environment Gradus \
              uses (`--python`, `VIRTUAL_ENV`, `.venv`), or add its directory to \
              `extra-paths`.")
        .fixed("import json\n")
        .mypy(&["import", "import-not-found", "import-untyped"]);

    /// A crash inside Gradus, reported on the file being checked.
    INTERNAL_ERROR = Rule::new("internal-error", Severity::Error)
        .summary("Gradus itself failed while checking this file; please report it.")
        .why("A bug in Gradus stopped it from checking the file, so the file's \
              diagnostics are missing. The other files are still checked.")
        .fix("Report the message and, if you can, the file to the Gradus issue tracker. \
              To unblock CI meanwhile, exclude the file or set \
              `internal-error = \"warn\"` in `[tool.gradus.rules]`.")
        .not_suppressible();

    /// A `TypeGuard`/`TypeIs` function without a parameter to narrow.
    INVALID_TYPE_GUARD_DEFINITION = Rule::new("invalid-type-guard-definition", Severity::Error)
        .summary("A `TypeGuard` or `TypeIs` function takes no positional parameter to narrow.")
        .why("A type guard narrows the argument passed to its first positional parameter \
              (after `self` or `cls` for a method). Without one, calling it narrows nothing.")
        .example("from typing import TypeGuard\n\nclass C:\n    def is_int(self) -> TypeGuard[int]:\n        return False\n")
        .fix("Add the parameter whose argument the function checks.")
        .fixed("from typing import TypeGuard\n\nclass C:\n    def is_int(self, val: object) -> TypeGuard[int]:\n        return isinstance(val, int)\n");

    /// A `TypeIs[T]` whose `T` the narrowed parameter's type cannot hold.
    INVALID_TYPE_IS_TARGET = Rule::new("invalid-type-is-target", Severity::Error)
        .summary("The type in `TypeIs[T]` is not assignable to the type of the parameter it narrows.")
        .why("`TypeIs` narrows the argument to the intersection of its type and `T`; if `T` \
              is not a subtype of the parameter's type the function can never return `True` \
              correctly, and the narrowing in the negative branch would be wrong.")
        .example("from typing_extensions import TypeIs\n\ndef is_str(x: int) -> TypeIs[str]:\n    return isinstance(x, str)\n")
        .fix("Widen the parameter's type (often to `object`), or use `TypeGuard`.")
        .fixed("from typing_extensions import TypeIs\n\ndef is_str(x: object) -> TypeIs[str]:\n    return isinstance(x, str)\n");

    /// `reveal_type(expr)`.
    REVEALED_TYPE = Rule::new("revealed-type", Severity::Info)
        .summary("The type shown by a `reveal_type(...)` call.")
        .why("`reveal_type` is a debugging aid: it asks the checker what it infers for an \
              expression. It needs no import.")
        .example("reveal_type(1 + 2)\n")
        .fix("Remove the `reveal_type(...)` call when you are done.");

    /// A suppression comment that silences nothing.
    UNUSED_IGNORE_COMMENT = Rule::new("unused-ignore-comment", Severity::Warning)
        .summary("A suppression comment (`# type: ignore`, `# gradus: ignore[...]`) silences \
                  nothing, or names a rule that does not exist.")
        .why("A stale suppression hides the next real problem on its line, and a \
              misspelled rule name silences nothing at all.")
        .example("import os  # type: ignore\n")
        .fix("Remove the comment, or the unused codes from it (the language server \
              offers this fix).")
        .fixed("import os\n")
        .mypy(&["unused-ignore"])
        .not_suppressible();

    INVALID_ASSIGNMENT = Rule::new("invalid-assignment", Severity::Error)
    .summary("A value is assigned to a variable (or attribute) whose declared type does not accept it.")
    .why("The declared type is a promise to every reader of the variable; a value outside it breaks code that relies on it.")
    .example("count: int = \"three\"\n")
    .fix("Assign a value of the declared type, or widen the declaration.")
    .fixed("count: int = 3\n")
    .mypy(&["assignment"]);

    INVALID_ARGUMENT_TYPE = Rule::new("invalid-argument-type", Severity::Error)
    .summary("An argument's type is not assignable to the parameter's declared type.")
    .why("The function was written for the declared type; another type may fail inside it, far from the call.")
    .example("def square(x: int) -> int:\n    return x * x\n\nsquare(\"4\")\n")
    .fix("Pass a value of the parameter's type, converting it if needed.")
    .fixed("def square(x: int) -> int:\n    return x * x\n\nsquare(int(\"4\"))\n")
    .mypy(&["arg-type"]);

    MISSING_ARGUMENT = Rule::new("missing-argument", Severity::Error)
    .summary("A call leaves a required parameter without an argument.")
    .why("The call raises `TypeError` at run time.")
    .example("def greet(name: str) -> str:\n    return \"hi \" + name\n\ngreet()\n")
    .fix("Pass an argument for every parameter without a default.")
    .fixed("def greet(name: str) -> str:\n    return \"hi \" + name\n\ngreet(\"Ada\")\n")
    .mypy(&["call-arg"]);

    /// More positional arguments than the function accepts.
    TOO_MANY_POSITIONAL_ARGUMENTS = Rule::new("too-many-positional-arguments", Severity::Error)
        .summary("A call passes more positional arguments than the function accepts.")
        .why("The call raises `TypeError` at run time.")
        .example("def one(x: int) -> int:\n    return x\n\none(1, 2)\n")
        .fix("Remove the extra arguments or pass them by keyword to parameters that exist.")
        .fixed("def one(x: int) -> int:\n    return x\n\none(1)\n")
        .mypy(&["call-arg"]);

    /// One parameter given a value twice.
    PARAMETER_ALREADY_ASSIGNED = Rule::new("parameter-already-assigned", Severity::Error)
        .summary("A parameter receives a value both positionally and by keyword.")
        .why("The call raises `TypeError: got multiple values for argument` at run time.")
        .example("def f(x: int) -> None: ...\n\nf(1, x=2)\n")
        .fix("Pass the value once.")
        .fixed("def f(x: int) -> None: ...\n\nf(x=2)\n")
        .mypy(&["misc"]);

    UNKNOWN_ARGUMENT = Rule::new("unknown-argument", Severity::Error)
    .summary("A keyword argument names no parameter of the function.")
    .why("The call raises `TypeError` at run time; often the name is misspelled.")
    .example("def f(size: int) -> None: ...\n\nf(sise=1)\n")
    .fix("Use the parameter's name.")
    .fixed("def f(size: int) -> None: ...\n\nf(size=1)\n")
    .mypy(&["call-arg"]);

    NO_MATCHING_OVERLOAD = Rule::new("no-matching-overload", Severity::Error)
    .summary("No overload of an overloaded function accepts the arguments.")
    .why("Each overload describes a combination of argument types the function supports; none fits this call.")
    .example("from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x): return x\n\nf(1.5)\n")
    .fix("Pass arguments matching one of the overloads.")
    .fixed("from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x): return x\n\nf(1)\n")
    .mypy(&["call-overload"]);

    INVALID_RETURN_TYPE = Rule::new("invalid-return-type", Severity::Error)
    .summary("A returned value is not assignable to the function's declared return type.")
    .why("Callers rely on the declared return type.")
    .example("def name() -> str:\n    return 42\n")
    .fix("Return a value of the declared type, or change the declaration.")
    .fixed("def name() -> str:\n    return \"42\"\n")
    .mypy(&["return-value"]);

    INVALID_YIELD_TYPE = Rule::new("invalid-yield-type", Severity::Error)
    .summary("A yielded value is not assignable to the generator's declared yield type.")
    .why("Whoever iterates the generator relies on the declared element type.")
    .example("from typing import Iterator\n\ndef names() -> Iterator[str]:\n    yield 42\n")
    .fix("Yield values of the declared type, or change the declaration.")
    .fixed("from typing import Iterator\n\ndef names() -> Iterator[str]:\n    yield \"42\"\n")
    .mypy(&["misc"]);

    LEGACY_POSITIONAL_ONLY = Rule::new("invalid-legacy-positional-parameter", Severity::Error)
    .summary("A parameter named `__x` (positional-only by the pre-PEP 570 convention) follows one that can be passed by keyword.")
    .why("The convention makes `__x` positional-only, which is impossible after a parameter callers may pass by name.")
    .example("def f(x: int, __y: int) -> None: ...\n")
    .fix("Rename the parameter, or use PEP 570's `/`.")
    .fixed("def f(x: int, y: int, /) -> None: ...\n")
    .mypy(&[]);

    TOO_COMPLEX = Rule::new("too-complex", Severity::Warning)
    .summary("Part of the code exceeds one of Gradus's analysis budgets and is analyzed only approximately.")
    .why("Budgets (see the `gradus_budgets` crate: expression and statement nesting, class hierarchy size, type expression depth ...) keep every file's cost bounded. Past one, the part's type is `Unknown`: no false errors follow, but errors inside it are not found either.")
    .example("x = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1\n")
    .fix("Split the construct: name intermediate results, flatten deep nesting, or shorten long generated chains.")
    .fixed("x = sum([1] * 210)\n")
    .mypy(&[]);

    INVALID_ENUM_MEMBER = Rule::new("invalid-enum-member", Severity::Error)
    .summary("An enum member is declared with a type annotation.")
    .why("Every member of an enum has the enum's own type (`Literal[Color.RED]`); an annotation such as `RED: int = 1` says something false about it.")
    .example("from enum import Enum\n\nclass Color(Enum):\n    RED: int = 1\n")
    .fix("Drop the annotation; declare `_value_: int` to type the members' values.")
    .fixed("from enum import Enum\n\nclass Color(Enum):\n    _value_: int\n    RED = 1\n")
    .mypy(&["misc"]);

    INVALID_PROTOCOL_CHECK = Rule::new("invalid-protocol-check", Severity::Error)
    .summary("`isinstance`/`issubclass` with a protocol that does not allow it, or whose runtime check would be unsound for the value.")
    .why("Only `@runtime_checkable` protocols work with `isinstance` (others raise `TypeError`); `issubclass` works only with protocols that have nothing but methods; and the runtime check looks only at member names, so a value whose members exist with incompatible types would pass it.")
    .example("from typing import Protocol\n\nclass Named(Protocol):\n    name: str\n\ndef f(x: object) -> None:\n    if isinstance(x, Named):\n        pass\n")
    .fix("Decorate the protocol with `@runtime_checkable`, or check for a concrete class.")
    .fixed("from typing import Protocol, runtime_checkable\n\n@runtime_checkable\nclass Named(Protocol):\n    name: str\n\ndef f(x: object) -> None:\n    if isinstance(x, Named):\n        pass\n")
    .mypy(&["misc"]);

    UNSAFE_SUPER_CALL = Rule::new("unsafe-super-call", Severity::Error)
    .summary("`super().method()` calls an abstract method whose body does nothing.")
    .why("An abstract method with a trivial body (`...`, `pass`, a docstring) has no implementation to reuse: the call returns `None` whatever its declared return type says.")
    .example("from abc import ABC, abstractmethod\n\nclass Base(ABC):\n    @abstractmethod\n    def name(self) -> str: ...\n\nclass Child(Base):\n    def name(self) -> str:\n        return super().name()\n")
    .fix("Implement the method in the subclass instead of delegating to the abstract one.")
    .fixed("from abc import ABC, abstractmethod\n\nclass Base(ABC):\n    @abstractmethod\n    def name(self) -> str: ...\n\nclass Child(Base):\n    def name(self) -> str:\n        return \"child\"\n")
    .mypy(&["safe-super"]);

    INSTANTIATE_ABSTRACT_CLASS = Rule::new("instantiate-abstract-class", Severity::Error)
    .summary("A protocol, or a class with abstract members left unimplemented, is instantiated.")
    .why("Python raises `TypeError` when a class with abstract methods (under `ABCMeta`) or a protocol is instantiated.")
    .example("from abc import ABC, abstractmethod\n\nclass Shape(ABC):\n    @abstractmethod\n    def area(self) -> float: ...\n\nShape()\n")
    .fix("Instantiate a concrete subclass that implements every abstract member.")
    .fixed("from abc import ABC, abstractmethod\n\nclass Shape(ABC):\n    @abstractmethod\n    def area(self) -> float: ...\n\nclass Square(Shape):\n    def area(self) -> float:\n        return 1.0\n\nSquare()\n")
    .mypy(&["abstract"]);

    INVALID_PROTOCOL = Rule::new("invalid-protocol", Severity::Error)
    .summary("A protocol class is malformed: it has a base class that is not a protocol, or a method declares an attribute through `self`.")
    .why("A protocol describes structure only; a base that is a concrete class makes it neither a protocol nor a usable class. Its members are what its class body declares, so `self.x: int = ...` in a method would be a member no one can see.")
    .example("from typing import Protocol\n\nclass Base: ...\n\nclass P(Base, Protocol): ...\n")
    .fix("Derive the protocol from protocols only (or drop `Protocol`).")
    .fixed("from typing import Protocol\n\nclass Base(Protocol): ...\n\nclass P(Base, Protocol): ...\n")
    .mypy(&["misc"]);

    INVALID_DATACLASS = Rule::new("invalid-dataclass", Severity::Error)
    .summary("A dataclass definition that `@dataclass` rejects: a field without a default after one with a default, frozen and non-frozen dataclasses inheriting from each other, a `ClassVar` overriding a field or the reverse.")
    .why("`@dataclass` raises `TypeError` when the class is created, or the synthesized `__init__` could not be called as declared.")
    .example("from dataclasses import dataclass\n\n@dataclass\nclass Point:\n    x: int = 0\n    y: int\n")
    .fix("Give the later field a default or move it before the defaulted ones (or make it keyword-only); make a dataclass hierarchy all frozen or all not; keep class variables and fields apart.")
    .fixed("from dataclasses import dataclass\n\n@dataclass\nclass Point:\n    y: int\n    x: int = 0\n")
    .mypy(&["misc"]);

    INVALID_NAMED_TUPLE = Rule::new("invalid-named-tuple", Severity::Error)
    .summary("A named tuple class that `NamedTuple` rejects: a field named with a leading underscore, a field without a default after one with a default, another base, or a subclass redefining a field.")
    .why("`typing.NamedTuple` raises at class creation for most of these; a redefined field would not change the tuple.")
    .example("from typing import NamedTuple\n\nclass Point(NamedTuple):\n    x: int\n    _y: int\n")
    .fix("Rename the field, reorder the fields, or drop the extra base.")
    .fixed("from typing import NamedTuple\n\nclass Point(NamedTuple):\n    x: int\n    y: int\n")
    .mypy(&["misc"]);

    INVALID_TYPED_DICT = Rule::new("invalid-typed-dict", Severity::Error)
    .summary("A typed dict definition that the typing spec rejects: a method in its body, a base that is not a typed dict, a metaclass or unknown keyword, a redeclared key that changes its type or requiredness, bases that disagree on a key, `closed`/`extra_items` a base does not allow, or a malformed `TypedDict(...)` call.")
    .why("Type checkers could not keep the typed dict's promises about its keys (and the runtime rejects some of these outright).")
    .example("from typing import TypedDict\n\nclass Movie(TypedDict):\n    name: str\n\nclass Remake(Movie):\n    name: int\n")
    .fix("Keep each key's declaration compatible with the bases', and put behaviour in functions outside the typed dict.")
    .fixed("from typing import TypedDict\n\nclass Movie(TypedDict):\n    name: str\n\nclass Remake(Movie):\n    year: int\n")
    .mypy(&["misc", "typeddict-item"]);

    TYPED_DICT_ITEM = Rule::new("typed-dict-item", Severity::Error)
    .summary("A typed dict is used with a key it does not have, without a key it requires, with a value of the wrong type, or writes or deletes a key it may not (read-only or required).")
    .why("A typed dict promises which string keys exist and what their values are; code that breaks the promise fails (`KeyError`) or misleads other code reading the dict.")
    .example("from typing import TypedDict\n\nclass Movie(TypedDict):\n    name: str\n    year: int\n\nm: Movie = {\"name\": \"Alien\"}\n")
    .fix("Use the keys the typed dict declares, with values of their types; make a key `NotRequired` if it may be missing.")
    .fixed("from typing import TypedDict\n\nclass Movie(TypedDict):\n    name: str\n    year: int\n\nm: Movie = {\"name\": \"Alien\", \"year\": 1979}\n")
    .mypy(&["typeddict-item", "typeddict-unknown-key"]);

    MISSING_RETURN = Rule::new("missing-return", Severity::Error)
    .summary("A function with a declared return type that does not accept `None` can end without `return`.")
    .why("Falling off the end returns `None`, which the declared type does not allow.")
    .example("def sign(x: int) -> int:\n    if x > 0:\n        return 1\n")
    .fix("Return a value on every path (or raise).")
    .fixed("def sign(x: int) -> int:\n    if x > 0:\n        return 1\n    return 0\n")
    .mypy(&["return"]);

    UNRESOLVED_ATTRIBUTE = Rule::new("unresolved-attribute", Severity::Error)
    .summary("An attribute is accessed that the object's type does not have.")
    .why("The access raises `AttributeError` at run time; often the name is misspelled.")
    .example("\"text\".uper()\n")
    .fix("Use an attribute the type defines.")
    .fixed("\"text\".upper()\n")
    .mypy(&["attr-defined", "union-attr"]);

    UNRESOLVED_REFERENCE = Rule::new("unresolved-reference", Severity::Error)
    .summary("A name is used that is not defined in any enclosing scope or in builtins.")
    .why("Evaluating the name raises `NameError` at run time.")
    .example("print(undefined_name)\n")
    .fix("Define the name, import it, or correct its spelling.")
    .fixed("defined_name = 1\nprint(defined_name)\n")
    .mypy(&["name-defined"]);

    POSSIBLY_UNBOUND = Rule::new("possibly-unbound", Severity::Warning)
    .summary("A name is used where it is bound on some paths but not on others.")
    .why("On the paths where it is not bound, the use raises `NameError` or `UnboundLocalError`.")
    .example("import random\n\nif random.random() > 0.5:\n    x = 1\nprint(x)\n")
    .fix("Bind the name on every path before the use.")
    .fixed("import random\n\nx = 0\nif random.random() > 0.5:\n    x = 1\nprint(x)\n")
    .mypy(&["possibly-undefined"]);

    UNREACHABLE_CASE = Rule::new("unreachable-case", Severity::Warning)
    .summary("A `case` pattern can never match: the cases before it already match every value of the subject's type.")
    .why("Its body never runs; usually the cases are in the wrong order or the subject's type is not what was meant. A final `case _:` (for `assert_never`) is not reported.")
    .example("def f(x: int | str) -> None:\n    match x:\n        case int() | str():\n            pass\n        case bytes():\n            pass\n")
    .fix("Remove the case or put it before the cases that cover it.")
    .fixed("def f(x: int | str | bytes) -> None:\n    match x:\n        case int() | str():\n            pass\n        case bytes():\n            pass\n")
    .mypy(&["unreachable"]);

    UNSUPPORTED_OPERATOR = Rule::new("unsupported-operator", Severity::Error)
    .summary("An operator is applied to operands whose types do not support it.")
    .why("The operation raises `TypeError` at run time.")
    .example("1 + \"2\"\n")
    .fix("Convert an operand so both support the operator.")
    .fixed("1 + int(\"2\")\n")
    .mypy(&["operator"]);

    NOT_CALLABLE = Rule::new("not-callable", Severity::Error)
    .summary("A value that cannot be called is called.")
    .why("The call raises `TypeError` at run time.")
    .example("x = 1\nx()\n")
    .fix("Call a function or an object with `__call__`.")
    .fixed("x = 1\nprint(x)\n")
    .mypy(&["operator"]);

    NOT_SUBSCRIPTABLE = Rule::new("not-subscriptable", Severity::Error)
    .summary("A value whose type has no `__getitem__` is subscripted.")
    .why("The subscript raises `TypeError` at run time.")
    .example("x = 1\nx[0]\n")
    .fix("Subscript a sequence or mapping.")
    .fixed("x = [1]\nx[0]\n")
    .mypy(&["index"]);

    NOT_ITERABLE = Rule::new("not-iterable", Severity::Error)
    .summary("A value whose type cannot be iterated is used in `for`, unpacking or `*`.")
    .why("The iteration raises `TypeError` at run time.")
    .example("for c in 42:\n    pass\n")
    .fix("Iterate over an iterable, e.g. `range(42)`.")
    .fixed("for c in range(42):\n    pass\n")
    .mypy(&["misc"]);

    INDEX_OUT_OF_RANGE = Rule::new("index-out-of-range", Severity::Error)
    .summary("A fixed-length tuple is indexed with a literal index outside its length.")
    .why("The subscript raises `IndexError` at run time.")
    .example("pair = (1, 2)\npair[2]\n")
    .fix("Use an index within the tuple's length.")
    .fixed("pair = (1, 2)\npair[1]\n")
    .mypy(&["misc"]);

    INVALID_TYPE_FORM = Rule::new("invalid-type-form", Severity::Error)
    .summary("An annotation is not a valid type expression.")
    .why("Type checkers cannot interpret it, so the annotated code is not checked as intended.")
    .example("def f(x: [int]) -> None: ...\n")
    .fix("Write a type expression, e.g. `list[int]`.")
    .fixed("def f(x: list[int]) -> None: ...\n")
    .mypy(&["valid-type"]);

    INVALID_TYPE_ALIAS = Rule::new("invalid-type-alias", Severity::Error)
    .summary("A type alias is defined or used in a way the type system does not allow.")
    .why("A circular alias, an alias using type variables it does not declare, or an alias object used as a class has no meaning as a type (or fails at run time).")
    .example("type A = A\n")
    .fix("Define the alias in terms of other types, declaring every type variable it uses.")
    .fixed("type A = int\n")
    .mypy(&["valid-type", "misc"]);

    INVALID_NEWTYPE = Rule::new("invalid-newtype", Severity::Error)
    .summary("A `NewType` is defined or used in a way the type system does not allow.")
    .why("`NewType` needs a name matching its variable and a proper class as its base; the object it returns is not a class, so it cannot be subclassed or given to `isinstance`.")
    .example("from typing import NewType\n\nUserId = NewType(\"Id\", int)\n")
    .fix("Pass the variable's name and a class.")
    .fixed("from typing import NewType\n\nUserId = NewType(\"UserId\", int)\n")
    .mypy(&["valid-newtype", "misc"]);

    INCONSISTENT_MRO = Rule::new("inconsistent-mro", Severity::Error)
    .summary("A class's bases admit no consistent method resolution order.")
    .why("Python raises `TypeError` when the class statement runs.")
    .example("class A: ...\nclass B(A): ...\nclass C(A, B): ...\n")
    .fix("Reorder the bases so subclasses come before their bases.")
    .fixed("class A: ...\nclass B(A): ...\nclass C(B, A): ...\n")
    .mypy(&["misc"]);

    INVALID_VARIANCE = Rule::new("invalid-variance", Severity::Error)
    .summary("A type variable's declared variance does not fit where it is used: a covariant one in a method parameter or as the argument of a contravariant or invariant base, a contravariant one in a return type; or it is declared both covariant and contravariant.")
    .why("A class whose type parameter is declared covariant but consumed could be used unsoundly: `Box[int]` seen as `Box[object]` would accept any object.")
    .example("from typing import Generic, TypeVar\n\nT_co = TypeVar(\"T_co\", covariant=True)\n\nclass Box(Generic[T_co]):\n    def put(self, item: T_co) -> None: ...\n")
    .fix("Declare the type variable with the variance its uses allow (or invariant), or use the PEP 695 syntax and let the variance be inferred.")
    .fixed("from typing import Generic, TypeVar\n\nT = TypeVar(\"T\")\n\nclass Box(Generic[T]):\n    def put(self, item: T) -> None: ...\n")
    .mypy(&["misc"]);

    INVALID_SELF_ANNOTATION = Rule::new("invalid-self-annotation", Severity::Error)
    .summary("The `self` parameter of an `__init__` method is annotated with a type that uses a type variable of the class itself somewhere other than its own place (`Pair[T2, T1]` in `Pair[T1, T2]`).")
    .why("The `self` annotation of `__init__` decides how a call of the class specializes it; in terms of the class's own type parameters it is ambiguous or contradictory (`Pair[T2, T1]` for `Pair[T1, T2]`). Function-scoped type variables say what is meant.")
    .example("from typing import Generic, TypeVar\n\nT1 = TypeVar(\"T1\")\nT2 = TypeVar(\"T2\")\n\nclass Pair(Generic[T1, T2]):\n    def __init__(self: \"Pair[T2, T1]\") -> None: ...\n")
    .fix("Use type variables of the method (not the class) in the annotation, or leave `self` unannotated.")
    .fixed("from typing import Generic, TypeVar\n\nT1 = TypeVar(\"T1\")\nT2 = TypeVar(\"T2\")\n\nclass Pair(Generic[T1, T2]):\n    def __init__(self) -> None: ...\n")
    .mypy(&["misc"]);

    INVALID_GENERIC_CLASS = Rule::new("invalid-generic-class", Severity::Error)
    .summary("A generic class declaration the typing rules reject: `Generic[...]`/`Protocol[...]` with arguments that are not distinct type variables or that omit a type variable of another base, `Generic` together with type parameter syntax, a generic metaclass, a type variable already bound by an enclosing class or function, or bases that specialize a common ancestor differently.")
    .why("Python raises `TypeError` for several of these; for the others the class's type parameters are ambiguous.")
    .example("from typing import Generic\n\nclass Box(Generic[int]): ...\n")
    .fix("List each type variable of the class once in `Generic[...]` (or use `class Box[T]:`).")
    .fixed("from typing import Generic, TypeVar\n\nT = TypeVar(\"T\")\n\nclass Box(Generic[T]): ...\n")
    .mypy(&["misc"]);

    INVALID_TYPE_ARGUMENTS = Rule::new("invalid-type-arguments", Severity::Error)
    .summary("A generic class is specialized with more or fewer type arguments than it has type parameters.")
    .why("The extra or missing arguments have no meaning; usually the class or the annotation is not what the author thinks.")
    .example("from typing import Generic, TypeVar\n\nT = TypeVar(\"T\")\n\nclass Box(Generic[T]): ...\n\nx: Box[int, str]\n")
    .fix("Give one argument per type parameter.")
    .fixed("from typing import Generic, TypeVar\n\nT = TypeVar(\"T\")\n\nclass Box(Generic[T]): ...\n\nx: Box[int]\n")
    .mypy(&["type-arg"]);

    UNBOUND_TYPE_VARIABLE = Rule::new("unbound-type-variable", Severity::Error)
    .summary("A type variable is used where no enclosing generic function or class binds it: a module-level variable annotation, a class attribute of a class not generic in it, a local variable of a function not generic in it.")
    .why("The type variable stands for nothing there: the annotation cannot be checked.")
    .example("from typing import TypeVar\n\nT = TypeVar(\"T\")\n\nx: list[T] = []\n")
    .fix("Use a concrete type, or make the enclosing function or class generic in the type variable.")
    .fixed("x: list[int] = []\n")
    .mypy(&["valid-type"]);

    TYPE_ASSERTION_FAILURE = Rule::new("type-assertion-failure", Severity::Error)
    .summary("`assert_type(value, T)` finds that the value's type is not exactly `T`.")
    .why("`assert_type` states what the checker should infer; a mismatch means the code's types are not what the author expects.")
    .example("from typing import assert_type\n\nassert_type(len(\"ab\"), str)\n")
    .fix("Correct the asserted type or the expression.")
    .fixed("from typing import assert_type\n\nassert_type(len(\"ab\"), int)\n")
    .mypy(&["assert-type"]);

    INVALID_OVERLOAD = Rule::new("invalid-overload", Severity::Error)
    .summary("An overloaded function is defined wrongly: fewer than two `@overload`s, a missing (or, in a stub, a present) implementation, overloads mixing instance, static and class methods, `@final`/`@override` on the wrong definition, or an implementation that does not accept every overload's arguments or return every overload's result.")
    .why("Callers see only the overloads, so the implementation must handle every call they allow; the other rules keep the overloads and their decorators meaning one thing.")
    .example("from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\n")
    .fix("Add the implementation after the overloads (without `@overload`), and make it accept and return what each overload does.")
    .fixed("from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x: int | str) -> int | str:\n    return x\n")
    .mypy(&["misc", "no-overload-impl"]);

    SUBCLASS_OF_FINAL_CLASS = Rule::new("subclass-of-final-class", Severity::Error)
    .summary("A class inherits from a class decorated with `@final`.")
    .why("`@final` promises that the class has no subclasses; code relying on that (exhaustive checks, exact types) breaks otherwise.")
    .example("from typing import final\n\n@final\nclass Leaf: ...\n\nclass Sub(Leaf): ...\n")
    .fix("Inherit from another class, or remove `@final` from the base.")
    .fixed("from typing import final\n\nclass Leaf: ...\n\nclass Sub(Leaf): ...\n")
    .mypy(&["misc"]);

    OVERRIDE_OF_FINAL_METHOD = Rule::new("override-of-final-method", Severity::Error)
    .summary("A method overrides a method that a base class declares `@final`.")
    .why("`@final` promises that every subclass inherits the method as it is.")
    .example("from typing import final\n\nclass Base:\n    @final\n    def run(self) -> None: ...\n\nclass Sub(Base):\n    def run(self) -> None: ...\n")
    .fix("Rename the method in the subclass, or remove `@final` from the base's method.")
    .fixed("from typing import final\n\nclass Base:\n    @final\n    def run(self) -> None: ...\n\nclass Sub(Base):\n    def run_more(self) -> None: ...\n")
    .mypy(&["misc"]);

    INVALID_EXPLICIT_OVERRIDE = Rule::new("invalid-explicit-override", Severity::Error)
    .summary("A method decorated with `@override` overrides nothing in any base class.")
    .why("`@override` states that the method replaces one of a base class; when the base's method is renamed or removed, the decorator catches the silent split.")
    .example("from typing import override\n\nclass Base:\n    def run(self) -> None: ...\n\nclass Sub(Base):\n    @override\n    def rnu(self) -> None: ...\n")
    .fix("Correct the method's name, or remove `@override`.")
    .fixed("from typing import override\n\nclass Base:\n    def run(self) -> None: ...\n\nclass Sub(Base):\n    @override\n    def run(self) -> None: ...\n")
    .mypy(&["misc"]);

    INVALID_OVERRIDE = Rule::new("invalid-override", Severity::Error)
    .summary("A method (or attribute) overrides one of a base class with a type that does not fit it: fewer or narrower parameters, a wider return type, or a different kind of method.")
    .why("Code written against the base class calls the override with the base's arguments and expects the base's result (the Liskov substitution principle).")
    .example("class Base:\n    def scale(self, factor: float) -> float: ...\n\nclass Sub(Base):\n    def scale(self, factor: int) -> float: ...\n")
    .fix("Accept at least the parameters of the base's method and return a type its callers accept.")
    .fixed("class Base:\n    def scale(self, factor: float) -> float: ...\n\nclass Sub(Base):\n    def scale(self, factor: float) -> float: ...\n")
    .mypy(&["override"]);

    INCOMPATIBLE_DISJOINT_BASES = Rule::new("incompatible-disjoint-bases", Severity::Error)
    .summary("A class inherits from two classes whose instance layouts conflict (PEP 800 disjoint bases).")
    .why("Builtins such as `int` and `str`, classes with a non-empty `__slots__` and classes decorated `@disjoint_base` fix their instances' memory layout; Python raises `TypeError` when a class inherits from two unrelated ones.")
    .example("class A:\n    __slots__ = (\"x\",)\n\nclass B:\n    __slots__ = (\"y\",)\n\nclass C(A, B): ...\n")
    .fix("Inherit from one of them only, or move the slots to a common base.")
    .fixed("class A:\n    __slots__ = (\"x\",)\n\nclass B(A):\n    __slots__ = (\"y\",)\n\nclass C(B): ...\n")
    .mypy(&["misc"]);

    INVALID_DISJOINT_BASE = Rule::new("invalid-disjoint-base", Severity::Error)
    .summary("`@disjoint_base` decorates a function, a protocol or a `TypedDict`.")
    .why("Only nominal classes have an instance layout (PEP 800).")
    .example("from typing import Protocol\nfrom typing_extensions import disjoint_base\n\n@disjoint_base\nclass Closer(Protocol):\n    def close(self) -> None: ...\n")
    .fix("Remove `@disjoint_base`.")
    .fixed("from typing import Protocol\n\nclass Closer(Protocol):\n    def close(self) -> None: ...\n")
    .mypy(&["misc"]);

    INVALID_FINAL_DECORATOR = Rule::new("invalid-final-decorator", Severity::Error)
    .summary("`@final` decorates a function that is not a method.")
    .why("`@final` forbids overriding in subclasses, which only methods and classes have.")
    .example("from typing import final\n\n@final\ndef helper() -> int:\n    return 0\n")
    .fix("Remove `@final`.")
    .fixed("def helper() -> int:\n    return 0\n")
    .mypy(&["misc"]);

    FINAL_REASSIGNMENT = Rule::new("final-reassignment", Severity::Error)
    .summary("A name or attribute declared `Final` is assigned again, deleted, or overridden in a subclass.")
    .why("`Final` promises that the value never changes after its initialization; code (and type narrowing to its literal value) relies on that.")
    .example("from typing import Final\n\nLIMIT: Final = 10\nLIMIT = 20\n")
    .fix("Use another name, or drop `Final` if the value must change.")
    .fixed("from typing import Final\n\nLIMIT: Final = 10\nNEW_LIMIT = 20\n")
    .mypy(&["misc"]);

    INVALID_FINAL = Rule::new("invalid-final", Severity::Error)
    .summary("`Final` is used where it is not allowed: without a value (outside a class body or stub), with more than one argument, nested in a type, on a parameter or return type, on `self.x` outside `__init__`, together with `ClassVar` (outside a dataclass), or in a typed dict or named tuple.")
    .why("`Final` qualifies a variable as a whole; anywhere else it has no meaning, and a `Final` without a value can never be initialized.")
    .example("from typing import Final\n\ndef scale(factor: Final[int]) -> int:\n    return factor\n")
    .fix("Put `Final` only as the outermost annotation of a variable that is assigned once.")
    .fixed("def scale(factor: int) -> int:\n    return factor\n")
    .mypy(&["misc", "valid-type"]);

    INVALID_CLASS_VAR = Rule::new("invalid-class-var", Severity::Error)
    .summary("`ClassVar` is used where it is not allowed: outside a class body, nested in a type, with more than one argument, with type variables, or in a typed dict or named tuple.")
    .why("`ClassVar` marks a class body's attribute as shared by all instances; outside a class body it means nothing, and a class variable cannot depend on the type arguments of an instance.")
    .example("from typing import ClassVar\n\ncount: ClassVar[int] = 0\n")
    .fix("Use `ClassVar` only as the outermost annotation of a class body's attribute, with a concrete type.")
    .fixed("count: int = 0\n")
    .mypy(&["misc", "valid-type"]);
}

/// Every rule, sorted by code.
pub fn rules_sorted() -> Vec<Rule> {
    let mut rules = ALL_RULES.to_vec();
    rules.sort_by_key(|r| r.code);
    rules
}

/// Looks a rule up by its code.
pub fn rule_by_code(code: &str) -> Option<Rule> {
    ALL_RULES.iter().copied().find(|r| r.code == code)
}

/// All rule codes, sorted (for config validation).
pub fn all_rule_codes() -> Vec<&'static str> {
    rules_sorted().into_iter().map(|r| r.code).collect()
}

/// Whether suppression comments can silence the rule with `code`: syntax
/// errors, crashes and unused suppressions cannot be ignored line by line.
pub fn is_suppressible(code: &str) -> bool {
    rule_by_code(code).is_none_or(|r| r.suppressible)
}

/// The rules that a code in `# type: ignore[...]` stands for: our own code
/// (also written `gradus:code`), or a mypy code mapped to ours. Empty when
/// the code is unknown.
pub fn rules_for_ignore_code(code: &str) -> Vec<&'static str> {
    let code = code.strip_prefix("gradus:").unwrap_or(code);
    if let Some(rule) = rule_by_code(code) {
        return vec![rule.code];
    }
    rules_for_mypy_code(code)
}

/// Our rules that the mypy error code `code` maps to.
pub fn rules_for_mypy_code(code: &str) -> Vec<&'static str> {
    ALL_RULES
        .iter()
        .filter(|r| r.mypy_codes.contains(&code))
        .map(|r| r.code)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL_RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                !rule.code.is_empty()
                    && rule
                        .code
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !rule.code.starts_with('-')
                    && !rule.code.ends_with('-'),
                "code `{}` is not kebab-case",
                rule.code
            );
            assert!(!rule.summary.is_empty(), "{} has no summary", rule.code);
            assert!(!rule.why.is_empty(), "{} has no `why`", rule.code);
            assert!(!rule.fix.is_empty(), "{} has no `fix`", rule.code);
            for code in [rule.example, rule.fixed] {
                assert!(
                    code.is_empty() || code.ends_with('\n'),
                    "{}: examples end with a newline",
                    rule.code
                );
            }
            assert!(
                rule.fixed.is_empty() || !rule.example.is_empty(),
                "{}: a fixed example needs an example",
                rule.code
            );
        }
    }

    #[test]
    fn a_mypy_code_is_never_also_one_of_ours() {
        for rule in ALL_RULES {
            for mypy in rule.mypy_codes {
                assert!(
                    rule_by_code(mypy).is_none(),
                    "mypy code `{mypy}` of {} shadows a Gradus code",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn ignore_codes_resolve_to_rules() {
        assert_eq!(rules_for_ignore_code("import"), vec!["unresolved-import"]);
        assert_eq!(
            rules_for_ignore_code("import-untyped"),
            vec!["unresolved-import"]
        );
        assert_eq!(
            rules_for_ignore_code("unresolved-import"),
            vec!["unresolved-import"]
        );
        assert_eq!(
            rules_for_ignore_code("gradus:unresolved-import"),
            vec!["unresolved-import"]
        );
        assert!(rules_for_ignore_code("no-such-code").is_empty());
        assert!(!is_suppressible("invalid-syntax"));
        assert!(is_suppressible("unresolved-import"));
    }
}
