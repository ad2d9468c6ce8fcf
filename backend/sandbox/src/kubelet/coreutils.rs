//! The pure parts of the few programs the sandbox interprets: `printf` formatting, `sleep`
//! durations, `date` formats and `echo` flags, worded as busybox words its errors.

use std::fmt::Write as _;
use std::time::Duration;

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Utc};

/// The longest sleep the sandbox models (`sleep infinity` included): ten years.
pub const MAX_SLEEP: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

/// Parses `sleep`'s operands (`30`, `0.5`, `2m`, `1h`, `1d`, `inf`) into their total.
pub fn sleep_duration(args: &[String]) -> Result<Duration, String> {
    if args.is_empty() {
        return Err("sleep: missing operand".to_owned());
    }
    let mut total = Duration::ZERO;
    for arg in args {
        let (number, unit) = match arg.char_indices().last() {
            Some((i, c)) if "smhd".contains(c) => (&arg[..i], c),
            _ => (arg.as_str(), 's'),
        };
        let invalid = || format!("sleep: invalid number '{arg}'");
        let value: f64 = match number {
            "inf" | "infinity" => f64::INFINITY,
            _ if number.starts_with(['+', '-']) || number.is_empty() => return Err(invalid()),
            _ => number.parse().map_err(|_| invalid())?,
        };
        if value.is_nan() {
            return Err(invalid());
        }
        let factor = match unit {
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86_400.0,
            _ => 1.0,
        };
        let secs = (value * factor).min(MAX_SLEEP.as_secs_f64());
        total = total.saturating_add(Duration::try_from_secs_f64(secs).map_err(|_| invalid())?);
    }
    Ok(total.min(MAX_SLEEP))
}

/// `echo`'s output for `args`: flags `-n`, `-e`, `-E` (alone or combined) as busybox reads
/// them, words joined by one space, a newline unless `-n`.
pub fn echo(args: &[String]) -> String {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    while let Some((first, tail)) = rest.split_first() {
        let Some(flags) = first.strip_prefix('-') else {
            break;
        };
        if flags.is_empty() || !flags.chars().all(|c| "neE".contains(c)) {
            break;
        }
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = tail;
    }
    let mut out = rest.join(" ");
    if escapes {
        let (text, stop) = unescape(&out);
        out = text;
        if stop {
            return out;
        }
    }
    if newline {
        out.push('\n');
    }
    out
}

