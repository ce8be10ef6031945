//! The `Type` enum.

use gradus_db::File;
use gradus_index::DefinitionId;

use crate::class::ClassType;
use crate::function::{BoundMethodType, CallableType, FunctionLiteral};
use crate::union::UnionType;

/// Where a dynamic type comes from. All are gradual: assignable both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DynamicKind {
    /// An explicit `Any` annotation.
    Any,
    /// No annotation, or a type we could not compute (an error elsewhere).
    Unknown,
    /// A construct the engine does not model yet; behaves like `Unknown`.
    Todo,
}

/// Special forms of `typing` used as values (`Optional`, `Union` ...) before
/// they are subscripted in an annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpecialForm {
    Any,
    Union,
    Optional,
    Literal,
    Final,
    ClassVar,
    Annotated,
    Callable,
    Tuple,
    Type,
    Never,
    NoReturn,
    SelfType,
    LiteralString,
    TypeAlias,
    TypeGuard,
    TypeIs,
    Concatenate,
    Unpack,
    Required,
    NotRequired,
    ReadOnly,
    Generic,
    Protocol,
    TypedDict,
    NamedTuple,
}

impl SpecialForm {
    /// Whether the runtime object is no class (so never a `type[T]`):
    /// `Callable`, `Union`, `Literal`, `Annotated`... (`Any`, `Tuple`,
    /// `Type`, `Generic`, `Protocol`, `TypedDict` and `NamedTuple` are or
    /// make classes).
    pub fn is_not_a_class(self) -> bool {
        !matches!(
            self,
            SpecialForm::Any
                | SpecialForm::Tuple
                | SpecialForm::Type
                | SpecialForm::Generic
                | SpecialForm::Protocol
                | SpecialForm::TypedDict
                | SpecialForm::NamedTuple
        )
    }

    /// The form for a name defined in `typing` / `typing_extensions`.
    pub fn from_typing_name(name: &str) -> Option<SpecialForm> {
        Some(match name {
            "Any" => SpecialForm::Any,
            "Union" => SpecialForm::Union,
            "Optional" => SpecialForm::Optional,
            "Literal" => SpecialForm::Literal,
            "Final" => SpecialForm::Final,
            "ClassVar" => SpecialForm::ClassVar,
            "Annotated" => SpecialForm::Annotated,
            "Callable" => SpecialForm::Callable,
            "Tuple" => SpecialForm::Tuple,
            "Type" => SpecialForm::Type,
            "Never" => SpecialForm::Never,
            "NoReturn" => SpecialForm::NoReturn,
            "Self" => SpecialForm::SelfType,
            "LiteralString" => SpecialForm::LiteralString,
            "TypeAlias" => SpecialForm::TypeAlias,
            "TypeGuard" => SpecialForm::TypeGuard,
            "TypeIs" => SpecialForm::TypeIs,
            "Concatenate" => SpecialForm::Concatenate,
            "Unpack" => SpecialForm::Unpack,
            "Required" => SpecialForm::Required,
            "NotRequired" => SpecialForm::NotRequired,
            "ReadOnly" => SpecialForm::ReadOnly,
            "Generic" => SpecialForm::Generic,
            "Protocol" => SpecialForm::Protocol,
            "TypedDict" => SpecialForm::TypedDict,
            "NamedTuple" => SpecialForm::NamedTuple,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            SpecialForm::Any => "Any",
            SpecialForm::Union => "Union",
            SpecialForm::Optional => "Optional",
            SpecialForm::Literal => "Literal",
            SpecialForm::Final => "Final",
            SpecialForm::ClassVar => "ClassVar",
            SpecialForm::Annotated => "Annotated",
            SpecialForm::Callable => "Callable",
            SpecialForm::Tuple => "Tuple",
            SpecialForm::Type => "Type",
            SpecialForm::Never => "Never",
            SpecialForm::NoReturn => "NoReturn",
            SpecialForm::SelfType => "Self",
            SpecialForm::LiteralString => "LiteralString",
            SpecialForm::TypeAlias => "TypeAlias",
            SpecialForm::TypeGuard => "TypeGuard",
            SpecialForm::TypeIs => "TypeIs",
            SpecialForm::Concatenate => "Concatenate",
            SpecialForm::Unpack => "Unpack",
            SpecialForm::Required => "Required",
            SpecialForm::NotRequired => "NotRequired",
            SpecialForm::ReadOnly => "ReadOnly",
            SpecialForm::Generic => "Generic",
            SpecialForm::Protocol => "Protocol",
            SpecialForm::TypedDict => "TypedDict",
            SpecialForm::NamedTuple => "NamedTuple",
        }
    }
}

/// An enum member as a literal type: `Literal[Color.RED]`.
#[salsa::interned(debug)]
pub struct EnumLiteralType<'db> {
    /// The enum class.
    #[returns(copy)]
    pub class: ClassType<'db>,
    /// The member's name.
    #[returns(ref)]
    pub name: String,
}

/// An interned string literal value.
#[salsa::interned(debug)]
pub struct LiteralStr<'db> {
    #[returns(ref)]
    pub value: String,
}

/// A module as a value: `import os` binds `os` to `Module(os)`.
#[salsa::interned(debug)]
pub struct ModuleType<'db> {
    /// The dotted module name.
    #[returns(ref)]
    pub name: String,
    /// The module's file; `None` for a namespace package.
    #[returns(copy)]
    pub file: Option<File>,
}

