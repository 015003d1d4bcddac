//! Parser of ARM template language expressions (`[concat('a', parameters('b')).x]`) and a static check of the
//! functions, parameters and variables an expression uses.

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Str(String),
    Int(i64),
    Call(String, Vec<Expr>),
    Prop(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
}

/// What a JSON string in a template is.
pub(crate) enum Text {
    Literal(String),
    Expr(Expr),
}

/// Functions the fake evaluates (lower case).
pub(crate) const KNOWN_FUNCTIONS: &[&str] = &[
    "parameters",
    "variables",
    "resourceid",
    "subscriptionresourceid",
    "extensionresourceid",
    "tenantresourceid",
    "reference",
    "concat",
    "format",
    "subscription",
    "resourcegroup",
    "tenant",
    "guid",
    "uniquestring",
    "tolower",
    "toupper",
    "string",
    "if",
    "equals",
    "not",
    "empty",
    "length",
    "createarray",
    "createobject",
    "true",
    "false",
];

/// Classifies a template string: `[...]` is an expression, `[[...` a literal starting with one `[`.
pub(crate) fn classify(s: &str) -> Result<Text, String> {
    if s.starts_with("[[") {
        return Ok(Text::Literal(s[1..].to_string()));
    }
    if s.len() >= 2 && s.starts_with('[') && s.ends_with(']') {
        return parse(&s[1..s.len() - 1])
            .map(Text::Expr)
            .map_err(|e| format!("The language expression '{}' is not valid: {e}", &s[1..s.len() - 1]));
    }
    Ok(Text::Literal(s.to_string()))
}

/// Parses the inside of `[...]`.
pub(crate) fn parse(src: &str) -> Result<Expr, String> {
    let mut p = Parser { chars: src.chars().collect(), i: 0 };
    let e = p.expr()?;
    p.ws();
    if let Some(c) = p.peek() {
        return Err(p.unexpected(c));
    }
    Ok(e)
}

struct Parser {
    chars: Vec<char>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn unexpected(&self, c: char) -> String {
        format!("the string character '{c}' at position '{}' is not expected.", self.i)
    }

    fn expect(&mut self, want: char) -> Result<(), String> {
        self.ws();
        match self.peek() {
            Some(c) if c == want => {
                self.i += 1;
                Ok(())
            }
            Some(c) => Err(self.unexpected(c)),
            None => Err(format!("the expression is missing '{want}' at its end.")),
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            self.i += 1;
        }
        self.chars[start..self.i].iter().collect()
    }

    fn expr(&mut self) -> Result<Expr, String> {
        self.ws();
        let mut e = match self.peek() {
            Some('\'') => Expr::Str(self.string()?),
            Some(c) if c.is_ascii_digit() || c == '-' => Expr::Int(self.int()?),
            Some(c) if c.is_alphabetic() => {
                let name = self.ident();
                self.expect('(')?;
                let mut args = Vec::new();
                self.ws();
                if self.peek() == Some(')') {
                    self.i += 1;
                } else {
                    loop {
                        args.push(self.expr()?);
                        self.ws();
                        match self.peek() {
                            Some(',') => self.i += 1,
                            Some(')') => {
                                self.i += 1;
                                break;
                            }
                            Some(c) => return Err(self.unexpected(c)),
                            None => return Err("the expression is missing ')' at its end.".into()),
                        }
                    }
                }
                Expr::Call(name, args)
            }
            Some(c) => return Err(self.unexpected(c)),
            None => return Err("the expression is empty.".into()),
        };
        loop {
            self.ws();
            match self.peek() {
                Some('.') => {
                    self.i += 1;
                    self.ws();
                    let name = self.ident();
                    if name.is_empty() {
                        return Err(match self.peek() {
                            Some(c) => self.unexpected(c),
                            None => "a property name is missing after '.'.".into(),
                        });
                    }
                    e = Expr::Prop(Box::new(e), name);
                }
                Some('[') => {
                    self.i += 1;
                    let index = self.expr()?;
                    self.expect(']')?;
                    e = Expr::Index(Box::new(e), Box::new(index));
                }
                _ => return Ok(e),
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err("a string literal is not terminated.".into()),
                Some('\'') if self.chars.get(self.i + 1) == Some(&'\'') => {
                    out.push('\'');
                    self.i += 2;
                }
                Some('\'') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn int(&mut self) -> Result<i64, String> {
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let text: String = self.chars[start..self.i].iter().collect();
        text.parse().map_err(|_| format!("the number '{text}' is not valid."))
    }
}

/// Checks that every function is known and that `parameters('x')` / `variables('x')` with a literal name refer
/// to declared ones. Returns the message of the first problem.
pub(crate) fn check(e: &Expr, has_param: &dyn Fn(&str) -> bool, has_var: &dyn Fn(&str) -> bool) -> Result<(), String> {
    match e {
        Expr::Str(_) | Expr::Int(_) => Ok(()),
        Expr::Prop(inner, _) => check(inner, has_param, has_var),
        Expr::Index(inner, index) => {
            check(inner, has_param, has_var)?;
            check(index, has_param, has_var)
        }
        Expr::Call(name, args) => {
            let lower = name.to_ascii_lowercase();
            if !KNOWN_FUNCTIONS.contains(&lower.as_str()) {
                return Err(format!(
                    "The template function '{name}' is not valid. Please see https://aka.ms/arm-functions for usage details."
                ));
            }
            if let (Some(Expr::Str(arg)), true) = (args.first(), lower == "parameters") {
                if !has_param(arg) {
                    return Err(format!(
                        "The template parameter '{arg}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details."
                    ));
                }
            }
            if let (Some(Expr::Str(arg)), true) = (args.first(), lower == "variables") {
                if !has_var(arg) {
                    return Err(format!(
                        "The template variable '{arg}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details."
                    ));
                }
            }
            args.iter().try_for_each(|a| check(a, has_param, has_var))
        }
    }
}
