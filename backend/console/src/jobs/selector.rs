//! Kubernetes label selectors (`app=pi,tier!=batch,env in (a,b),!canary,owner`), parsed and
//! matched as `k8s.io/apimachinery/pkg/labels` does: `=`, `==`, `!=`, `in`, `notin`, `>`,
//! `<`, existence (`key`) and non-existence (`!key`).

use std::collections::BTreeMap;

use super::syntax;

/// A parsed label selector: all of its requirements must hold. The empty selector matches
/// everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
    GreaterThan(String, i64),
    LessThan(String, i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Not,
    Eq,
    NotEq,
    Gt,
    Lt,
    Comma,
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let simple = match c {
            ',' => Some(Token::Comma),
            '(' => Some(Token::Open),
            ')' => Some(Token::Close),
            '>' => Some(Token::Gt),
            '<' => Some(Token::Lt),
            _ => None,
        };
        if let Some(token) = simple {
            chars.next();
            tokens.push(token);
            continue;
        }
        match c {
            '!' => {
                chars.next();
                if chars.peek() == Some(&'=') {
                    chars.next();
                    tokens.push(Token::NotEq);
                } else {
                    tokens.push(Token::Not);
                }
            }
            '=' => {
                chars.next();
                if chars.peek() == Some(&'=') {
                    chars.next();
                }
                tokens.push(Token::Eq);
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || "!=,()<>".contains(c) {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn key(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Token::Word(key)) => {
                let problems = syntax::qualified_name(&key);
                if let Some(problem) = problems.first() {
                    return Err(format!("invalid label key {key:?}: {problem}"));
                }
                Ok(key)
            }
            other => Err(format!(
                "expected a label key, found {}",
                describe(other.as_ref())
            )),
        }
    }

    fn value(&mut self) -> Result<String, String> {
        // `key=` (an empty value) is allowed: the next token is then `,` or the end.
        let value = match self.peek() {
            Some(Token::Word(_)) => match self.next() {
                Some(Token::Word(v)) => v,
                _ => String::new(),
            },
            None | Some(Token::Comma) | Some(Token::Close) => String::new(),
            other => return Err(format!("expected a value, found {}", describe(other))),
        };
        if let Some(problem) = syntax::label_value(&value).first() {
            return Err(format!("invalid label value {value:?}: {problem}"));
        }
        Ok(value)
    }

    fn values(&mut self) -> Result<Vec<String>, String> {
        match self.next() {
            Some(Token::Open) => {}
            other => return Err(format!("expected '(', found {}", describe(other.as_ref()))),
        }
        let mut values = Vec::new();
        loop {
            if self.peek() == Some(&Token::Close) && values.is_empty() {
                self.next();
                return Err("for 'in', 'notin' operators, values set can't be empty".into());
            }
            values.push(self.value()?);
            match self.next() {
                Some(Token::Comma) => continue,
                Some(Token::Close) => return Ok(values),
                other => {
                    return Err(format!(
                        "expected ',' or ')', found {}",
                        describe(other.as_ref())
                    ));
                }
            }
        }
    }

    fn number(&mut self) -> Result<i64, String> {
        match self.next() {
            Some(Token::Word(w)) => w.parse().map_err(|_| {
                format!("for 'Gt', 'Lt' operators, the value must be an integer, not {w:?}")
            }),
            other => Err(format!(
                "expected an integer, found {}",
                describe(other.as_ref())
            )),
        }
    }

    fn requirement(&mut self) -> Result<Requirement, String> {
        if self.peek() == Some(&Token::Not) {
            self.next();
            return Ok(Requirement::DoesNotExist(self.key()?));
        }
        let key = self.key()?;
        match self.peek().cloned() {
            None | Some(Token::Comma) => Ok(Requirement::Exists(key)),
            Some(Token::Eq) => {
                self.next();
                Ok(Requirement::In(key, vec![self.value()?]))
            }
            Some(Token::NotEq) => {
                self.next();
                Ok(Requirement::NotIn(key, vec![self.value()?]))
            }
            Some(Token::Gt) => {
                self.next();
                Ok(Requirement::GreaterThan(key, self.number()?))
            }
            Some(Token::Lt) => {
                self.next();
                Ok(Requirement::LessThan(key, self.number()?))
            }
            Some(Token::Word(w)) if w == "in" => {
                self.next();
                Ok(Requirement::In(key, self.values()?))
            }
            Some(Token::Word(w)) if w == "notin" => {
                self.next();
                Ok(Requirement::NotIn(key, self.values()?))
            }
            other => Err(format!(
                "expected an operator (=, ==, !=, in, notin, >, <) after {key:?}, found {}",
                describe(other.as_ref())
            )),
        }
    }
}

fn describe(token: Option<&Token>) -> String {
    match token {
        None => "the end".to_owned(),
        Some(Token::Word(w)) => format!("{w:?}"),
        Some(Token::Not) => "'!'".to_owned(),
        Some(Token::Eq) => "'='".to_owned(),
        Some(Token::NotEq) => "'!='".to_owned(),
        Some(Token::Gt) => "'>'".to_owned(),
        Some(Token::Lt) => "'<'".to_owned(),
        Some(Token::Comma) => "','".to_owned(),
        Some(Token::Open) => "'('".to_owned(),
        Some(Token::Close) => "')'".to_owned(),
    }
}

impl LabelSelector {
    /// Parses a selector; the error says what is wrong (the caller names the selector).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parser = Parser {
            tokens: tokenize(text)?,
            pos: 0,
        };
        let mut requirements = Vec::new();
        while parser.peek().is_some() {
            requirements.push(parser.requirement()?);
            match parser.next() {
                None => break,
                Some(Token::Comma) if parser.peek().is_some() => {}
                other => {
                    return Err(format!(
                        "expected ',' and another requirement, found {}",
                        describe(other.as_ref())
                    ));
                }
            }
        }
        Ok(Self { requirements })
    }

    /// Whether the labels satisfy every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| match r {
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
            Requirement::GreaterThan(k, n) => labels
                .get(k)
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|v| v > *n),
            Requirement::LessThan(k, n) => labels
                .get(k)
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|v| v < *n),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn matches(selector: &str, pairs: &[(&str, &str)]) -> bool {
        LabelSelector::parse(selector)
            .unwrap_or_else(|e| panic!("{selector}: {e}"))
            .matches(&labels(pairs))
    }

    #[test]
    fn equality_and_inequality() {
        assert!(matches("", &[]));
        assert!(matches("app=pi", &[("app", "pi")]));
        assert!(matches("app==pi", &[("app", "pi")]));
        assert!(!matches("app=pi", &[("app", "px")]));
        assert!(!matches("app=pi", &[]));
        assert!(matches("app!=pi", &[]));
        assert!(matches("app!=pi", &[("app", "x")]));
        assert!(!matches("app != pi", &[("app", "pi")]));
        assert!(matches("app=", &[("app", "")]));
        assert!(matches(
            "app=pi, tier=batch",
            &[("app", "pi"), ("tier", "batch")]
        ));
        assert!(!matches("app=pi,tier=batch", &[("app", "pi")]));
    }

    #[test]
    fn sets_and_existence() {
        assert!(matches("env in (dev, prod)", &[("env", "prod")]));
        assert!(!matches("env in (dev,prod)", &[("env", "qa")]));
        assert!(matches("env notin (dev,prod)", &[("env", "qa")]));
        assert!(matches("env notin (dev)", &[]));
        assert!(matches("env", &[("env", "")]));
        assert!(!matches("env", &[]));
        assert!(matches("!env", &[]));
        assert!(!matches("!env", &[("env", "x")]));
        assert!(matches(
            "kubesphere.io/workspace",
            &[("kubesphere.io/workspace", "w")]
        ));
        assert!(matches("n>3,n<10", &[("n", "5")]));
        assert!(!matches("n>3", &[("n", "x")]));
    }

    #[test]
    fn bad_selectors_say_why() {
        for bad in [
            "app=pi,",
            ",",
            "app in ()",
            "app in (a",
            "app in a",
            "=pi",
            "app=pi=x",
            "app=bad value!",
            "a b",
            "-x=1",
            "app=".repeat(2).as_str(),
            "n>x",
            "!",
            "app=a b",
        ] {
            assert!(
                LabelSelector::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
        assert!(
            LabelSelector::parse("app in ()")
                .unwrap_err()
                .contains("can't be empty")
        );
        assert!(LabelSelector::parse("Bad Key=1").is_err());
    }
}
