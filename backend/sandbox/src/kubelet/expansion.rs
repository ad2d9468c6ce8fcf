//! Kubernetes' `$(VAR)` expansion of a container's `command`, `args` and env values, a port
//! of `k8s.io/kubernetes/third_party/forked/golang/expansion`: `$(NAME)` becomes the value of
//! `NAME` when it is defined and stays as written when it is not, `$$` is an escaped `$`, and
//! any other `$` is kept as is.

/// Expands `$(NAME)` references in `input` with `lookup`.
///
/// An undefined name is left untouched (`$(MISSING)`), `$$(NAME)` yields the literal
/// `$(NAME)`, and an unterminated `$(` is kept as written.
pub fn expand(input: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let mut chars = after.chars();
        match chars.next() {
            // A trailing `$` is kept.
            None => {
                out.push('$');
                rest = after;
            }
            Some('$') => {
                out.push('$');
                rest = &after[1..];
            }
            Some('(') => match after.find(')') {
                Some(close) => {
                    let name = &after[1..close];
                    match lookup(name) {
                        Some(value) => out.push_str(&value),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = &after[1..];
                }
            },
            Some(other) => {
                out.push('$');
                out.push(other);
                rest = &after[other.len_utf8()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Expands `input` against an ordered list of `(name, value)` pairs; when a name appears
/// twice the last one wins, as in a container's environment.
pub fn expand_with_env(input: &str, env: &[(String, String)]) -> String {
    expand(input, |name| {
        env.iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Vec<(String, String)> {
        vec![
            ("GREETING".into(), "hello".into()),
            ("EMPTY".into(), String::new()),
            ("GREETING".into(), "hi".into()),
        ]
    }

    // kubernetes.io, "Define a Command and Arguments for a Container": "$(VAR_NAME)"
    // references in command and args are replaced by the variable's value; cases below
    // mirror expansion_test.go in kubernetes/kubernetes.
    #[test]
    fn defined_names_are_replaced() {
        assert_eq!(expand_with_env("$(GREETING) world", &env()), "hi world");
        assert_eq!(expand_with_env("[$(EMPTY)]", &env()), "[]");
        assert_eq!(expand_with_env("$(GREETING)$(GREETING)", &env()), "hihi");
    }

    #[test]
    fn undefined_names_stay_as_written() {
        assert_eq!(expand_with_env("$(MISSING)", &env()), "$(MISSING)");
        assert_eq!(expand_with_env("a $(MISSING) b", &env()), "a $(MISSING) b");
    }

    #[test]
    fn double_dollar_escapes() {
        assert_eq!(expand_with_env("$$(GREETING)", &env()), "$(GREETING)");
        assert_eq!(expand_with_env("$$$(GREETING)", &env()), "$hi");
        assert_eq!(expand_with_env("cost: $$5", &env()), "cost: $5");
    }

    #[test]
    fn other_dollars_are_kept() {
        assert_eq!(expand_with_env("$GREETING", &env()), "$GREETING");
        assert_eq!(expand_with_env("${GREETING}", &env()), "${GREETING}");
        assert_eq!(expand_with_env("trailing $", &env()), "trailing $");
        assert_eq!(expand_with_env("$(unterminated", &env()), "$(unterminated");
        assert_eq!(expand_with_env("$é", &env()), "$é");
    }
}
