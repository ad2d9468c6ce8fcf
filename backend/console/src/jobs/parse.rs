//! Request bodies into manifests: JSON or YAML by content type, UTF-8 checked, syntax errors
//! with line and column, YAML alias bombs refused, and multi-document YAML split so that one
//! bad document does not stop the others (`POST imports`).
//!
//! Both formats are read into a [`serde_json::Value`] through one counting visitor, which
//! refuses duplicate keys and charges every node (and every byte of text) against a budget
//! proportional to the document's size. A document without aliases never comes near the
//! budget; one whose aliases expand it past the budget ("billion laughs") is refused with
//! [`JobsError::AliasBudgetExceeded`] before it can take memory. `serde_norway` has its own
//! guard (at most 100 alias jumps per event: "repetition limit exceeded"), mapped to the same
//! error; the budget also catches wide expansions that stay under that limit.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::error::JobsError;

/// The format of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// JSON (`application/json`).
    Json,
    /// YAML (`application/yaml`, `application/x-yaml`, `text/yaml`, `text/x-yaml`).
    Yaml,
}

/// One document of a (possibly multi-document) body, parsed on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestDocument {
    /// 0-based position among the body's non-empty documents.
    pub index: usize,
    /// 1-based line of the body where the document starts.
    pub line: usize,
    /// The manifest, or why this document cannot be used.
    pub result: Result<Value, JobsError>,
}

/// The extra budget every document gets on top of twice its length.
const BUDGET_BASE: usize = 4096;

/// Chooses the format from the `Content-Type` header (parameters such as `charset` ignored).
/// Without a content type, a body starting with `{` or `[` is JSON and anything else YAML.
pub fn body_format(content_type: Option<&str>, body: &[u8]) -> Result<BodyFormat, JobsError> {
    let media = content_type
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match media.as_str() {
        "" => {
            let first = body.iter().find(|b| !b.is_ascii_whitespace());
            Ok(if matches!(first, Some(b'{' | b'[')) {
                BodyFormat::Json
            } else {
                BodyFormat::Yaml
            })
        }
        "application/json" => Ok(BodyFormat::Json),
        "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => {
            Ok(BodyFormat::Yaml)
        }
        _ => Err(JobsError::UnsupportedMediaType {
            content_type: content_type.unwrap_or_default().to_owned(),
        }),
    }
}

/// The body as text: valid UTF-8 (a leading byte-order mark dropped), else
/// [`JobsError::NotUtf8`] with the position of the first bad byte.
pub fn body_text(body: &[u8]) -> Result<&str, JobsError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    std::str::from_utf8(body).map_err(|e| {
        let good = &body[..e.valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let column = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        JobsError::NotUtf8 { line, column }
    })
}

/// Parses a body that must hold exactly one manifest (`POST jobs`, `PUT jobs/{j}`). The
/// kind is not checked here: validation reports it among all problems.
pub fn parse_manifest(body: &[u8], format: BodyFormat) -> Result<Value, JobsError> {
    let mut docs = documents(body, format, false)?;
    match docs.len() {
        0 => Err(JobsError::Empty),
        1 => docs.remove(0).result,
        count => Err(JobsError::MultipleDocuments { count }),
    }
}

/// Parses a body of several manifests (`POST imports`): YAML documents separated by `---`,
/// or a JSON object or array of objects. Each document is parsed on its own and must be a
/// `batch/v1` `Job`; a bad one carries its error and does not stop the others. Errors of
/// the whole body (not UTF-8, nothing in it) come first.
pub fn parse_documents(
    body: &[u8],
    format: BodyFormat,
) -> Result<Vec<ManifestDocument>, JobsError> {
    let docs = documents(body, format, true)?;
    if docs.is_empty() {
        return Err(JobsError::Empty);
    }
    Ok(docs
        .into_iter()
        .map(|mut doc| {
            doc.result = doc.result.and_then(|v| check_kind(&v).map(|()| v));
            doc
        })
        .collect())
}

/// Checks that a manifest is a `batch/v1` `Job`.
pub fn check_kind(manifest: &Value) -> Result<(), JobsError> {
    let text = |key: &str| {
        manifest
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or("<none>")
            .to_owned()
    };
    let (api_version, kind) = (text("apiVersion"), text("kind"));
    if api_version == "batch/v1" && kind == "Job" {
        Ok(())
    } else {
        Err(JobsError::WrongKind { api_version, kind })
    }
}

