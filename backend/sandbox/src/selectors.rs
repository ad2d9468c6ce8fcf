//! Label and field selectors as the API server parses and applies them.

use serde_json::Value;

use crate::error::Error;
use crate::resources::ResourceInfo;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Eq(String),
    NotEq(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    NotExists,
}

/// A parsed label selector (`app=x,tier!=db,env in (a,b),!legacy`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSelector {
    reqs: Vec<(String, Op)>,
}

/// A parsed field selector (`metadata.name=x,status.phase!=Running`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSelector {
    reqs: Vec<(String, bool, String)>,
}

/// Splits on commas that are not inside parentheses.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn bad(req: &str) -> Error {
    Error::BadRequest(format!(
        "unable to parse requirement: found '{req}', expected: ',' or 'end of string'"
    ))
}

fn parse_set(rest: &str, req: &str) -> Result<Vec<String>, Error> {
    let rest = rest.trim();
    let inner = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| bad(req))?;
    Ok(inner
        .split(',')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect())
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 317
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

impl LabelSelector {
    /// Parses a label selector string; empty means "everything".
    pub fn parse(s: &str) -> Result<Self, Error> {
        let mut reqs = Vec::new();
        if s.trim().is_empty() {
            return Ok(Self { reqs });
        }
        for raw in split_top(s) {
            let req = raw.trim();
            if req.is_empty() {
                return Err(bad(raw));
            }
            let parsed = if let Some(key) = req.strip_prefix('!') {
                (key.trim().to_owned(), Op::NotExists)
            } else if let Some((k, v)) = req.split_once("!=") {
                (k.trim().to_owned(), Op::NotEq(v.trim().to_owned()))
            } else if let Some((k, v)) = req.split_once("==") {
                (k.trim().to_owned(), Op::Eq(v.trim().to_owned()))
            } else if let Some((k, v)) = req.split_once('=') {
                (k.trim().to_owned(), Op::Eq(v.trim().to_owned()))
            } else if let Some((k, rest)) = split_word(req, "notin") {
                (k, Op::NotIn(parse_set(rest, req)?))
            } else if let Some((k, rest)) = split_word(req, "in") {
                (k, Op::In(parse_set(rest, req)?))
            } else {
                (req.to_owned(), Op::Exists)
            };
            if !valid_key(&parsed.0) {
                return Err(Error::BadRequest(format!(
                    "unable to parse requirement: invalid label key {:?}",
                    parsed.0
                )));
            }
            reqs.push(parsed);
        }
        Ok(Self { reqs })
    }

    /// A selector matching exactly these labels (from `matchLabels`).
    pub fn from_map(labels: &serde_json::Map<String, Value>) -> Self {
        Self {
            reqs: labels
                .iter()
                .map(|(k, v)| (k.clone(), Op::Eq(v.as_str().unwrap_or_default().to_owned())))
                .collect(),
        }
    }

    /// Whether the selector selects everything.
    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    /// Whether an object with these labels matches.
    pub fn matches(&self, labels: Option<&serde_json::Map<String, Value>>) -> bool {
        self.matches_with(|k| labels.and_then(|l| l.get(k)).and_then(Value::as_str))
    }

    /// Whether an object matches, given a lookup of its labels.
    pub fn matches_with<'a>(&self, get: impl Fn(&str) -> Option<&'a str>) -> bool {
        self.reqs.iter().all(|(k, op)| match op {
            Op::Eq(v) => get(k) == Some(v.as_str()),
            Op::NotEq(v) => get(k) != Some(v.as_str()),
            Op::In(vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            Op::NotIn(vs) => get(k).is_none_or(|x| !vs.iter().any(|v| v == x)),
            Op::Exists => get(k).is_some(),
            Op::NotExists => get(k).is_none(),
        })
    }
}

/// `key notin (a,b)` → ("key", "(a,b)"), requiring whitespace around the word.
fn split_word<'a>(req: &'a str, word: &str) -> Option<(String, &'a str)> {
    let pat = format!(" {word} ");
    let pat2 = format!(" {word}(");
    let idx = req.find(&pat).or_else(|| req.find(&pat2))?;
    let key = req[..idx].trim().to_owned();
    let rest = &req[idx + word.len() + 1..];
    Some((key, rest))
}

