//! Evaluates HCL expressions to values: operators, conditionals, for expressions, splats,
//! traversals, function calls and templates, with unknown and sensitive values propagating as in
//! Terraform.

use std::sync::Arc;

use hcl_edit::expr::{Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::{Decorated, Span};

use super::error::{EvalError, EvalResult};
use super::functions::{self, FunctionContext};
use super::number::Number;
use super::ops;
use super::template;
use super::value::{Map, Marks, Value};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Site};

/// Deepest evaluation recursion (nested expressions plus chains of references) accepted.
pub(crate) const MAX_DEPTH: usize = 512;

/// What an expression can refer to beyond its own local names. Implemented by module scopes,
/// by tfvars files (nothing) and by template files (their variables).
pub(crate) trait Scope {
    /// Resolves a reference rooted at `root`, which is followed by the attribute names `attrs`
    /// (as far as the traversal has plain attribute steps). Returns the value and how many of
    /// `attrs` it consumed.
    fn resolve(&self, root: &str, attrs: &[&str], site: Option<Site>) -> Result<(Value, usize), EvalError>;

    /// The function library's context, or `None` where functions are not allowed (tfvars).
    fn functions(&self) -> Option<FunctionContext<'_>>;
}

/// Names bound by for expressions, dynamic block iterators and template `for` directives.
pub(crate) struct Locals<'p> {
    pub name: &'p str,
    pub value: Value,
    pub parent: Option<&'p Locals<'p>>,
}

impl Locals<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        let mut at = Some(self);
        while let Some(l) = at {
            if l.name == name {
                return Some(&l.value);
            }
            at = l.parent;
        }
        None
    }
}