/// The documents of a body; a JSON array is a list of documents only when `json_arrays`.
fn documents(
    body: &[u8],
    format: BodyFormat,
    json_arrays: bool,
) -> Result<Vec<ManifestDocument>, JobsError> {
    let text = body_text(body)?;
    match format {
        BodyFormat::Json => {
            if text.trim().is_empty() {
                return Ok(Vec::new());
            }
            let value = parse_json(text)?;
            let items = match value {
                Value::Array(items) if json_arrays => items,
                other => vec![other],
            };
            Ok(items
                .into_iter()
                .enumerate()
                .map(|(index, v)| ManifestDocument {
                    index,
                    line: 1,
                    result: must_be_object(v),
                })
                .collect())
        }
        BodyFormat::Yaml => Ok(split_yaml(text)
            .into_iter()
            .filter_map(|(line, chunk)| match parse_yaml(&chunk, line) {
                Ok(Value::Null) => None,
                Ok(v) => Some((line, must_be_object(v))),
                Err(e) => Some((line, Err(e))),
            })
            .enumerate()
            .map(|(index, (line, result))| ManifestDocument {
                index,
                line,
                result,
            })
            .collect()),
    }
}

fn must_be_object(value: Value) -> Result<Value, JobsError> {
    let found = match &value {
        Value::Object(_) => return Ok(value),
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    };
    Err(JobsError::NotAnObject {
        found: found.to_owned(),
    })
}

/// Parses one JSON document.
pub fn parse_json(text: &str) -> Result<Value, JobsError> {
    let budget = Budget::new(text.len());
    let mut de = serde_json::Deserializer::from_str(text);
    let result = ValueSeed(&budget)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| JobsError::Json {
        line: e.line(),
        column: e.column(),
        message: strip_location(&e.to_string()),
    })
}

/// Parses one YAML document whose first line is line `first_line` of the body.
pub fn parse_yaml(text: &str, first_line: usize) -> Result<Value, JobsError> {
    let budget = Budget::new(text.len());
    let result = ValueSeed(&budget).deserialize(serde_norway::Deserializer::from_str(text));
    result.map_err(|e| {
        let message = e.to_string();
        if budget.exceeded.get() || message.contains("repetition limit exceeded") {
            return JobsError::AliasBudgetExceeded {
                budget: budget.limit,
            };
        }
        let location = e.location();
        JobsError::Yaml {
            line: location.as_ref().map(|l| l.line() + first_line - 1),
            column: location.as_ref().map(serde_norway::Location::column),
            message: strip_location(&message),
        }
    })
}

/// Drops the " at line L column C" the parsers append: the error carries its own position
/// (corrected for the document's offset in the body).
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Splits YAML text into documents at `---` lines (and after `...` lines), keeping each
/// document's starting line. Content after `---` on the same line stays in the document,
/// at its column. Documents holding only comments and blank lines are dropped.
fn split_yaml(text: &str) -> Vec<(usize, String)> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    let mut ended = false;
    let is_marker = |line: &str, marker: &str| {
        line.strip_prefix(marker)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
    };
    for (i, line) in text.split('\n').enumerate() {
        if is_marker(line, "---") {
            docs.push((start, std::mem::take(&mut current)));
            start = i + 1;
            ended = false;
            current.push_str("   ");
            current.push_str(&line[3..]);
            current.push('\n');
        } else if is_marker(line, "...") {
            ended = true;
        } else if !ended {
            current.push_str(line);
            current.push('\n');
        }
    }
    docs.push((start, current));
    docs.into_iter()
        .filter(|(_, doc)| {
            doc.lines().any(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#') && !t.starts_with('%')
            })
        })
        .collect()
}

/// How much a document may expand to: nodes plus bytes of text.
struct Budget {
    limit: usize,
    remaining: Cell<usize>,
    exceeded: Cell<bool>,
}

impl Budget {
    fn new(len: usize) -> Self {
        let limit = len.saturating_mul(2).saturating_add(BUDGET_BASE);
        Self {
            limit,
            remaining: Cell::new(limit),
            exceeded: Cell::new(false),
        }
    }

    fn charge<E: de::Error>(&self, units: usize) -> Result<(), E> {
        match self.remaining.get().checked_sub(units) {
            Some(left) => {
                self.remaining.set(left);
                Ok(())
            }
            None => {
                self.exceeded.set(true);
                Err(E::custom("document expands past its size budget"))
            }
        }
    }
}

struct ValueSeed<'a>(&'a Budget);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor(self.0))
    }
}

