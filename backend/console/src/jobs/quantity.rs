//! Kubernetes resource quantities (`500m`, `1.5`, `128Mi`, `1e3`, `2G`), parsed exactly so
//! that a request can be compared with its limit without floating-point surprises.
//!
//! Grammar (from `k8s.io/apimachinery/pkg/api/resource`):
//! `<signedNumber><suffix>` where the number is `digits`, `digits.digits`, `digits.` or
//! `.digits`, and the suffix is a binary SI suffix (`Ki Mi Gi Ti Pi Ei`), a decimal SI suffix
//! (`n u m "" k M G T P E`) or a decimal exponent (`e`/`E` and a signed integer).

use std::cmp::Ordering;

/// The message Kubernetes gives for a quantity it cannot parse.
pub const QUANTITY_MSG: &str = "must match the regex ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// An exactly represented quantity: `mantissa × 10^exponent`, negative when `negative`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    negative: bool,
    mantissa: u128,
    exponent: i32,
}

/// Why a quantity could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// The text does not follow the quantity grammar.
    #[error("{QUANTITY_MSG}")]
    Syntax,
    /// The number has more digits, or a larger exponent, than any real resource needs.
    #[error("quantity is too large")]
    TooLarge,
}

impl Quantity {
    /// Parses a quantity written as Kubernetes accepts it.
    pub fn parse(text: &str) -> Result<Self, QuantityError> {
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, suffix) = rest.split_at(number_len);
        let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
        if (int_part.is_empty() && frac_part.is_empty()) || frac_part.contains('.') {
            return Err(QuantityError::Syntax);
        }
        let mut mantissa: u128 = 0;
        for digit in int_part.bytes().chain(frac_part.bytes()) {
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(u128::from(digit - b'0')))
                .ok_or(QuantityError::TooLarge)?;
        }
        let frac_len = i32::try_from(frac_part.len()).map_err(|_| QuantityError::TooLarge)?;
        let mut exponent = -frac_len;
        match suffix {
            "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
                let power = match suffix {
                    "Ki" => 1,
                    "Mi" => 2,
                    "Gi" => 3,
                    "Ti" => 4,
                    "Pi" => 5,
                    _ => 6,
                };
                mantissa = mantissa
                    .checked_mul(1024u128.pow(power))
                    .ok_or(QuantityError::TooLarge)?;
            }
            "n" => exponent -= 9,
            "u" => exponent -= 6,
            "m" => exponent -= 3,
            "" => {}
            "k" => exponent += 3,
            "M" => exponent += 6,
            "G" => exponent += 9,
            "T" => exponent += 12,
            "P" => exponent += 15,
            "E" => exponent += 18,
            _ => {
                let digits = suffix
                    .strip_prefix(['e', 'E'])
                    .ok_or(QuantityError::Syntax)?;
                let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
                if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(QuantityError::Syntax);
                }
                let value: i32 = digits.parse().map_err(|_| QuantityError::TooLarge)?;
                if value.abs() > 1000 {
                    return Err(QuantityError::TooLarge);
                }
                exponent += value;
            }
        }
        Ok(Self {
            negative: negative && mantissa != 0,
            mantissa,
            exponent,
        }
        .normalized())
    }

    fn normalized(mut self) -> Self {
        if self.mantissa == 0 {
            self.exponent = 0;
        }
        while self.mantissa != 0 && self.mantissa.is_multiple_of(10) {
            self.mantissa /= 10;
            self.exponent += 1;
        }
        self
    }

    /// Whether the quantity is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        if self.mantissa == 0 || other.mantissa == 0 {
            return self.mantissa.cmp(&other.mantissa);
        }
        // Align the exponents; an overflow means that side is certainly larger.
        let (a, b, swapped) = if self.exponent >= other.exponent {
            (self, other, false)
        } else {
            (other, self, true)
        };
        let shift = u32::try_from(a.exponent - b.exponent).unwrap_or(u32::MAX);
        let ordering = match 10u128
            .checked_pow(shift)
            .and_then(|p| a.mantissa.checked_mul(p))
        {
            Some(scaled) => scaled.cmp(&b.mantissa),
            None => Ordering::Greater,
        };
        if swapped {
            ordering.reverse()
        } else {
            ordering
        }
    }
}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        Quantity::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn parses_the_kubernetes_forms() {
        for ok in [
            "1", "0", "500m", "0.5", ".5", "5.", "+1", "-1", "128Mi", "1Gi", "2G", "1e3", "1E-3",
            "1.5e+2", "100n", "10u", "1Ei", "3k",
        ] {
            assert!(Quantity::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "abc", "1.2.3", "Mi", "1mi", "1 Gi", "1K", "e3", "1e", "1e+", "--1", ".", "1KiB",
            "1e3.5",
        ] {
            assert_eq!(Quantity::parse(bad), Err(QuantityError::Syntax), "{bad}");
        }
        assert_eq!(
            Quantity::parse(&"9".repeat(50)),
            Err(QuantityError::TooLarge)
        );
        assert_eq!(Quantity::parse("1e99999"), Err(QuantityError::TooLarge));
    }

    #[test]
    fn compares_exactly() {
        assert_eq!(q("100m"), q("0.1"));
        assert_eq!(q("1k"), q("1000"));
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("1Ki"), q("1024"));
        assert!(q("500m") < q("1"));
        assert!(q("1Gi") > q("1G"));
        assert!(q("129Mi") > q("128Mi"));
        assert!(q("-1") < q("0"));
        assert!(q("-2") < q("-1"));
        assert_eq!(q("-0"), q("0"));
        assert!(q("1e900") > q("1Ei"));
        assert!(q("1n") < q("1u"));
        assert!(q("-1").is_negative());
    }
}