/// Field paths each resource supports in field selectors, beyond `metadata.name` and
/// `metadata.namespace`.
pub fn supported_fields(resource: &ResourceInfo) -> &'static [&'static str] {
    match resource.qualified {
        "pods" => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        "events" => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        "jobs.batch" => &["status.successful"],
        "namespaces" => &["status.phase"],
        "secrets" => &["type"],
        "nodes" => &["spec.unschedulable"],
        _ => &[],
    }
}

impl FieldSelector {
    /// Parses a field selector for `resource`; unsupported fields are a 400 as Kubernetes
    /// answers them.
    pub fn parse(s: &str, resource: &ResourceInfo) -> Result<Self, Error> {
        let mut reqs = Vec::new();
        if s.trim().is_empty() {
            return Ok(Self { reqs });
        }
        for raw in s.split(',') {
            let req = raw.trim();
            let (field, eq, value) = if let Some((k, v)) = req.split_once("!=") {
                (k, false, v)
            } else if let Some((k, v)) = req.split_once("==") {
                (k, true, v)
            } else if let Some((k, v)) = req.split_once('=') {
                (k, true, v)
            } else {
                return Err(Error::BadRequest(format!(
                    "invalid selector: '{s}'; can't understand '{req}'"
                )));
            };
            let field = field.trim();
            if field != "metadata.name"
                && field != "metadata.namespace"
                && !supported_fields(resource).contains(&field)
            {
                return Err(Error::BadRequest(format!(
                    "field label not supported: {field}"
                )));
            }
            reqs.push((field.to_owned(), eq, value.trim().to_owned()));
        }
        Ok(Self { reqs })
    }

    /// Whether the selector selects everything.
    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    /// Whether an object matches, given a lookup of its (indexed) field values.
    pub fn matches_with(&self, get: impl Fn(&str) -> String) -> bool {
        self.reqs
            .iter()
            .all(|(field, eq, value)| (get(field) == *value) == *eq)
    }

    /// Whether `object` matches.
    pub fn matches(&self, object: &Value) -> bool {
        self.reqs.iter().all(|(field, eq, value)| {
            let actual = field_value(object, field);
            (actual == *value) == *eq
        })
    }

    /// The value required for `field` by an `=` requirement, if any (used to narrow a list
    /// to one namespace or name cheaply).
    pub fn required(&self, field: &str) -> Option<&str> {
        self.reqs
            .iter()
            .find(|(f, eq, _)| f == field && *eq)
            .map(|(_, _, v)| v.as_str())
    }
}

/// The string value of a dotted field path, as field selectors compare it.
pub fn field_value(object: &Value, path: &str) -> String {
    let mut cur = object;
    for part in path.split('.') {
        match cur.get(part) {
            Some(v) => cur = v,
            None => {
                // Kubernetes compares absent fields as "" (bools as "false", counts as "0").
                return match path {
                    "spec.unschedulable" | "spec.hostNetwork" => "false".to_owned(),
                    "status.successful" => "0".to_owned(),
                    _ => String::new(),
                };
            }
        }
    }
    match cur {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Object(o) if path == "source" => o
            .get("component")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn label_selector_operators() {
        let l = labels(json!({"app": "x", "tier": "web"}));
        let cases = [
            ("app=x", true),
            ("app==x", true),
            ("app!=x", false),
            ("app in (x, y)", true),
            ("app notin (x,y)", false),
            ("tier", true),
            ("!tier", false),
            ("!missing", true),
            ("missing notin (a)", true),
            ("app=x,tier in (db)", false),
            ("", true),
        ];
        for (sel, want) in cases {
            let parsed = LabelSelector::parse(sel).expect(sel);
            assert_eq!(parsed.matches(Some(&l)), want, "{sel}");
        }
        assert!(LabelSelector::parse("app in x").is_err());
        assert!(LabelSelector::parse("a b=c").is_err());
    }

    #[test]
    fn field_selector_rejects_unknown_fields() {
        let pods = crate::resources::known("pods");
        let err = FieldSelector::parse("spec.foo=bar", pods).expect_err("unsupported");
        assert_eq!(err.to_string(), "field label not supported: spec.foo");
        let sel = FieldSelector::parse("status.phase!=Running,metadata.name=a", pods).expect("ok");
        assert!(sel.matches(&json!({"metadata": {"name": "a"}, "status": {"phase": "Pending"}})));
        assert!(!sel.matches(&json!({"metadata": {"name": "a"}, "status": {"phase": "Running"}})));
    }
}
