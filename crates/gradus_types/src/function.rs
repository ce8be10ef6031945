//! Functions, signatures and callables.

use gradus_db::File;
use gradus_index::DefinitionId;

use crate::types::Type;

/// How a parameter accepts arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParameterKind {
    PositionalOnly,
    PositionalOrKeyword,
    /// `*args`
    VarPositional,
    KeywordOnly,
    /// `**kwargs`
    VarKeyword,
}

/// One parameter of a signature.
#[derive(Debug, Clone, PartialEq, Eq, Hash, salsa::SalsaValue)]
pub struct Parameter<'db> {
    /// `None` for the unnamed parameters of `Callable[[int], str]`.
    pub name: Option<String>,
    pub kind: ParameterKind,
    /// The declared type (`Unknown` when unannotated). For `*args: int` the
    /// element type `int`; for `**kwargs: str` the value type `str`.
    pub ty: Type<'db>,
    pub has_default: bool,
}

/// A callable's parameters and return type. `gradual` marks `(...) -> R`,
/// which accepts any arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash, salsa::SalsaValue)]
pub struct Signature<'db> {
    pub parameters: Vec<Parameter<'db>>,
    pub return_type: Type<'db>,
    pub gradual: bool,
}

impl<'db> Signature<'db> {
    /// The parameters that can be passed by position (`*args` excluded).
    pub fn positional_parameters(&self) -> impl Iterator<Item = &Parameter<'db>> {
        self.parameters.iter().filter(|p| {
            matches!(
                p.kind,
                ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
            )
        })
    }

    /// `(...) -> return_type`.
    pub fn gradual(return_type: Type<'db>) -> Self {
        Signature {
            parameters: Vec::new(),
            return_type,
            gradual: true,
        }
    }

    /// `(*args: P.args, **kwargs: P.kwargs) -> return_type` for the
    /// ParamSpec `param_spec` (a `Type::TypeVar`).
    pub fn param_spec(param_spec: Type<'db>, return_type: Type<'db>) -> Self {
        Signature {
            parameters: vec![
                Parameter {
                    name: Some("args".to_owned()),
                    kind: ParameterKind::VarPositional,
                    ty: param_spec,
                    has_default: false,
                },
                Parameter {
                    name: Some("kwargs".to_owned()),
                    kind: ParameterKind::VarKeyword,
                    ty: param_spec,
                    has_default: false,
                },
            ],
            return_type,
            gradual: false,
        }
    }

    /// The ParamSpec whose components end the parameter list
    /// (`*args: P.args, **kwargs: P.kwargs`), if any.
    pub fn param_spec_tail(&self, db: &'db dyn gradus_db::Db) -> Option<crate::TypeVarType<'db>> {
        let [.., args, kwargs] = self.parameters.as_slice() else {
            return None;
        };
        match (args.kind, args.ty, kwargs.kind, kwargs.ty) {
            (
                ParameterKind::VarPositional,
                Type::TypeVar(a),
                ParameterKind::VarKeyword,
                Type::TypeVar(k),
            ) if a == k && a.kind(db) == crate::TypeVarKind::ParamSpec => Some(a),
            _ => None,
        }
    }

    /// The signature without its first parameter (binding `self`/`cls`).
    pub fn bind_self(&self) -> Signature<'db> {
        let mut parameters = self.parameters.clone();
        if let Some(first) = parameters.first() {
            if matches!(
                first.kind,
                ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword
            ) {
                parameters.remove(0);
            }
        }
        Signature {
            parameters,
            return_type: self.return_type,
            gradual: self.gradual,
        }
    }
}

/// How a function is bound when accessed through a class or instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MethodKind {
    Plain,
    Static,
    Class,
    Property,
}

/// A `def`, with its signature (the overloads, if any, in `overloads`).
#[salsa::interned(debug)]
pub struct FunctionLiteral<'db> {
    #[returns(copy)]
    pub file: File,
    #[returns(copy)]
    pub definition: DefinitionId,
    #[returns(ref)]
    pub name: String,
    #[returns(ref)]
    pub signature: Signature<'db>,
    /// The `@overload` signatures preceding the implementation (or, in a
    /// stub, all of them); empty for an ordinary function.
    #[returns(ref)]
    pub overloads: Vec<Signature<'db>>,
    #[returns(copy)]
    pub method_kind: MethodKind,
    /// The `def` has no return annotation: calls use the return type
    /// inferred from its body (`signature.return_type` stays `Unknown`, so
    /// the function's type does not depend on its body).
    #[returns(copy)]
    pub infers_return: bool,
}

/// A callable known only by its signature.
#[salsa::interned(debug)]
pub struct CallableType<'db> {
    #[returns(ref)]
    pub signature: Signature<'db>,
}

/// A function bound to its receiver: `obj.method`.
#[salsa::interned(debug)]
pub struct BoundMethodType<'db> {
    #[returns(copy)]
    pub receiver: Type<'db>,
    #[returns(copy)]
    pub function: FunctionLiteral<'db>,
}