/// A type variable (legacy `TypeVar("T")` or PEP 695 `[T]`).
#[salsa::interned(debug)]
pub struct TypeVarType<'db> {
    #[returns(ref)]
    pub name: String,
    #[returns(copy)]
    pub file: File,
    #[returns(copy)]
    pub definition: DefinitionId,
    /// The upper bound, if any.
    #[returns(copy)]
    pub bound: Option<Type<'db>>,
    #[returns(copy)]
    pub variance: Variance,
    /// Plain type variable, `ParamSpec`, `TypeVarTuple` or `Self`.
    #[returns(copy)]
    pub kind: TypeVarKind,
    /// Value constraints (`TypeVar("T", str, bytes)`); empty when none.
    #[returns(ref)]
    pub constraints: Vec<Type<'db>>,
    /// The PEP 696 default, if any.
    #[returns(copy)]
    pub default: Option<Type<'db>>,
}

/// What a type parameter stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeVarKind {
    /// `TypeVar("T")` / `[T]`: one type.
    TypeVar,
    /// `ParamSpec("P")` / `[**P]`: a parameter list.
    ParamSpec,
    /// `TypeVarTuple("Ts")` / `[*Ts]`: a sequence of types.
    TypeVarTuple,
    /// `typing.Self`: the type of the receiver, bound to the enclosing
    /// class (the type variable's `definition` is the class's).
    SelfType,
}

/// How a class's type argument relates to assignability of the class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variance {
    Invariant,
    Covariant,
    Contravariant,
    /// PEP 695 parameters and `infer_variance=True`: inferred from use
    /// (until that inference exists, either direction is accepted).
    Inferred,
}

/// A tuple: fixed-length `tuple[int, str]`, or with one unbounded part
/// `tuple[int, *tuple[str, ...], bytes]` when `variadic` is the index in
/// `elements` of that part's element type (`tuple[int, ...]` is
/// `elements == [int]`, `variadic == Some(0)`). Build with
/// [`TupleType::fixed`], [`TupleType::homogeneous_of`] or
/// [`TupleType::with_variadic`]; the helpers are in `tuple.rs`.
#[salsa::interned(debug)]
pub struct TupleType<'db> {
    #[returns(ref)]
    pub elements: Vec<Type<'db>>,
    #[returns(copy)]
    pub variadic: Option<usize>,
}

/// A type. `Copy` and 16 bytes; see the crate docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, salsa::SalsaValue)]
pub enum Type<'db> {
    /// `Any`, `Unknown` or a not-yet-modelled construct.
    Dynamic(DynamicKind),
    /// The bottom type: `Never` / `NoReturn`, and unreachable code.
    Never,
    /// `None` (the single instance of `NoneType`).
    None,
    /// An instance of a (possibly specialized) class: `int`, `list[str]`.
    Instance(ClassType<'db>),
    /// The class object itself: the value of the name `int`.
    ClassObject(ClassType<'db>),
    /// `type[C]`: the class `C` or any subclass.
    SubclassOf(ClassType<'db>),
    IntLiteral(i64),
    BoolLiteral(bool),
    StrLiteral(LiteralStr<'db>),
    BytesLiteral(LiteralStr<'db>),
    /// An enum member: `Literal[Color.RED]` (the value of `Color.RED`).
    EnumLiteral(EnumLiteralType<'db>),
    /// `LiteralString`.
    LiteralString,
    Union(UnionType<'db>),
    Tuple(TupleType<'db>),
    /// A callable described only by its signature (`Callable[[int], str]`,
    /// lambdas).
    Callable(CallableType<'db>),
    /// A `def` function.
    Function(FunctionLiteral<'db>),
    /// A function bound to a receiver (`obj.method`).
    BoundMethod(BoundMethodType<'db>),
    Module(ModuleType<'db>),
    TypeVar(TypeVarType<'db>),
    /// A special form of `typing` used as a value.
    SpecialForm(SpecialForm),
    /// `type[T]` for a type variable `T` (`type[Self]` for `cls`).
    SubclassOfTypeVar(TypeVarType<'db>),
}

const _: () = assert!(std::mem::size_of::<Type<'static>>() == 16);

impl<'db> Type<'db> {
    pub const ANY: Type<'static> = Type::Dynamic(DynamicKind::Any);
    pub const UNKNOWN: Type<'static> = Type::Dynamic(DynamicKind::Unknown);
    pub const TODO: Type<'static> = Type::Dynamic(DynamicKind::Todo);

    pub fn is_dynamic(self) -> bool {
        matches!(self, Type::Dynamic(_))
    }

    pub fn is_unknown(self) -> bool {
        matches!(
            self,
            Type::Dynamic(DynamicKind::Unknown | DynamicKind::Todo)
        )
    }

    pub fn is_never(self) -> bool {
        matches!(self, Type::Never)
    }

    pub fn is_none(self) -> bool {
        matches!(self, Type::None)
    }

    /// Whether the type is, or contains as a union element, a dynamic type.
    pub fn contains_dynamic(self, db: &'db dyn gradus_db::Db) -> bool {
        match self {
            Type::Dynamic(_) => true,
            Type::Union(u) => u.elements(db).iter().any(|t| t.is_dynamic()),
            _ => false,
        }
    }

    /// The union elements, or the type itself.
    pub fn union_elements(self, db: &'db dyn gradus_db::Db) -> Vec<Type<'db>> {
        match self {
            Type::Union(u) => u.elements(db).clone(),
            other => vec![other],
        }
    }
}
