//! Template whitespace as HCL's parser leaves it, for heredocs and template files.
//!
//! In hashicorp/hcl (`hclsyntax/parser_template.go`, `parseTemplateParts`) a `~` strip marker
//! trims only the one literal *token* beside it, and in a heredoc or a template file the scanner
//! ends a literal token at every newline (`scan_tokens.rl`: `heredocLiteralEOL`,
//! `BareStringLiteral ... Newline?`). So `%{ for x in xs ~}` followed by a newline eats that
//! newline and nothing of the next line's indentation. A `<<-` heredoc then loses the smallest
//! indentation of its lines, counted after the markers have trimmed (`flushHeredocTemplateParts`):
//! a line whose leading spaces a marker removed counts as indented by zero.
//!
//! hcl-edit dedents at parse time and trims whole literals across lines, so this module rewrites
//! each affected template's literals once, at load, to HCL's result and clears the markers; the
//! evaluator then renders the literals as they are.

use hcl_edit::expr::Expression;
use hcl_edit::template::{Directive, Element, Strip, Template};
use hcl_edit::visit_mut::{visit_expr_mut, VisitMut};
use hcl_edit::Span;
use unicode_segmentation::UnicodeSegmentation;

/// Rewrites every heredoc in `body` (parsed from `text`) to HCL's whitespace.
pub(crate) fn apply_to_heredocs(body: &mut hcl_edit::structure::Body, text: &str) {
    if !text.contains("<<") {
        return;
    }
    Heredocs { text }.visit_body_mut(body);
}

/// Rewrites a template file's template (its literals are as written) to HCL's whitespace.
pub(crate) fn apply_to_template_file(template: &mut Template) {
    rewrite(template, &|literal: &hcl_edit::Spanned<String>| literal.value().clone(), false);
}

struct Heredocs<'t> {
    text: &'t str,
}

impl VisitMut for Heredocs<'_> {
    fn visit_expr_mut(&mut self, node: &mut Expression) {
        if let Expression::HeredocTemplate(heredoc) = node {
            let flush = heredoc.span().and_then(|s| self.text.get(s.start..)).is_some_and(|t| t.starts_with("<<-"));
            let text = self.text;
            // The literal as written: hcl-edit has already dedented a `<<-` heredoc's values, so
            // they are read again from the source (a heredoc's only escapes are `$${` and `%%{`).
            let original = |literal: &hcl_edit::Spanned<String>| match literal.span().and_then(|s| text.get(s)) {
                Some(raw) => raw.replace("$${", "${").replace("%%{", "%{"),
                None => literal.value().clone(),
            };
            rewrite(&mut heredoc.template, &original, flush);
        }
        visit_expr_mut(self, node);
    }
}

/// One of HCL's template tokens: a literal piece (ending at a newline at the latest), or the
/// opening or closing of an interpolation or directive tag with its strip markers.
enum Token {
    Literal { owner: usize, text: String },
    Tag { trims_before: bool, trims_after: bool },
}

fn tag(strip: Strip) -> Token {
    Token::Tag { trims_before: strip.strip_start(), trims_after: strip.strip_end() }
}

fn rewrite(template: &mut Template, original: &dyn Fn(&hcl_edit::Spanned<String>) -> String, flush: bool) {
    let mut tokens = Vec::new();
    let mut literals = 0;
    tokenize(template, original, &mut tokens, &mut literals);
    if literals == 0 {
        return;
    }
    apply_strip_markers(&mut tokens);
    if flush {
        flush_indentation(&mut tokens);
    }
    let mut values = vec![String::new(); literals];
    for token in tokens {
        if let Token::Literal { owner, text } = token {
            values[owner].push_str(&text);
        }
    }
    let mut values = values.into_iter();
    write_back(template, &mut values);
}