struct ValueVisitor<'a>(&'a Budget);

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-compatible value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.charge(1)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.charge(1)?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.charge(1)?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.charge(1)?;
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("infinity and NaN are not allowed in a manifest"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.charge(1 + v.len())?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.0.charge(1 + v.len())?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.0.charge(1)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        ValueSeed(self.0).deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.charge(1)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ValueSeed(self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.charge(1)?;
        let mut out = Map::new();
        let mut merges = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            let value = map.next_value_seed(ValueSeed(self.0))?;
            if key == "<<" {
                // YAML 1.1 merge key, as Kubernetes' YAML reader applies it.
                merges.push(value);
                continue;
            }
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key {key:?}")));
            }
            out.insert(key, value);
        }
        for merge in merges {
            let sources = match merge {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                let Value::Object(source) = source else {
                    return Err(de::Error::custom(
                        "a merge key (<<) must refer to a mapping",
                    ));
                };
                for (k, v) in source {
                    out.entry(k).or_insert(v);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

struct KeySeed<'a>(&'a Budget);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.0.charge(v.len())?;
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        self.0.charge(v.len())?;
        Ok(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.visit_string(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.visit_string(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.visit_string(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.visit_string(v.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.visit_string("null".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::validate::tests::pi;

    fn yaml(text: &str) -> Result<Value, JobsError> {
        parse_manifest(text.as_bytes(), BodyFormat::Yaml)
    }

    #[test]
    fn content_types() {
        assert_eq!(
            body_format(Some("application/json"), b""),
            Ok(BodyFormat::Json)
        );
        assert_eq!(
            body_format(Some("application/json; charset=utf-8"), b""),
            Ok(BodyFormat::Json)
        );
        for ct in [
            "application/yaml",
            "application/x-yaml",
            "text/yaml",
            "TEXT/YAML",
        ] {
            assert_eq!(body_format(Some(ct), b""), Ok(BodyFormat::Yaml), "{ct}");
        }
        let err = body_format(Some("text/plain"), b"x").unwrap_err();
        assert_eq!(err.http_status(), 415);
        assert_eq!(body_format(None, b"  {\"a\":1}"), Ok(BodyFormat::Json));
        assert_eq!(body_format(None, b"a: 1"), Ok(BodyFormat::Yaml));
    }

    #[test]
    fn json_and_yaml_give_the_same_manifest() {
        let json = serde_json::to_string_pretty(&pi()).expect("json");
        let yaml_text = serde_norway::to_string(&pi()).expect("yaml");
        assert_eq!(parse_manifest(json.as_bytes(), BodyFormat::Json), Ok(pi()));
        assert_eq!(yaml(&yaml_text), Ok(pi()));
        // With a BOM, and with the document marker.
        let bom = [
            b"\xEF\xBB\xBF".as_slice(),
            format!("---\n{yaml_text}").as_bytes(),
        ]
        .concat();
        assert_eq!(parse_manifest(&bom, BodyFormat::Yaml), Ok(pi()));
    }

    #[test]
    fn invalid_utf8_says_so() {
        let err = parse_manifest(b"a: 1\nb: \xff\xfe", BodyFormat::Yaml).unwrap_err();
        assert_eq!(err, JobsError::NotUtf8 { line: 2, column: 4 });
        assert_eq!(err.http_status(), 400);
        assert!(err.to_string().contains("not valid UTF-8"));
    }

    #[test]
    fn json_syntax_errors_have_line_and_column() {
        let err = parse_manifest(b"{\n  \"a\": 1,\n}", BodyFormat::Json).unwrap_err();
        let JobsError::Json {
            line,
            column,
            message,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!((*line, *column), (3, 1));
        assert!(message.contains("trailing comma"), "{message}");
        assert!(!message.contains(" at line "), "{message}");
        assert!(matches!(
            parse_manifest(b"{\"a\": 1} x", BodyFormat::Json),
            Err(JobsError::Json { .. })
        ));
        assert!(
            matches!(parse_manifest(b"{\"a\": 1, \"a\": 2}", BodyFormat::Json), Err(JobsError::Json { message, .. }) if message.contains("duplicate key"))
        );
        assert_eq!(
            parse_manifest(b"  ", BodyFormat::Json),
            Err(JobsError::Empty)
        );
        assert_eq!(
            parse_manifest(b"[1]", BodyFormat::Json),
            Err(JobsError::NotAnObject {
                found: "an array".into()
            })
        );
    }

    #[test]
    fn yaml_syntax_errors_have_line_and_column() {
        let err = yaml("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [pi\n").unwrap_err();
        let JobsError::Yaml { line, column, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(line.is_some() && column.is_some(), "{err}");
        assert!(line.unwrap_or(0) >= 4, "{err}");
        let err = yaml("a: 1\n  b: 2\n").unwrap_err();
        assert!(
            matches!(err, JobsError::Yaml { line: Some(2), .. }),
            "{err:?}"
        );
        let dup = yaml("a: 1\na: 2\n").unwrap_err();
        assert!(dup.to_string().contains("duplicate key \"a\""), "{dup}");
        assert_eq!(yaml("# nothing\n\n"), Err(JobsError::Empty));
        assert_eq!(
            yaml("- a\n"),
            Err(JobsError::NotAnObject {
                found: "an array".into()
            })
        );
        assert_eq!(yaml("x: .inf\n").map_err(|e| e.http_status()), Err(400));
    }

    #[test]
    fn yaml_keys_and_merges() {
        let v = yaml("1: a\ntrue: b\nbase: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n")
            .expect("parses");
        assert_eq!(v["1"], "a");
        assert_eq!(v["true"], "b");
        assert_eq!(v["derived"], serde_json::json!({"x": 1, "y": 3}));
        assert!(yaml("? [a]\n: 1\n").is_err());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
        let err = yaml(laughs).unwrap_err();
        assert!(
            matches!(err, JobsError::AliasBudgetExceeded { .. }),
            "{err:?}"
        );
        assert_eq!(err.http_status(), 422);
        // Wide rather than deep: one big anchored string, aliased many times.
        let wide = format!(
            "s: &s \"{}\"\nl: [{}]\n",
            "x".repeat(10_000),
            vec!["*s"; 200].join(",")
        );
        assert!(matches!(
            yaml(&wide),
            Err(JobsError::AliasBudgetExceeded { .. })
        ));
        // Modest, honest reuse is fine.
        assert!(yaml("e: &e {name: A, value: \"1\"}\nl: [*e, *e]\n").is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_manifest(deep.as_bytes(), BodyFormat::Json).is_err());
        assert!(yaml(&deep).is_err());
    }

    #[test]
    fn several_documents_one_bad() {
        let pi_yaml = serde_norway::to_string(&pi()).expect("yaml");
        let body = format!(
            "# jobs\n---\n{pi_yaml}---\nkind: [broken\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\n--- \n# empty\n---\n{pi_yaml}...\nignored: after end\n"
        );
        let docs = parse_documents(body.as_bytes(), BodyFormat::Yaml).expect("splits");
        assert_eq!(docs.len(), 4, "{docs:#?}");
        assert_eq!(docs[0].result, Ok(pi()));
        assert_eq!(docs[0].line, 2);
        let JobsError::Yaml {
            line: Some(line), ..
        } = docs[1].result.clone().unwrap_err()
        else {
            panic!("{:?}", docs[1])
        };
        assert!(
            line > docs[1].line && line <= docs[1].line + 3,
            "line {line} is relative to the body"
        );
        assert_eq!(
            docs[2].result,
            Err(JobsError::WrongKind {
                api_version: "v1".into(),
                kind: "Pod".into()
            })
        );
        assert_eq!(docs[3].result, Ok(pi()));
        assert_eq!(
            docs.iter().map(|d| d.index).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        // The single-manifest endpoint refuses several documents.
        assert_eq!(
            parse_manifest(body.as_bytes(), BodyFormat::Yaml),
            Err(JobsError::MultipleDocuments { count: 4 })
        );
        assert_eq!(
            parse_documents(b"---\n---\n", BodyFormat::Yaml),
            Err(JobsError::Empty)
        );
    }

    #[test]
    fn content_on_the_marker_line_and_json_arrays() {
        let docs = parse_documents(b"--- {apiVersion: batch/v1, kind: Job}\n", BodyFormat::Yaml)
            .expect("ok");
        assert_eq!(docs.len(), 1);
        assert!(docs[0].result.is_ok());
        let docs = parse_documents(
            br#"[{"apiVersion":"batch/v1","kind":"Job"}, 3, {"kind":"Job"}]"#,
            BodyFormat::Json,
        )
        .expect("ok");
        assert!(docs[0].result.is_ok());
        assert!(matches!(docs[1].result, Err(JobsError::NotAnObject { .. })));
        assert!(matches!(docs[2].result, Err(JobsError::WrongKind { .. })));
    }

    #[test]
    fn windows_line_endings() {
        let body =
            "apiVersion: batch/v1\r\nkind: Job\r\n---\r\napiVersion: batch/v1\r\nkind: Job\r\n";
        let docs = parse_documents(body.as_bytes(), BodyFormat::Yaml).expect("ok");
        assert_eq!(docs.len(), 2);
        assert!(docs.iter().all(|d| d.result.is_ok()), "{docs:?}");
        assert_eq!(
            docs[1].result.as_ref().map(|v| v["kind"].clone()).ok(),
            Some("Job".into())
        );
    }
}