/// One expression evaluation: the scope, the file being evaluated, local names, depth.
#[derive(Clone, Copy)]
pub(crate) struct Evaluator<'a> {
    pub scope: &'a dyn Scope,
    pub file: FileId,
    pub locals: Option<&'a Locals<'a>>,
    pub depth: usize,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(scope: &'a dyn Scope, file: FileId) -> Evaluator<'a> {
        Evaluator { scope, file, locals: None, depth: 0 }
    }

    pub(crate) fn with_locals<'b>(&'b self, locals: &'b Locals<'b>) -> Evaluator<'b>
    where
        'a: 'b,
    {
        Evaluator { scope: self.scope, file: self.file, locals: Some(locals), depth: self.depth }
    }

    pub(crate) fn site<T: Span + ?Sized>(&self, node: &T) -> Option<Site> {
        node.span().map(|s| Site::new(self.file, s))
    }

    fn error<T: Span + ?Sized>(&self, node: &T, message: impl Into<String>, label: &str, help: &str) -> EvalError {
        EvalError::diag(Diagnostic::error(codes::Eval::Expression, message).label(self.site(node), label).help(help))
    }

    fn lookup_local(&self, name: &str) -> Option<&Value> {
        self.locals.and_then(|l| l.get(name))
    }

    pub(crate) fn eval(&self, expr: &Expression) -> EvalResult {
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                expr,
                "expression nests too deeply",
                "evaluation stopped here",
                "simplify the expression or break it into locals",
            ));
        }
        let deeper = Evaluator { depth: self.depth + 1, ..*self };
        deeper.eval_inner(expr)
    }

    fn eval_inner(&self, expr: &Expression) -> EvalResult {
        match expr {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => Ok(Value::Number(number_literal(n))),
            Expression::String(s) => Ok(Value::string(s.value().as_str())),
            Expression::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    out.push(self.eval(item)?);
                }
                Ok(Value::tuple(out))
            }
            Expression::Object(object) => {
                let mut out = Map::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(key_expr) => match self.object_key(key_expr)? {
                            Ok(k) => k,
                            Err(unknown) => return Ok(unknown),
                        },
                    };
                    out.insert(key, self.eval(value.expr())?);
                }
                Ok(Value::object(out))
            }
            Expression::StringTemplate(t) => {
                template::render_elements(self, t.iter().collect::<Vec<_>>().as_slice(), false, false)
            }
            Expression::HeredocTemplate(h) => {
                let elements: Vec<_> = h.template.iter().collect();
                template::render_elements(self, &elements, false, false)
            }
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(ident) => self.variable(ident, expr),
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr)?;
                match cond.unmarked() {
                    Value::Unknown(_) => Ok(cond.clone()),
                    Value::Bool(true) => self.branch(&c.true_expr, &c.false_expr).map(|v| remark(v, cond.marks())),
                    Value::Bool(false) => self.branch(&c.false_expr, &c.true_expr).map(|v| remark(v, cond.marks())),
                    Value::String(s) if &**s == "true" => self.branch(&c.true_expr, &c.false_expr),
                    Value::String(s) if &**s == "false" => self.branch(&c.false_expr, &c.true_expr),
                    Value::Null => Err(self.error(
                        &c.cond_expr,
                        "the condition value is null",
                        "null condition",
                        "conditions must be true or false, not null",
                    )),
                    other => Err(self.error(
                        &c.cond_expr,
                        format!("the condition must be a bool, not {}", other.type_name()),
                        "not a bool",
                        "use a comparison or a bool value",
                    )),
                }
            }
            Expression::FuncCall(call) => self.call(call),
            Expression::Traversal(t) => {
                let (base, consumed) = self.traversal_base(&t.expr, &t.operators)?;
                self.apply_operators(base, &t.operators[consumed..])
            }
            Expression::UnaryOp(op) => {
                let operand = self.eval(&op.expr)?;
                let result = match op.operator.value() {
                    UnaryOperator::Neg => ops::negate(&operand),
                    UnaryOperator::Not => ops::not(&operand),
                };
                result.map_err(|m| self.error(&op.expr, m, "invalid operand", "check the operand's type"))
            }
            Expression::BinaryOp(op) => {
                let operator = *op.operator.value();
                if matches!(operator, hcl_edit::expr::BinaryOperator::And | hcl_edit::expr::BinaryOperator::Or) {
                    return self.logical(op);
                }
                let lhs = self.eval(&op.lhs_expr)?;
                let rhs = self.eval(&op.rhs_expr)?;
                ops::binary(*op.operator.value(), &lhs, &rhs).map_err(|(side, m)| {
                    let node: &Expression = if side == ops::Side::Left { &op.lhs_expr } else { &op.rhs_expr };
                    self.error(node, m, "invalid operand", "check the operand's type")
                })
            }
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    /// The chosen result of a conditional, converted to the type both results unify to (hcl's
    /// ConditionalExpr; see `unify.rs`). The other result is evaluated for its type only: its
    /// errors are dropped, as hcl drops the unchosen side's diagnostics, and where its type
    /// cannot be known (an error, an unknown, null) the chosen value stays as it is.
    fn branch(&self, chosen: &Expression, other: &Expression) -> EvalResult {
        let value = self.eval(chosen)?;
        let Some(mine) = super::unify::type_of(&value) else { return Ok(value) };
        let Some(theirs) = self.eval(other).ok().as_ref().and_then(super::unify::type_of) else { return Ok(value) };
        let Some(unified) = super::unify::unify(&mine, &theirs) else {
            return Err(self.error(
                chosen,
                format!(
                    "Inconsistent conditional result types: the true and false result expressions must have consistent types; this one is {}, the other is {}",
                    super::unify::friendly_name(&mine),
                    super::unify::friendly_name(&theirs)
                ),
                "inconsistent with the other result",
                "convert both results to one type (tostring, tolist, tomap), or give them the same shape",
            ));
        };
        if unified == mine {
            return Ok(value);
        }
        let marked = value.marks();
        match super::types::convert(value.unmarked(), &unified) {
            Ok(converted) => Ok(remark(converted, marked)),
            Err(_) => Ok(value),
        }
    }

    /// `&&` and `||`: both operands are evaluated, and a deciding one wins over the other's
    /// unknown value or error (`var.x == null || var.x.a > 0` with `x` null is `true`).
    fn logical(&self, op: &hcl_edit::expr::BinaryOp) -> EvalResult {
        let lhs = self.eval(&op.lhs_expr);
        let rhs = self.eval(&op.rhs_expr);
        let is_and = *op.operator.value() == hcl_edit::expr::BinaryOperator::And;
        let marked =
            [&lhs, &rhs].iter().filter_map(|side| side.as_ref().ok()).fold(Marks::default(), |m, v| m | v.marks());
        match ops::short_circuit(is_and, lhs.as_ref().ok(), rhs.as_ref().ok()) {
            ops::ShortCircuit::Decided(value) => Ok(value.with_marks(marked)),
            ops::ShortCircuit::LeftError => lhs,
            ops::ShortCircuit::RightError => rhs,
            ops::ShortCircuit::Neither => {
                let (lhs, rhs) = (lhs?, rhs?);
                ops::binary(*op.operator.value(), &lhs, &rhs).map_err(|(side, m)| {
                    let node: &Expression = if side == ops::Side::Left { &op.lhs_expr } else { &op.rhs_expr };
                    self.error(node, m, "invalid operand", "check the operand's type")
                })
            }
        }
    }

    /// An object key from an expression: `Ok(Ok(key))`, or `Ok(Err(unknown))` when the key
    /// cannot be known, in which case the whole object is unknown.
    fn object_key(&self, key_expr: &Expression) -> Result<Result<String, Value>, EvalError> {
        // A bare identifier in parentheses-free key position is a literal name in HCL.
        if let Expression::Variable(ident) = key_expr {
            return Ok(Ok(ident.as_str().to_string()));
        }
        let key = self.eval(key_expr)?;
        match key.unmarked() {
            Value::String(s) => Ok(Ok(s.to_string())),
            Value::Number(n) => Ok(Ok(n.to_string())),
            Value::Bool(b) => Ok(Ok(b.to_string())),
            Value::Unknown(_) => Ok(Err(key.clone())),
            Value::Null => Err(self.error(key_expr, "object key is null", "null key", "object keys must be strings")),
            other => Err(self.error(
                key_expr,
                format!("object key must be a string, not {}", other.type_name()),
                "not a string",
                "object keys must be strings",
            )),
        }
    }

    fn variable(&self, ident: &Decorated<hcl_edit::Ident>, node: &Expression) -> EvalResult {
        let name = ident.as_str();
        if let Some(v) = self.lookup_local(name) {
            return Ok(v.clone());
        }
        let (value, _) = self.scope.resolve(name, &[], self.site(node))?;
        Ok(value)
    }

    /// Resolves the root of a traversal: a local name, or a reference the scope resolves with
    /// as many following attribute names as it needs.
    fn traversal_base(
        &self,
        base: &Expression,
        operators: &[Decorated<TraversalOperator>],
    ) -> Result<(Value, usize), EvalError> {
        let Expression::Variable(ident) = base else {
            return Ok((self.eval(base)?, 0));
        };
        let name = ident.as_str();
        if let Some(v) = self.lookup_local(name) {
            return Ok((v.clone(), 0));
        }
        let attrs = crate::config::attribute_names(operators);
        let end = operators
            .get(attrs.len().saturating_sub(1))
            .and_then(Span::span)
            .or_else(|| base.span().map(|s| s.end..s.end));
        let site = match (base.span(), end) {
            (Some(b), Some(e)) if !attrs.is_empty() => Some(Site::new(self.file, b.start..e.end)),
            (Some(b), _) => Some(Site::new(self.file, b)),
            _ => None,
        };
        self.scope.resolve(name, &attrs, site)
    }

    pub(crate) fn apply_operators(&self, mut value: Value, operators: &[Decorated<TraversalOperator>]) -> EvalResult {
        let mut i = 0;
        while i < operators.len() {
            let op = &operators[i];
            match op.value() {
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(op.value(), TraversalOperator::FullSplat(_));
                    let rest_end = if full {
                        operators.len()
                    } else {
                        i + 1
                            + operators[i + 1..]
                                .iter()
                                .take_while(|o| matches!(o.value(), TraversalOperator::GetAttr(_)))
                                .count()
                    };
                    let rest = &operators[i + 1..rest_end];
                    value = self.splat(&value, rest)?;
                    i = rest_end;
                    continue;
                }
                TraversalOperator::GetAttr(name) => {
                    value = ops::get_attr(&value, name.as_str()).map_err(|m| {
                        self.error(op, m, "no such attribute", "check the attribute name and the value's type")
                    })?;
                }
                TraversalOperator::Index(index_expr) => {
                    let index = self.eval(index_expr)?;
                    value = ops::index(&value, &index).map_err(|m| {
                        self.error(op, m, "invalid index", "check the key or index against the collection")
                    })?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    let index = Value::from(*n.value() as i64);
                    value = ops::index(&value, &index)
                        .map_err(|m| self.error(op, m, "invalid index", "check the index against the collection"))?;
                }
            }
            i += 1;
        }
        Ok(value)
    }

    fn splat(&self, value: &Value, rest: &[Decorated<TraversalOperator>]) -> EvalResult {
        let sensitive = value.marks();
        let result = match value.unmarked() {
            Value::Unknown(_) => return Ok(value.clone()),
            Value::Null => Value::tuple(Vec::new()),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    out.push(self.apply_operators(item.clone(), rest)?);
                }
                match value.unmarked() {
                    Value::List(_) => Value::list(out),
                    Value::Set(_) => Value::set(out),
                    _ => Value::tuple(out),
                }
            }
            // A splat on a single value treats it as a one-element tuple.
            other => Value::tuple(vec![self.apply_operators(other.clone(), rest)?]),
        };
        Ok(remark(result, sensitive))
    }

    fn for_expr(&self, f: &ForExpr) -> EvalResult {
        let collection = self.eval(&f.intro.collection_expr)?;
        let sensitive = collection.marks();
        let items: Vec<(Value, Value)> = match collection.unmarked() {
            Value::Unknown(_) => return Ok(collection.clone()),
            Value::List(items) | Value::Tuple(items) => {
                items.iter().enumerate().map(|(i, v)| (Value::from(i as i64), v.clone())).collect()
            }
            Value::Set(items) => items.iter().map(|v| (v.clone(), v.clone())).collect(),
            Value::Map(_) | Value::Object(_) => collection
                .as_entries()
                .map(|m| m.iter().map(|(k, v)| (Value::string(k.as_str()), v.clone())).collect())
                .unwrap_or_default(),
            Value::Null => {
                return Err(self.error(
                    &f.intro.collection_expr,
                    "cannot iterate over a null value",
                    "null",
                    "a for expression needs a list, set, tuple, map or object",
                ))
            }
            other => {
                return Err(self.error(
                    &f.intro.collection_expr,
                    format!("cannot iterate over a {}", other.type_name()),
                    "not a collection",
                    "a for expression needs a list, set, tuple, map or object",
                ))
            }
        };
        super::budget::iterations(items.len())
            .map_err(|m| self.error(f, m, "too many iterations", "iterate over smaller collections"))?;
        let key_name = f.intro.key_var.as_ref().map(|k| k.as_str());
        let value_name = f.intro.value_var.as_str();
        let mut list = Vec::new();
        let mut object: Map = Map::new();
        let mut groups: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
        for (key, value) in items {
            let value_local = Locals { name: value_name, value, parent: self.locals };
            let key_local;
            let scope = match key_name {
                Some(k) => {
                    key_local = Locals { name: k, value: key, parent: Some(&value_local) };
                    self.with_locals(&key_local)
                }
                None => self.with_locals(&value_local),
            };
            if let Some(cond) = &f.cond {
                let keep = scope.eval(&cond.expr)?;
                match keep.unmarked() {
                    Value::Bool(true) => {}
                    Value::Bool(false) => continue,
                    Value::Unknown(_) => return Ok(keep.clone()),
                    other => {
                        return Err(self.error(
                            &cond.expr,
                            format!("the for filter must be a bool, not {}", other.type_name()),
                            "not a bool",
                            "an `if` clause in a for expression must give true or false",
                        ))
                    }
                }
            }
            match &f.key_expr {
                None => list.push(scope.eval(&f.value_expr)?),
                Some(key_expr) => {
                    let k = scope.eval(key_expr)?;
                    let k = match k.unmarked() {
                        Value::String(s) => s.to_string(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Unknown(_) => return Ok(k.clone()),
                        other => {
                            return Err(self.error(
                                key_expr,
                                format!("for expression key must be a string, not {}", other.type_name()),
                                "invalid key",
                                "object keys must be strings",
                            ))
                        }
                    };
                    let v = scope.eval(&f.value_expr)?;
                    if f.grouping {
                        groups.entry(k).or_default().push(v);
                    } else {
                        match object.entry(k) {
                            super::map::Entry::Occupied(entry) => {
                                return Err(self.error(
                                    key_expr,
                                    format!("duplicate object key {:?}", entry.key()),
                                    "this key repeats",
                                    "use `...` after the value expression to group values by key, or make keys unique",
                                ))
                            }
                            super::map::Entry::Vacant(entry) => {
                                entry.insert(v);
                            }
                        }
                    }
                }
            }
        }
        let result = match (&f.key_expr, f.grouping) {
            (None, _) => Value::tuple(list),
            (Some(_), true) => Value::object(groups.into_iter().map(|(k, v)| (k, Value::tuple(v))).collect()),
            (Some(_), false) => Value::object(object),
        };
        Ok(remark(result, sensitive))
    }

    fn call(&self, call: &FuncCall) -> EvalResult {
        let name = call.name.name.as_str();
        if call.name.is_namespaced() {
            let full: Vec<&str> = call.name.namespace.iter().map(|n| n.as_str()).chain([name]).collect();
            return Ok(Value::unknown(format!("result of provider function {}", full.join("::")), self.site(call)));
        }
        match name {
            "try" => return self.call_try(call),
            "can" => return self.call_can(call),
            // Terraform: the template must come from a reference (local.tpl, data.x.y.content),
            // so that a template is never interpreted twice.
            "templatestring" => {
                if let Some(first) =
                    call.args.iter().next().filter(|a| !matches!(a, Expression::Traversal(_) | Expression::Variable(_)))
                {
                    return Err(self.error(
                        first,
                    "the template argument of templatestring must be a reference to a string value, not a template expression",
                    "not a reference",
                    "put the template in a local value or read it from a data source, and pass that reference",
                    ));
                }
            }
            _ => {}
        }
        let Some(ctx) = self.scope.functions() else {
            return Err(self.error(
                call,
                "function calls are not allowed here",
                "function call",
                "variable definition files hold only literal values",
            ));
        };
        let mut args = Vec::with_capacity(call.args.len());
        for arg in call.args.iter() {
            args.push(self.eval(arg)?);
        }
        if call.args.expand_final() {
            if let Some(last) = args.pop() {
                match last.unmarked() {
                    Value::List(items) | Value::Tuple(items) | Value::Set(items) => args.extend(items.iter().cloned()),
                    Value::Unknown(_) => return Ok(last.clone()),
                    other => {
                        return Err(self.error(
                            call,
                            format!("the final argument to expand with ... must be a list, not {}", other.type_name()),
                            "cannot expand",
                            "pass a list or tuple before `...`",
                        ))
                    }
                }
            }
        }
        let result = functions::call(name, &args, &ctx);
        match result.as_ref().map(Value::unmarked) {
            Ok(Value::String(s)) => {
                if let Err(m) = super::budget::string_len(s.len()) {
                    return Err(self.error(call, m, "the result is too long", "build smaller strings"));
                }
            }
            // A collection doubled through locals (`concat(l, l)`, thirty times) stops here.
            Ok(Value::List(items) | Value::Set(items) | Value::Tuple(items)) => {
                let within = super::budget::collection_elements(items.len() as u128)
                    .and_then(|()| super::budget::elements_built(items.len()));
                if let Err(m) = within {
                    return Err(self.error(call, m, "the result is too large", "build smaller collections"));
                }
            }
            _ => {}
        }
        result.map_err(|e| {
            let help = match &e {
                functions::FunctionError::UnknownFunction(_) => "see Terraform's list of built-in functions",
                functions::FunctionError::Arity { .. } => "check the number of arguments",
                _ => "check the arguments against the function's documentation",
            };
            // A message may quote an argument: a sensitive one never shows (as in Terraform).
            let secrets: Vec<String> = args.iter().flat_map(Value::sensitive_texts).collect();
            EvalError::diag(
                Diagnostic::error(codes::Eval::Function, scrub(&e.to_string(), &secrets))
                    .label(self.site(call), format!("in this call to {name}"))
                    .help(help),
            )
        })
    }

    /// `try(a, b, ...)`: the first argument that evaluates without error. An unknown argument
    /// makes the result unknown, since Terraform cannot know yet whether it would fail.
    fn call_try(&self, call: &FuncCall) -> EvalResult {
        if call.args.is_empty() {
            return Err(self.error(
                call,
                "try needs at least one argument",
                "empty try",
                "pass the expressions to attempt in order",
            ));
        }
        let mut last_error = None;
        for arg in call.args.iter() {
            match self.eval(arg) {
                Ok(v) if v.is_wholly_known() => return Ok(v),
                Ok(v) => return Ok(v.find_unknown().map_or(v.clone(), |u| Value::Unknown(Arc::clone(u)))),
                Err(EvalError::Diag(d)) if d.code != codes::Eval::Cycle && d.code != codes::Eval::Limit => {
                    last_error = Some(EvalError::Diag(d))
                }
                Err(other) => return Err(other),
            }
        }
        Err(last_error.unwrap_or_else(|| {
            self.error(
                call,
                "no argument of try could be evaluated",
                "every argument failed",
                "add a final fallback value",
            )
        }))
    }

    fn call_can(&self, call: &FuncCall) -> EvalResult {
        let Some(arg) = call.args.iter().next().filter(|_| call.args.len() == 1) else {
            return Err(self.error(
                call,
                "can takes exactly one argument",
                "wrong argument count",
                "write can(expression)",
            ));
        };
        match self.eval(arg) {
            Ok(v) => match v.find_unknown() {
                Some(u) => Ok(Value::Unknown(Arc::clone(u))),
                None => Ok(Value::Bool(true)),
            },
            Err(EvalError::Diag(d)) if d.code != codes::Eval::Cycle && d.code != codes::Eval::Limit => {
                Ok(Value::Bool(false))
            }
            Err(other) => Err(other),
        }
    }
}

