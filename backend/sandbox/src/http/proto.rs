//! Just enough of Kubernetes' protobuf encoding to read the review bodies that recent
//! kubectl sends as protobuf (`auth can-i`, `auth whoami`, `create token`): the `k8s\0`
//! envelope and the few messages of the authorization and authentication groups. Any other
//! protobuf body gets 415.

use serde_json::{Map, Value, json};

/// One decoded field: its number and either a varint or a byte string.
enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
}

fn varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut out = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *buf.get(*pos)?;
        *pos += 1;
        out |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(out);
        }
    }
    None
}

/// Splits a message into its fields; `None` when malformed.
fn fields(buf: &[u8]) -> Option<Vec<(u64, Field<'_>)>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < buf.len() {
        let key = varint(buf, &mut pos)?;
        let (num, wire) = (key >> 3, key & 7);
        let field = match wire {
            0 => Field::Varint(varint(buf, &mut pos)?),
            1 => {
                pos = pos.checked_add(8)?;
                Field::Varint(0)
            }
            5 => {
                pos = pos.checked_add(4)?;
                Field::Varint(0)
            }
            2 => {
                let len = usize::try_from(varint(buf, &mut pos)?).ok()?;
                let end = pos.checked_add(len)?;
                let bytes = buf.get(pos..end)?;
                pos = end;
                Field::Bytes(bytes)
            }
            _ => return None,
        };
        out.push((num, field));
    }
    (pos == buf.len()).then_some(out)
}

/// The shape of a message: field number → JSON name and type.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Strs,
    Int,
    Msg(&'static [(u64, &'static str, Ty)]),
}

const OBJECT_META: &[(u64, &str, Ty)] = &[(1, "name", Ty::Str), (3, "namespace", Ty::Str)];
const RESOURCE_ATTRIBUTES: &[(u64, &str, Ty)] = &[
    (1, "namespace", Ty::Str),
    (2, "verb", Ty::Str),
    (3, "group", Ty::Str),
    (4, "version", Ty::Str),
    (5, "resource", Ty::Str),
    (6, "subresource", Ty::Str),
    (7, "name", Ty::Str),
];
const NON_RESOURCE_ATTRIBUTES: &[(u64, &str, Ty)] = &[(1, "path", Ty::Str), (2, "verb", Ty::Str)];
const SELF_SAR_SPEC: &[(u64, &str, Ty)] = &[
    (1, "resourceAttributes", Ty::Msg(RESOURCE_ATTRIBUTES)),
    (2, "nonResourceAttributes", Ty::Msg(NON_RESOURCE_ATTRIBUTES)),
];
const SAR_SPEC: &[(u64, &str, Ty)] = &[
    (1, "resourceAttributes", Ty::Msg(RESOURCE_ATTRIBUTES)),
    (2, "nonResourceAttributes", Ty::Msg(NON_RESOURCE_ATTRIBUTES)),
    (3, "user", Ty::Str),
    (4, "groups", Ty::Strs),
    (6, "uid", Ty::Str),
];
const RULES_SPEC: &[(u64, &str, Ty)] = &[(1, "namespace", Ty::Str)];
const TOKEN_REVIEW_SPEC: &[(u64, &str, Ty)] = &[(1, "token", Ty::Str), (2, "audiences", Ty::Strs)];
const TOKEN_REQUEST_SPEC: &[(u64, &str, Ty)] = &[
    (1, "audiences", Ty::Strs),
    (4, "expirationSeconds", Ty::Int),
];

fn decode(buf: &[u8], shape: &[(u64, &str, Ty)]) -> Option<Value> {
    let mut out = Map::new();
    for (num, field) in fields(buf)? {
        let Some((_, name, ty)) = shape.iter().find(|(n, _, _)| *n == num) else {
            continue;
        };
        match (ty, field) {
            (Ty::Str, Field::Bytes(b)) => {
                out.insert((*name).to_owned(), json!(String::from_utf8_lossy(b)));
            }
            (Ty::Strs, Field::Bytes(b)) => {
                let list = out.entry((*name).to_owned()).or_insert_with(|| json!([]));
                if let Some(a) = list.as_array_mut() {
                    a.push(json!(String::from_utf8_lossy(b)));
                }
            }
            (Ty::Int, Field::Varint(v)) => {
                out.insert((*name).to_owned(), json!(v));
            }
            (Ty::Msg(inner), Field::Bytes(b)) => {
                out.insert((*name).to_owned(), decode(b, inner)?);
            }
            _ => return None,
        }
    }
    Some(Value::Object(out))
}

/// Decodes a protobuf body of one of the review kinds into its JSON form; `None` for any
/// other kind or a malformed body.
pub(crate) fn decode_review(body: &[u8]) -> Option<Value> {
    let rest = body.strip_prefix(b"k8s\x00")?;
    let mut type_meta = None;
    let mut raw: &[u8] = &[];
    for (num, field) in fields(rest)? {
        match (num, field) {
            (1, Field::Bytes(b)) => {
                type_meta = decode(b, &[(1, "apiVersion", Ty::Str), (2, "kind", Ty::Str)])
            }
            (2, Field::Bytes(b)) => raw = b,
            _ => {}
        }
    }
    let type_meta = type_meta?;
    let kind = type_meta.get("kind").and_then(Value::as_str)?.to_owned();
    let spec_shape: &[(u64, &str, Ty)] = match kind.as_str() {
        "SelfSubjectAccessReview" => SELF_SAR_SPEC,
        "SubjectAccessReview" | "LocalSubjectAccessReview" => SAR_SPEC,
        "SelfSubjectRulesReview" => RULES_SPEC,
        "TokenReview" => TOKEN_REVIEW_SPEC,
        "TokenRequest" => TOKEN_REQUEST_SPEC,
        "SelfSubjectReview" => &[],
        _ => return None,
    };
    let mut obj = decode(
        raw,
        &[
            (1, "metadata", Ty::Msg(OBJECT_META)),
            (2, "spec", Ty::Msg(spec_shape)),
        ],
    )?;
    if let (Some(o), Some(tm)) = (obj.as_object_mut(), type_meta.as_object()) {
        for (k, v) in tm {
            o.insert(k.clone(), v.clone());
        }
    }
    Some(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ld(num: u8, bytes: &[u8]) -> Vec<u8> {
        let mut v = vec![(num << 3) | 2, u8::try_from(bytes.len()).unwrap_or(0)];
        v.extend_from_slice(bytes);
        v
    }

    #[test]
    fn decodes_a_self_subject_access_review() {
        let attrs = [
            ld(1, b"demo-project"),
            ld(2, b"create"),
            ld(3, b"batch"),
            ld(5, b"jobs"),
        ]
        .concat();
        let spec = ld(1, &attrs);
        let obj = [ld(1, b""), ld(2, &spec)].concat();
        let tm = [
            ld(1, b"authorization.k8s.io/v1"),
            ld(2, b"SelfSubjectAccessReview"),
        ]
        .concat();
        let body = [b"k8s\x00".to_vec(), ld(1, &tm), ld(2, &obj)].concat();
        let v = decode_review(&body).expect("decodes");
        assert_eq!(v["kind"], "SelfSubjectAccessReview");
        assert_eq!(v["spec"]["resourceAttributes"]["verb"], "create");
        assert_eq!(v["spec"]["resourceAttributes"]["namespace"], "demo-project");
        assert!(decode_review(b"k8s\x00\xff").is_none());
    }
}
