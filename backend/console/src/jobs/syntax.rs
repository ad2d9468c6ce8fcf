//! Kubernetes name and label syntax: DNS labels and subdomains, qualified names (label and
//! annotation keys), label values, IANA service names (port names) and environment variable
//! names.
//!
//! Each check returns the list of problems (empty when valid), worded as Kubernetes words
//! them (`k8s.io/apimachinery/pkg/util/validation`), so a user sees the same message from the
//! console as from `kubectl`.

/// The longest DNS-1123 / DNS-1035 label.
pub const DNS_LABEL_MAX: usize = 63;
/// The longest DNS-1123 subdomain.
pub const DNS_SUBDOMAIN_MAX: usize = 253;
/// The longest name part of a qualified name, and the longest label value.
pub const QUALIFIED_NAME_MAX: usize = 63;
/// The longest IANA service name (a port name).
pub const IANA_SVC_NAME_MAX: usize = 15;

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

fn max_len(value: &str, max: usize) -> Option<String> {
    (value.len() > max).then(|| format!("must be no more than {max} characters"))
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_dns1123_label_shape(value: &str) -> bool {
    !value.is_empty()
        && value.chars().all(|c| is_lower_alnum(c) || c == '-')
        && value.starts_with(is_lower_alnum)
        && value.ends_with(is_lower_alnum)
}

/// A DNS-1123 label (container, volume and port-less names): lower case alphanumerics and
/// `-`, starting and ending alphanumeric, at most 63 characters.
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut problems: Vec<String> = max_len(value, DNS_LABEL_MAX).into_iter().collect();
    if !is_dns1123_label_shape(value) {
        problems.push(DNS1123_LABEL_MSG.to_owned());
    }
    problems
}

/// A DNS-1035 label (Job names in this console, as SPEC.md §4 asks): like a DNS-1123 label
/// but starting with a letter.
pub fn dns1035_label(value: &str) -> Vec<String> {
    let mut problems: Vec<String> = max_len(value, DNS_LABEL_MAX).into_iter().collect();
    if !is_dns1123_label_shape(value) || !value.starts_with(|c: char| c.is_ascii_lowercase()) {
        problems.push(DNS1035_LABEL_MSG.to_owned());
    }
    problems
}

/// A DNS-1123 subdomain (label key prefixes, ServiceAccount and Secret names): dot-separated
/// DNS-1123 labels, at most 253 characters.
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut problems: Vec<String> = max_len(value, DNS_SUBDOMAIN_MAX).into_iter().collect();
    if value.is_empty() || !value.split('.').all(is_dns1123_label_shape) {
        problems.push(DNS1123_SUBDOMAIN_MSG.to_owned());
    }
    problems
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_qualified_name_part(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| is_alnum(c) || matches!(c, '-' | '_' | '.'))
        && value.starts_with(is_alnum)
        && value.ends_with(is_alnum)
}

/// A qualified name (label keys, annotation keys, node selector keys): an optional
/// DNS-1123 subdomain prefix and `/`, then a name of at most 63 alphanumerics, `-`, `_`, `.`
/// starting and ending alphanumeric.
pub fn qualified_name(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                problems.push("prefix part must be non-empty".to_owned());
            } else {
                problems.extend(
                    dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            name
        }
        _ => {
            problems.push(format!("a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')", &QUALIFIED_NAME_MSG["name part ".len()..]));
            return problems;
        }
    };
    if name.is_empty() {
        problems.push("name part must be non-empty".to_owned());
    } else {
        if name.len() > QUALIFIED_NAME_MAX {
            problems.push(format!(
                "name part must be no more than {QUALIFIED_NAME_MAX} characters"
            ));
        }
        if !is_qualified_name_part(name) {
            problems.push(QUALIFIED_NAME_MSG.to_owned());
        }
    }
    problems
}

/// A label value: empty, or at most 63 alphanumerics, `-`, `_`, `.` starting and ending
/// alphanumeric.
pub fn label_value(value: &str) -> Vec<String> {
    let mut problems: Vec<String> = max_len(value, QUALIFIED_NAME_MAX).into_iter().collect();
    if !value.is_empty() && !is_qualified_name_part(value) {
        problems.push(LABEL_VALUE_MSG.to_owned());
    }
    problems
}