/// A number literal as written (hclsyntax parses its text with cty's `ParseNumberVal`, 512
/// bits); hcl-edit's own value is only an `f64`.
fn number_literal(n: &hcl_edit::Formatted<hcl_edit::Number>) -> Number {
    let written = n.as_repr().map(|raw| raw.split_whitespace().collect::<String>());
    written.as_deref().and_then(Number::parse).unwrap_or_else(|| match n.value().as_i64() {
        Some(i) => Number::integer_with_precision(i, crate::eval::number::PARSED_PRECISION),
        None => {
            Number::parse(&n.value().to_string()).unwrap_or_else(|| Number::from_f64(n.value().as_f64().unwrap_or(0.0)))
        }
    })
}

/// `value` with `marks` added (sensitive, ephemeral).
pub(crate) fn remark(value: Value, marks: Marks) -> Value {
    value.with_marks(marks)
}

/// `message` with every quotation of a sensitive text replaced by `(sensitive value)`: quoted
/// (`"text"`, as error messages quote strings) always, bare when long enough to be unambiguous.
pub(crate) fn scrub(message: &str, secrets: &[String]) -> String {
    let mut out = message.to_string();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let quoted = serde_json::to_string(secret).unwrap_or_default();
        out = out.replace(&quoted, "(sensitive value)");
        if secret.chars().count() >= 4 {
            out = out.replace(secret.as_str(), "(sensitive value)");
        }
    }
    out
}