/// Backslash escapes of `echo -e`, `printf`'s format and `%b`: returns the text and whether
/// `\c` asked to stop all further output.
pub fn unescape(input: &str) -> (String, bool) {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('"') => out.push('"'),
            Some('c') => return (out, true),
            Some('0') => {
                let mut value = 0u32;
                for _ in 0..3 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// `printf FORMAT ARGS…`: the output and the error lines (e.g. an invalid number), reusing the
/// format while arguments remain, as POSIX printf does.
pub fn printf(format: &str, args: &[String]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut errors = Vec::new();
    let mut next = 0usize;
    loop {
        let consumed_before = next;
        if format_once(format, args, &mut next, &mut out, &mut errors) {
            break;
        }
        if next >= args.len() || next == consumed_before {
            break;
        }
    }
    (out, errors)
}

/// Formats `format` once; returns true when `\c` stopped the output.
fn format_once(
    format: &str,
    args: &[String],
    next: &mut usize,
    out: &mut String,
    errors: &mut Vec<String>,
) -> bool {
    let mut chars = format.chars().peekable();
    let mut literal = String::new();
    while let Some(c) = chars.next() {
        if c == '\\' {
            literal.push('\\');
            if let Some(n) = chars.next() {
                literal.push(n);
            }
            continue;
        }
        if c != '%' {
            literal.push(c);
            continue;
        }
        let (text, stop) = unescape(&std::mem::take(&mut literal));
        out.push_str(&text);
        if stop {
            return true;
        }
        let mut spec = String::new();
        while let Some(&f) = chars.peek() {
            if "-+ 0#".contains(f) || f.is_ascii_digit() || f == '.' {
                spec.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let Some(conv) = chars.next() else {
            out.push('%');
            out.push_str(&spec);
            break;
        };
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = args.get(*next).map(String::as_str);
        if arg.is_some() {
            *next += 1;
        }
        if conv == 'b' {
            let (text, stop) = unescape(arg.unwrap_or(""));
            out.push_str(&pad(&spec, text));
            if stop {
                return true;
            }
            continue;
        }
        out.push_str(&convert(&spec, conv, arg, errors));
    }
    let (text, stop) = unescape(&literal);
    out.push_str(&text);
    stop
}

fn convert(spec: &str, conv: char, arg: Option<&str>, errors: &mut Vec<String>) -> String {
    let (flags_width, precision) = match spec.split_once('.') {
        Some((fw, p)) => (fw, Some(p.parse::<usize>().unwrap_or(0))),
        None => (spec, None),
    };
    match conv {
        's' => {
            let text = arg.unwrap_or("");
            let text = match precision {
                Some(p) => text.chars().take(p).collect(),
                None => text.to_owned(),
            };
            pad(flags_width, text)
        }
        'c' => pad(
            flags_width,
            arg.and_then(|a| a.chars().next())
                .map(String::from)
                .unwrap_or_default(),
        ),
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let value = parse_integer(arg.unwrap_or("0"), errors);
            let text = match conv {
                'x' => format!("{value:x}"),
                'X' => format!("{value:X}"),
                'o' => format!("{value:o}"),
                _ => value.to_string(),
            };
            pad(flags_width, text)
        }
        'f' | 'e' | 'g' | 'F' | 'E' | 'G' => {
            let raw = arg.unwrap_or("0");
            let value: f64 = raw.trim().parse().unwrap_or_else(|_| {
                errors.push(format!("printf: invalid number '{raw}'"));
                0.0
            });
            let p = precision.unwrap_or(6);
            let text = match conv {
                'e' | 'E' => format!("{value:.p$e}"),
                'g' | 'G' => format!("{value}"),
                _ => format!("{value:.p$}"),
            };
            pad(flags_width, text)
        }
        other => format!("%{spec}{other}"),
    }
}

fn parse_integer(raw: &str, errors: &mut Vec<String>) -> i64 {
    let trimmed = raw.trim();
    let parsed = if let Some(hex) = trimmed.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(quoted) = trimmed.strip_prefix(['\'', '"']) {
        quoted.chars().next().map(|c| i64::from(u32::from(c)))
    } else {
        trimmed.parse().ok()
    };
    parsed.unwrap_or_else(|| {
        errors.push(format!("printf: invalid number '{raw}'"));
        0
    })
}

/// Pads `text` to the width in `flags_width` (`-` left-aligns, `0` zero-fills numbers).
fn pad(flags_width: &str, text: String) -> String {
    let left = flags_width.contains('-');
    let zero = flags_width.starts_with('0') || flags_width.contains("-0");
    let width: usize = flags_width
        .trim_start_matches(['-', '+', ' ', '0', '#'])
        .parse()
        .unwrap_or(0);
    let len = text.chars().count();
    if len >= width {
        return text;
    }
    let fill = width - len;
    if left {
        format!("{text}{}", " ".repeat(fill))
    } else if zero && text.parse::<f64>().is_ok() {
        match text.strip_prefix('-') {
            Some(digits) => format!("-{}{digits}", "0".repeat(fill)),
            None => format!("{}{text}", "0".repeat(fill)),
        }
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

/// `date [-u] [-R] [-I] [+FORMAT]` at `now`, in UTC as in a container without a zone file.
pub fn date(args: &[String], now: DateTime<Utc>) -> Result<String, String> {
    let mut format = "%a %b %e %H:%M:%S UTC %Y".to_owned();
    for arg in args {
        match arg.as_str() {
            "-u" | "--utc" => {}
            "-R" | "--rfc-2822" => format = "%a, %d %b %Y %H:%M:%S +0000".to_owned(),
            "-I" | "--iso-8601" => format = "%Y-%m-%d".to_owned(),
            _ => match arg.strip_prefix('+') {
                Some(custom) => format = custom.to_owned(),
                None => return Err(format!("date: invalid date '{arg}'")),
            },
        }
    }
    let items: Vec<Item<'_>> = StrftimeItems::new(&format).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return Err(format!("date: invalid format '{format}'"));
    }
    let mut out = String::new();
    write!(out, "{}", now.format_with_items(items.into_iter()))
        .map_err(|_| format!("date: invalid format '{format}'"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn sleep_units_and_errors() {
        assert_eq!(
            sleep_duration(&strings(&["30"])),
            Ok(Duration::from_secs(30))
        );
        assert_eq!(
            sleep_duration(&strings(&["0.5", "2m", "1h"])),
            Ok(Duration::from_millis(3_720_500))
        );
        assert_eq!(
            sleep_duration(&strings(&["1d"])),
            Ok(Duration::from_secs(86_400))
        );
        assert_eq!(sleep_duration(&strings(&["infinity"])), Ok(MAX_SLEEP));
        assert_eq!(sleep_duration(&strings(&["1e30"])), Ok(MAX_SLEEP));
        assert_eq!(
            sleep_duration(&strings(&["abc"])),
            Err("sleep: invalid number 'abc'".to_owned())
        );
        assert!(sleep_duration(&strings(&["-1"])).is_err());
        assert!(sleep_duration(&strings(&["nan"])).is_err());
        assert!(sleep_duration(&[]).is_err());
    }

    #[test]
    fn echo_flags() {
        assert_eq!(echo(&strings(&["Hello,", "Job"])), "Hello, Job\n");
        assert_eq!(echo(&strings(&["-n", "a"])), "a");
        assert_eq!(echo(&strings(&["-e", "a\\tb"])), "a\tb\n");
        assert_eq!(echo(&strings(&["-ne", "a\\n"])), "a\n");
        assert_eq!(echo(&strings(&["-x", "a"])), "-x a\n");
        assert_eq!(echo(&strings(&["-e", "a\\cb"])), "a");
        assert_eq!(echo(&[]), "\n");
    }

    #[test]
    fn printf_conversions() {
        assert_eq!(printf("%s-%d\\n", &strings(&["a", "42"])).0, "a-42\n");
        assert_eq!(
            printf("%5s|%-5s|%05d\\n", &strings(&["ab", "cd", "-42"])).0,
            "   ab|cd   |-0042\n"
        );
        assert_eq!(
            printf("%.2f %x %%\\n", &strings(&["3.14159", "255"])).0,
            "3.14 ff %\n"
        );
        // The format is reused while arguments remain.
        assert_eq!(printf("<%s>\\n", &strings(&["a", "b"])).0, "<a>\n<b>\n");
        assert_eq!(printf("%b", &strings(&["x\\ny"])).0, "x\ny");
        let (out, errors) = printf("%d\\n", &strings(&["abc"]));
        assert_eq!(out, "0\n");
        assert_eq!(errors, ["printf: invalid number 'abc'"]);
        assert_eq!(printf("no newline", &[]).0, "no newline");
    }

    #[test]
    fn date_formats() {
        let now = DateTime::parse_from_rfc3339("2026-11-03T09:04:05Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("valid time");
        assert_eq!(
            date(&[], now).as_deref(),
            Ok("Tue Nov  3 09:04:05 UTC 2026")
        );
        assert_eq!(date(&strings(&["+%s"]), now).as_deref(), Ok("1793696645"));
        assert_eq!(
            date(&strings(&["-u", "+%F %T"]), now).as_deref(),
            Ok("2026-11-03 09:04:05")
        );
        assert_eq!(date(&strings(&["-I"]), now).as_deref(), Ok("2026-11-03"));
        assert!(date(&strings(&["+%Q"]), now).is_err());
        assert!(date(&strings(&["tomorrow"]), now).is_err());
    }
}