/// An IANA service name (a container port name): at most 15 lower case alphanumerics and
/// `-`, at least one letter, no `--`, not starting or ending with `-`.
pub fn iana_svc_name(value: &str) -> Vec<String> {
    let mut problems: Vec<String> = max_len(value, IANA_SVC_NAME_MAX).into_iter().collect();
    if !value.chars().all(|c| is_lower_alnum(c) || c == '-') {
        problems.push(
            "must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)".to_owned(),
        );
    }
    if value.contains("--") {
        problems.push("must not contain consecutive hyphens".to_owned());
    }
    if !value.chars().any(|c| c.is_ascii_lowercase()) {
        problems.push("must contain at least one letter (a-z)".to_owned());
    }
    if value.starts_with('-') || value.ends_with('-') {
        problems.push("must not begin or end with a hyphen".to_owned());
    }
    problems
}

/// An environment variable name: Kubernetes (since 1.34, `RelaxedEnvironmentVariableValidation`)
/// accepts any printable ASCII character except `=`; it must not be empty.
pub fn env_var_name(value: &str) -> Vec<String> {
    if value.is_empty() {
        return vec!["Required value".to_owned()];
    }
    if value.chars().all(|c| (' '..='~').contains(&c) && c != '=') {
        Vec::new()
    } else {
        vec![
            "a valid environment variable name must consist only of printable ASCII characters other than '='"
                .to_owned(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels() {
        assert!(dns1123_label("pi").is_empty());
        assert!(dns1123_label("1-pi").is_empty());
        assert!(!dns1123_label("Pi").is_empty());
        assert!(!dns1123_label("pi-").is_empty());
        assert!(!dns1123_label("").is_empty());
        assert!(!dns1123_label("a_b").is_empty());
        assert!(dns1123_label(&"a".repeat(63)).is_empty());
        assert_eq!(
            dns1123_label(&"a".repeat(64)),
            vec!["must be no more than 63 characters"]
        );
        assert!(dns1035_label("pi-2").is_empty());
        assert!(dns1035_label("1pi")[0].contains("DNS-1035"));
    }

    #[test]
    fn subdomains() {
        assert!(dns1123_subdomain("example.com").is_empty());
        assert!(!dns1123_subdomain("example..com").is_empty());
        assert!(!dns1123_subdomain(".a").is_empty());
        assert!(!dns1123_subdomain(&"a".repeat(254)).is_empty());
    }

    #[test]
    fn qualified_names() {
        for ok in ["app", "kubesphere.io/alias-name", "a.b_c-D", "x/y"] {
            assert!(qualified_name(ok).is_empty(), "{ok}");
        }
        assert_eq!(qualified_name("/a"), vec!["prefix part must be non-empty"]);
        assert_eq!(qualified_name("a/"), vec!["name part must be non-empty"]);
        assert!(qualified_name("a/b/c")[0].starts_with("a qualified name must consist"));
        assert!(
            qualified_name("Example.com/x")[0]
                .starts_with("prefix part a lowercase RFC 1123 subdomain")
        );
        assert!(qualified_name("-a")[0].starts_with("name part must consist"));
        assert_eq!(qualified_name(&"a".repeat(64)).len(), 1);
    }

    #[test]
    fn label_values() {
        assert!(label_value("").is_empty());
        assert!(label_value("v1.2_3-x").is_empty());
        assert!(!label_value("a b").is_empty());
        assert!(!label_value("-a").is_empty());
        assert!(!label_value(&"a".repeat(64)).is_empty());
    }

    #[test]
    fn port_names() {
        assert!(iana_svc_name("http").is_empty());
        assert!(iana_svc_name("web-8080").is_empty());
        assert!(!iana_svc_name("8080").is_empty());
        assert!(!iana_svc_name("a--b").is_empty());
        assert!(!iana_svc_name("-ab").is_empty());
        assert!(!iana_svc_name("HTTP").is_empty());
        assert!(!iana_svc_name("abcdefghijklmnop").is_empty());
    }

    #[test]
    fn env_names() {
        assert!(env_var_name("PATH").is_empty());
        assert!(env_var_name("my.var-1 x").is_empty());
        assert!(!env_var_name("A=B").is_empty());
        assert!(!env_var_name("").is_empty());
        assert!(!env_var_name("tab\t").is_empty());
        assert!(!env_var_name("é").is_empty());
    }
}
