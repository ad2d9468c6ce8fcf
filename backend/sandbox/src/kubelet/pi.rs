//! π to N significant digits, computed for real, printed exactly as
//! `perl -Mbignum=bpi -wle 'print bpi(N)'` prints it: N significant digits, rounded, with
//! the decimal point after the first digit and trailing zeros kept (`bpi(33)` ends in `0`).
//!
//! The computation uses Machin's formula π = 16·arctan(1/5) − 4·arctan(1/239) in fixed-point
//! integer arithmetic with guard digits, over `num-bigint`.

use num_bigint::BigUint;

/// Digits perl prints when `bpi` gets no usable accuracy (`bpi(0)`, `bpi(2.5)`).
pub const DEFAULT_DIGITS: u32 = 40;

/// The most digits the sandbox computes; a larger request is refused rather than letting a
/// pod spec tie up a core.
pub const MAX_DIGITS: u32 = 20_000;

/// Extra digits carried through the computation so that truncation in each series term
/// cannot reach the digits we print.
const GUARD_DIGITS: u32 = 12;

/// π to `digits` significant digits (`1 ..= MAX_DIGITS`), formatted like perl's `bpi`.
///
/// Returns `None` for 0 or for more than [`MAX_DIGITS`].
pub fn pi_digits(digits: u32) -> Option<String> {
    if digits == 0 || digits > MAX_DIGITS {
        return None;
    }
    let scale_digits = digits - 1 + GUARD_DIGITS;
    let unit = BigUint::from(10u32).pow(scale_digits);
    // π · 10^(digits - 1 + GUARD)
    let pi = arctan_inverse(5, &unit) * 16u32 - arctan_inverse(239, &unit) * 4u32;
    let guard = BigUint::from(10u32).pow(GUARD_DIGITS);
    let half = &guard / 2u32;
    let rounded = (pi + half) / guard;
    let text = rounded.to_str_radix(10);
    Some(match text.split_at_checked(1) {
        Some((head, tail)) if !tail.is_empty() => format!("{head}.{tail}"),
        _ => text,
    })
}

/// arctan(1/x) · unit, by its Taylor series, each term truncated toward zero.
fn arctan_inverse(x: u32, unit: &BigUint) -> BigUint {
    let x_squared = x * x;
    // power = unit / x^(2k+1)
    let mut power = unit / x;
    let mut positive = power.clone();
    let mut negative = BigUint::ZERO;
    let mut k: u32 = 1;
    loop {
        power /= x_squared;
        if power == BigUint::ZERO {
            break;
        }
        let term = &power / (2 * k + 1);
        if k % 2 == 1 {
            negative += term;
        } else {
            positive += term;
        }
        k += 1;
    }
    positive - negative
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `perl -MMath::BigFloat -le 'print Math::BigFloat->bpi(2000)'`, run once on perl 5.36.
    const REFERENCE: &str = include_str!("fixtures/pi-2000.txt");

    fn reference() -> &'static str {
        REFERENCE.trim_end()
    }

    /// The reference rounded to `n` significant digits, as perl would print `bpi(n)`.
    fn reference_rounded(n: usize) -> String {
        let digits: Vec<u8> = reference()
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        let mut kept: Vec<u8> = digits[..n].to_vec();
        // Round half up on the remaining digits (π never sits exactly on a half).
        if digits.get(n).is_some_and(|d| *d >= 5) {
            let mut i = kept.len();
            while i > 0 {
                i -= 1;
                if kept[i] == 9 {
                    kept[i] = 0;
                } else {
                    kept[i] += 1;
                    break;
                }
            }
        }
        let text: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
        if n == 1 {
            text
        } else {
            format!("{}.{}", &text[..1], &text[1..])
        }
    }

    #[test]
    fn two_thousand_digits_match_perl_math_bigfloat() {
        let started = std::time::Instant::now();
        let pi = pi_digits(2000).expect("2000 digits are allowed");
        let took = started.elapsed();
        assert_eq!(pi, reference());
        assert_eq!(pi.len(), 2001);
        // Debug builds included: the kubelet computes this inline.
        assert!(took.as_millis() < 100, "took {took:?}");
    }

    #[test]
    fn small_accuracies_print_as_perl_does() {
        // Outputs of `perl -Mbignum=bpi -wle 'print bpi(N)'` on perl 5.36.
        assert_eq!(pi_digits(1).as_deref(), Some("3"));
        assert_eq!(pi_digits(2).as_deref(), Some("3.1"));
        assert_eq!(pi_digits(3).as_deref(), Some("3.14"));
        assert_eq!(pi_digits(5).as_deref(), Some("3.1416"));
        assert_eq!(pi_digits(10).as_deref(), Some("3.141592654"));
        // Trailing zeros are kept.
        assert_eq!(
            pi_digits(33).as_deref(),
            Some("3.14159265358979323846264338327950")
        );
        assert_eq!(
            pi_digits(DEFAULT_DIGITS).as_deref(),
            Some("3.141592653589793238462643383279502884197")
        );
    }

    #[test]
    fn every_prefix_rounds_like_perl() {
        for n in (1..=60).chain((61..2000).step_by(89)).chain([1999]) {
            assert_eq!(pi_digits(n as u32), Some(reference_rounded(n)), "n = {n}");
        }
    }

    #[test]
    fn zero_and_huge_accuracies_are_refused() {
        assert_eq!(pi_digits(0), None);
        assert_eq!(pi_digits(MAX_DIGITS + 1), None);
    }
}