fn tokenize(
    template: &Template,
    original: &dyn Fn(&hcl_edit::Spanned<String>) -> String,
    tokens: &mut Vec<Token>,
    literals: &mut usize,
) {
    for element in template.iter() {
        match element {
            Element::Literal(literal) => {
                let owner = *literals;
                *literals += 1;
                for piece in original(literal).split_inclusive('\n') {
                    tokens.push(Token::Literal { owner, text: piece.to_string() });
                }
            }
            Element::Interpolation(i) => tokens.push(tag(i.strip)),
            Element::Directive(d) => match &**d {
                Directive::If(d) => {
                    tokens.push(tag(d.if_expr.strip));
                    tokenize(&d.if_expr.template, original, tokens, literals);
                    if let Some(e) = &d.else_expr {
                        tokens.push(tag(e.strip));
                        tokenize(&e.template, original, tokens, literals);
                    }
                    tokens.push(tag(d.endif_expr.strip));
                }
                Directive::For(d) => {
                    tokens.push(tag(d.for_expr.strip));
                    tokenize(&d.for_expr.template, original, tokens, literals);
                    tokens.push(tag(d.endfor_expr.strip));
                }
            },
        }
    }
}

/// `parseTemplateParts`: a tag opened with `~` trims the literal token just before it, one
/// closed with `~` the literal token just after it.
fn apply_strip_markers(tokens: &mut [Token]) {
    let mut trim_next = false;
    let mut previous_is_literal = false;
    for i in 0..tokens.len() {
        let trim_this = std::mem::take(&mut trim_next);
        let can_trim_previous = std::mem::take(&mut previous_is_literal);
        match &mut tokens[i] {
            Token::Literal { text, .. } => {
                if trim_this {
                    *text = text.trim_start().to_string();
                }
                previous_is_literal = true;
            }
            Token::Tag { trims_before, trims_after } => {
                let (before, after) = (*trims_before, *trims_after);
                trim_next = after;
                if before && can_trim_previous && i > 0 {
                    if let Token::Literal { text, .. } = &mut tokens[i - 1] {
                        *text = text.trim_end().to_string();
                    }
                }
            }
        }
    }
}

/// `flushHeredocTemplateParts`: removes from every line-leading literal the smallest number of
/// leading spaces (in characters) of any line; blank lines do not count and keep theirs, a line
/// that starts with a tag or an emptied literal counts as zero.
fn flush_indentation(tokens: &mut [Token]) {
    let mut smallest = usize::MAX;
    let mut at_line_start = true;
    let mut adjust = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if std::mem::take(&mut at_line_start) {
            match token {
                Token::Literal { text, .. } => {
                    let rest = text.trim_start();
                    if !(rest.is_empty() && text.ends_with('\n')) {
                        let leading = &text[..text.len() - rest.len()];
                        smallest = smallest.min(leading.graphemes(true).count());
                        adjust.push(i);
                    }
                }
                Token::Tag { .. } => smallest = 0,
            }
        }
        if let Token::Literal { text, .. } = token {
            at_line_start = text.ends_with('\n');
        }
    }
    if smallest == 0 || smallest == usize::MAX {
        return;
    }
    for i in adjust {
        if let Token::Literal { text, .. } = &mut tokens[i] {
            let cut: usize = text.graphemes(true).take(smallest).map(str::len).sum();
            text.replace_range(..cut, "");
        }
    }
}

fn write_back(template: &mut Template, values: &mut impl Iterator<Item = String>) {
    for element in template.iter_mut() {
        match element {
            Element::Literal(literal) => {
                if let Some(v) = values.next() {
                    *literal.value_mut() = v;
                }
            }
            Element::Interpolation(i) => i.strip = Strip::None,
            Element::Directive(d) => match &mut **d {
                Directive::If(d) => {
                    d.if_expr.strip = Strip::None;
                    write_back(&mut d.if_expr.template, values);
                    if let Some(e) = &mut d.else_expr {
                        e.strip = Strip::None;
                        write_back(&mut e.template, values);
                    }
                    d.endif_expr.strip = Strip::None;
                }
                Directive::For(d) => {
                    d.for_expr.strip = Strip::None;
                    write_back(&mut d.for_expr.template, values);
                    d.endfor_expr.strip = Strip::None;
                }
            },
        }
    }
}
