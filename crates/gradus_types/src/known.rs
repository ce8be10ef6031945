//! Classes the engine knows by name: literals, promotions and special
//! behaviour need them.

/// A class of `builtins` (or `types`) with special meaning to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KnownClass {
    Object,
    Type,
    Int,
    Float,
    Complex,
    Bool,
    Str,
    Bytes,
    Bytearray,
    List,
    Tuple,
    Dict,
    Set,
    Frozenset,
    Slice,
    Range,
    Property,
    Staticmethod,
    Classmethod,
    BaseException,
    Function,
    NoneType,
    ModuleType,
}

impl KnownClass {
    /// The class named `name` in module `module`, if known.
    pub fn from_module_and_name(module: &str, name: &str) -> Option<KnownClass> {
        match module {
            "builtins" => Some(match name {
                "object" => KnownClass::Object,
                "type" => KnownClass::Type,
                "int" => KnownClass::Int,
                "float" => KnownClass::Float,
                "complex" => KnownClass::Complex,
                "bool" => KnownClass::Bool,
                "str" => KnownClass::Str,
                "bytes" => KnownClass::Bytes,
                "bytearray" => KnownClass::Bytearray,
                "list" => KnownClass::List,
                "tuple" => KnownClass::Tuple,
                "dict" => KnownClass::Dict,
                "set" => KnownClass::Set,
                "frozenset" => KnownClass::Frozenset,
                "slice" => KnownClass::Slice,
                "range" => KnownClass::Range,
                "property" => KnownClass::Property,
                "staticmethod" => KnownClass::Staticmethod,
                "classmethod" => KnownClass::Classmethod,
                "BaseException" => KnownClass::BaseException,
                "function" => KnownClass::Function,
                _ => return None,
            }),
            "types" => Some(match name {
                "NoneType" => KnownClass::NoneType,
                "ModuleType" => KnownClass::ModuleType,
                "FunctionType" => KnownClass::Function,
                _ => return None,
            }),
            _ => None,
        }
    }

    /// The module and name of the class.
    pub fn module_and_name(self) -> (&'static str, &'static str) {
        match self {
            KnownClass::Object => ("builtins", "object"),
            KnownClass::Type => ("builtins", "type"),
            KnownClass::Int => ("builtins", "int"),
            KnownClass::Float => ("builtins", "float"),
            KnownClass::Complex => ("builtins", "complex"),
            KnownClass::Bool => ("builtins", "bool"),
            KnownClass::Str => ("builtins", "str"),
            KnownClass::Bytes => ("builtins", "bytes"),
            KnownClass::Bytearray => ("builtins", "bytearray"),
            KnownClass::List => ("builtins", "list"),
            KnownClass::Tuple => ("builtins", "tuple"),
            KnownClass::Dict => ("builtins", "dict"),
            KnownClass::Set => ("builtins", "set"),
            KnownClass::Frozenset => ("builtins", "frozenset"),
            KnownClass::Slice => ("builtins", "slice"),
            KnownClass::Range => ("builtins", "range"),
            KnownClass::Property => ("builtins", "property"),
            KnownClass::Staticmethod => ("builtins", "staticmethod"),
            KnownClass::Classmethod => ("builtins", "classmethod"),
            KnownClass::BaseException => ("builtins", "BaseException"),
            KnownClass::Function => ("builtins", "function"),
            KnownClass::NoneType => ("types", "NoneType"),
            KnownClass::ModuleType => ("types", "ModuleType"),
        }
    }
}
