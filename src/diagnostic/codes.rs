//! The catalogue of diagnostic codes: one enum per stage, each code's text (`stage::name`, shown
//! beside every diagnostic and in JSON and SARIF) written once here. Code compares codes as
//! values, never as strings; a test keeps the texts unique.

use std::fmt;

macro_rules! codes {
    ($($stage:ident { $($code:ident = $text:literal,)+ })+) => {
        $(
            #[doc = concat!("The diagnostic codes of the `", stringify!($stage), "` stage.")]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub enum $stage {
                $(#[doc = concat!("`", $text, "`")] $code,)+
            }

            impl $stage {
                /// Every code of the stage.
                pub const ALL: &'static [$stage] = &[$($stage::$code,)+];

                pub const fn as_str(self) -> &'static str {
                    match self {
                        $($stage::$code => $text,)+
                    }
                }
            }

            impl From<$stage> for Code {
                fn from(code: $stage) -> Code {
                    Code::$stage(code)
                }
            }

            impl PartialEq<$stage> for Code {
                fn eq(&self, other: &$stage) -> bool {
                    *self == Code::$stage(*other)
                }
            }
        )+

        /// A diagnostic's code: which stage found the problem, and which problem.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($stage($stage),)+
            /// A policy finding shown as a diagnostic: its rule's ID (the rule registry is its
            /// catalogue), or empty for a custom rule, whose ID the message carries.
            Rule(&'static str),
        }

        impl Code {
            /// The code as users see it, `stage::name`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$stage(code) => code.as_str(),)+
                    Code::Rule(id) => id,
                }
            }

            /// Every code of every stage, in catalogue order (rule IDs are the rule registry's).
            pub fn all() -> impl Iterator<Item = Code> {
                std::iter::empty()$(.chain($stage::ALL.iter().map(|c| Code::$stage(*c))))+
            }
        }
    };
}

codes! {
    Arm {
        Compile = "arm::compile",
        Fold = "arm::fold",
        Unsupported = "arm::unsupported",
    }
    Check {
        EmptyRoot = "check::empty_root",
    }
    Cli {
        Baseline = "cli::baseline",
        Check = "cli::check",
        Cwd = "cli::cwd",
        Env = "cli::env",
        Root = "cli::root",
    }
    Config {
        Attribute = "config::attribute",
        Block = "config::block",
        CountAndForEach = "config::count_and_for_each",
        Duplicate = "config::duplicate",
        Labels = "config::labels",
        Literal = "config::literal",
        ModuleSource = "config::module_source",
        Output = "config::output",
        Validation = "config::validation",
    }
    Deploy {
        Failed = "deploy::failed",
        UnknownIdentity = "deploy::unknown_identity",
        Unsupported = "deploy::unsupported",
    }
    Env {
        Declaration = "env::declaration",
        Empty = "env::empty",
        NoRoot = "env::no_root",
        Profile = "env::profile",
        Read = "env::read",
        Twice = "env::twice",
    }
    Eval {
        Budget = "eval::budget",
        Check = "eval::check",
        Condition = "eval::condition",
        Cycle = "eval::cycle",
        Dynamic = "eval::dynamic",
        Ephemeral = "eval::ephemeral",
        Expansion = "eval::expansion",
        Expression = "eval::expression",
        Function = "eval::function",
        Limit = "eval::limit",
        Postcondition = "eval::postcondition",
        Precondition = "eval::precondition",
        Reference = "eval::reference",
        SensitiveOutput = "eval::sensitive_output",
        Template = "eval::template",
        Tfvars = "eval::tfvars",
        TfvarsJson = "eval::tfvars_json",
        Type = "eval::type",
        Undeclared = "eval::undeclared",
        UndeclaredVar = "eval::undeclared_var",
        UnknownExpansion = "eval::unknown_expansion",
        UnsetVariables = "eval::unset_variables",
        Validation = "eval::validation",
        VarFile = "eval::var_file",
        VarSyntax = "eval::var_syntax",
        Variable = "eval::variable",
        VariableMissing = "eval::variable_missing",
        VariableType = "eval::variable_type",
    }
    Export {
        NotExported = "export::not_exported",
        Write = "export::write",
    }
    Load {
        Binary = "load::binary",
        Encoding = "load::encoding",
        Json = "load::json",
        Missing = "load::missing",
        ModuleCycle = "load::module_cycle",
        ModuleMissing = "load::module_missing",
        ModuleNotInstalled = "load::module_not_installed",
        ModuleOutside = "load::module_outside",
        ModulesJson = "load::modules_json",
        NotDir = "load::not_dir",
        NotFile = "load::not_file",
        Outside = "load::outside",
        OverrideFile = "load::override_file",
        OverrideMissing = "load::override_missing",
        PlanErrored = "load::plan_errored",
        PlanJson = "load::plan_json",
        PlanVersion = "load::plan_version",
        Read = "load::read",
        ReadDir = "load::read_dir",
        Syntax = "load::syntax",
        TooDeep = "load::too_deep",
        TooLarge = "load::too_large",
    }
    Policy {
        Profile = "policy::profile",
        Rego = "policy::rego",
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_code_text_is_unique_and_named_after_its_stage() {
        let mut seen = BTreeSet::new();
        for code in Code::all() {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} is in the catalogue twice");
            let (stage, name) = text.split_once("::").unwrap_or_default();
            let variant = format!("{code:?}");
            assert!(
                variant.to_ascii_lowercase().starts_with(&stage.to_ascii_lowercase()),
                "{text} is filed under {variant}"
            );
            assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{text}");
        }
        assert_eq!(seen.len(), Code::all().count());
    }

    #[test]
    fn codes_compare_as_values() {
        assert_eq!(Code::from(Eval::Cycle), Eval::Cycle);
        assert_ne!(Code::from(Eval::Cycle), Eval::Limit);
        assert_eq!(Code::from(Load::Syntax).to_string(), "load::syntax");
    }
}
