//! A parser for the small subset of POSIX `sh -c` scripts the sandbox interprets: simple
//! commands joined by `;`, newlines, `&&` and `||`, with single and double quotes, backslash
//! escapes, `$VAR`, `${VAR}` and the special parameters `$?`, `$$`, `$#`, `$0`..`$9`,
//! comments, and output redirections (`> file` hides a command's output from the log).
//!
//! Anything richer (pipes, `if`/`for`/`while`, subshells, command substitution) is reported
//! as [`ParseError::Unsupported`] so that the interpreter can fall back to simulating the
//! whole container instead of pretending.

/// A piece of a shell word: literal text or a parameter to expand at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text taken as is.
    Literal(String),
    /// `$NAME`, `${NAME}` or a special parameter (`?`, `$`, `#`, `0`..`9`).
    Param(String),
}

/// One word of a command, before parameter expansion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The literal and parameter pieces, in order.
    pub pieces: Vec<Piece>,
    /// Whether any part was quoted; an unquoted word that expands to nothing disappears.
    pub quoted: bool,
}

/// A simple command: its words and whether its standard output goes to a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    /// Program name and arguments.
    pub words: Vec<Word>,
    /// `> file` or `>> file`: the output does not reach the container log.
    pub stdout_to_file: bool,
}

/// How a command is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// `;`, a newline, `&` or the start of the script: always runs.
    Then,
    /// `&&`: runs when the previous status is 0.
    And,
    /// `||`: runs when the previous status is not 0.
    Or,
}

/// Why a script cannot be interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// A construct outside the supported subset; the container is simulated instead.
    Unsupported(&'static str),
    /// A syntax error, worded as busybox `sh` words it.
    Syntax(String),
}

/// Parses `script` into commands, each with the connector that precedes it.
pub fn parse(script: &str) -> Result<Vec<(Connector, Command)>, ParseError> {
    let tokens = tokenize(script)?;
    let mut out = Vec::new();
    let mut connector = Connector::Then;
    let mut current = Command::default();
    let mut pending_operator: Option<&'static str> = None;
    for token in tokens {
        match token {
            Token::Word(word) => {
                current.words.push(word);
                pending_operator = None;
            }
            Token::StdoutToFile => current.stdout_to_file = true,
            Token::Op(op) => {
                if current.words.is_empty() {
                    // Blank lines and a newline after `&&` / `||` are fine; an operator
                    // with no command before it is not.
                    if op != Op::Then {
                        return Err(ParseError::Syntax(format!(
                            "syntax error: unexpected \"{}\"",
                            op.text()
                        )));
                    }
                    continue;
                }
                check_keyword(&current)?;
                out.push((connector, std::mem::take(&mut current)));
                connector = match op {
                    Op::Then => Connector::Then,
                    Op::And => Connector::And,
                    Op::Or => Connector::Or,
                };
                pending_operator = (op != Op::Then).then(|| op.text());
            }
        }
    }
    if current.words.is_empty() {
        if let Some(op) = pending_operator {
            return Err(ParseError::Syntax(format!(
                "syntax error: unexpected end of file (expecting a command after \"{op}\")"
            )));
        }
    } else {
        check_keyword(&current)?;
        out.push((connector, current));
    }
    Ok(out)
}

fn check_keyword(command: &Command) -> Result<(), ParseError> {
    const KEYWORDS: &[&str] = &[
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
        "function", "select", "{", "}", "!",
    ];
    if let Some(Word {
        pieces,
        quoted: false,
    }) = command.words.first()
        && let [Piece::Literal(text)] = pieces.as_slice()
        && KEYWORDS.contains(&text.as_str())
    {
        return Err(ParseError::Unsupported("compound commands"));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Then,
    And,
    Or,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Then => ";",
            Op::And => "&&",
            Op::Or => "||",
        }
    }
}

#[derive(Debug)]
enum Token {
    Word(Word),
    Op(Op),
    StdoutToFile,
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    tokens: Vec<Token>,
    word: Word,
    literal: String,
    in_word: bool,
}

impl Lexer<'_> {
    fn flush_literal(&mut self) {
        if !self.literal.is_empty() {
            let text = std::mem::take(&mut self.literal);
            self.word.pieces.push(Piece::Literal(text));
        }
    }

    fn end_word(&mut self) {
        self.flush_literal();
        if self.in_word {
            let word = std::mem::take(&mut self.word);
            self.tokens.push(Token::Word(word));
        }
        self.in_word = false;
    }

    fn push_param(&mut self, name: String) {
        self.flush_literal();
        self.word.pieces.push(Piece::Param(name));
        self.in_word = true;
    }

    /// Reads what follows a `$`.
    fn dollar(&mut self) -> Result<(), ParseError> {
        match self.chars.peek().copied() {
            Some('(') => Err(ParseError::Unsupported("command substitution")),
            Some('{') => {
                self.chars.next();
                let mut name = String::new();
                loop {
                    match self.chars.next() {
                        Some('}') => break,
                        Some(c) if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
                        Some(c) if name.is_empty() && "?$#".contains(c) => name.push(c),
                        Some(_) => return Err(ParseError::Unsupported("parameter operators")),
                        None => {
                            return Err(ParseError::Syntax(
                                "syntax error: bad substitution".to_owned(),
                            ));
                        }
                    }
                }
                if name.is_empty() {
                    return Err(ParseError::Syntax(
                        "syntax error: bad substitution".to_owned(),
                    ));
                }
                self.push_param(name);
                Ok(())
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(&c) = self.chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        self.chars.next();
                    } else {
                        break;
                    }
                }
                self.push_param(name);
                Ok(())
            }
            Some(c) if c.is_ascii_digit() || "?$#".contains(c) => {
                self.chars.next();
                self.push_param(c.to_string());
                Ok(())
            }
            _ => {
                self.literal.push('$');
                self.in_word = true;
                Ok(())
            }
        }
    }

    fn double_quoted(&mut self) -> Result<(), ParseError> {
        self.word.quoted = true;
        self.in_word = true;
        loop {
            match self.chars.next() {
                None => {
                    return Err(ParseError::Syntax(
                        "syntax error: unterminated quoted string".to_owned(),
                    ));
                }
                Some('"') => return Ok(()),
                Some('`') => return Err(ParseError::Unsupported("command substitution")),
                Some('$') => self.dollar()?,
                Some('\\') => match self.chars.next() {
                    Some('\n') => {}
                    Some(c) if "$`\"\\".contains(c) => self.literal.push(c),
                    Some(c) => {
                        self.literal.push('\\');
                        self.literal.push(c);
                    }
                    None => self.literal.push('\\'),
                },
                Some(c) => self.literal.push(c),
            }
        }
    }

    /// Reads a redirection whose `>` or `<` has just been consumed.
    fn redirect(&mut self, fd: Option<u32>, output: bool) -> Result<(), ParseError> {
        if output && self.chars.peek() == Some(&'>') {
            self.chars.next();
        }
        if self.chars.peek() == Some(&'&') {
            // `>&2`, `2>&1`: descriptors are merged in the log anyway.
            self.chars.next();
            while self
                .chars
                .peek()
                .is_some_and(|c| c.is_ascii_digit() || *c == '-')
            {
                self.chars.next();
            }
            return Ok(());
        }
        while self.chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            self.chars.next();
        }
        let mut target = String::new();
        while let Some(&c) = self.chars.peek() {
            if c.is_whitespace() || ";&|<>()".contains(c) {
                break;
            }
            if "'\"$`\\".contains(c) {
                return Err(ParseError::Unsupported("computed redirection targets"));
            }
            target.push(c);
            self.chars.next();
        }
        if target.is_empty() {
            return Err(ParseError::Syntax(
                "syntax error: unexpected newline".to_owned(),
            ));
        }
        let to_log = matches!(target.as_str(), "/dev/stdout" | "/dev/stderr");
        if output && fd.unwrap_or(1) == 1 && !to_log {
            self.tokens.push(Token::StdoutToFile);
        }
        Ok(())
    }
}

fn tokenize(script: &str) -> Result<Vec<Token>, ParseError> {
    let mut lx = Lexer {
        chars: script.chars().peekable(),
        tokens: Vec::new(),
        word: Word::default(),
        literal: String::new(),
        in_word: false,
    };
    while let Some(c) = lx.chars.next() {
        match c {
            ' ' | '\t' | '\r' => lx.end_word(),
            '\n' | ';' => {
                lx.end_word();
                if c == ';' && lx.chars.peek() == Some(&';') {
                    return Err(ParseError::Syntax(
                        "syntax error: unexpected \";;\"".to_owned(),
                    ));
                }
                lx.tokens.push(Token::Op(Op::Then));
            }
            '&' => {
                lx.end_word();
                if lx.chars.peek() == Some(&'&') {
                    lx.chars.next();
                    lx.tokens.push(Token::Op(Op::And));
                } else {
                    // A background job; the sandbox runs it in the foreground.
                    lx.tokens.push(Token::Op(Op::Then));
                }
            }
            '|' => {
                lx.end_word();
                if lx.chars.peek() == Some(&'|') {
                    lx.chars.next();
                    lx.tokens.push(Token::Op(Op::Or));
                } else {
                    return Err(ParseError::Unsupported("pipes"));
                }
            }
            '#' if !lx.in_word => {
                while lx.chars.peek().is_some_and(|c| *c != '\n') {
                    lx.chars.next();
                }
            }
            '\'' => {
                lx.word.quoted = true;
                lx.in_word = true;
                loop {
                    match lx.chars.next() {
                        Some('\'') => break,
                        Some(c) => lx.literal.push(c),
                        None => {
                            return Err(ParseError::Syntax(
                                "syntax error: unterminated quoted string".to_owned(),
                            ));
                        }
                    }
                }
            }
            '"' => lx.double_quoted()?,
            '\\' => match lx.chars.next() {
                Some('\n') => {}
                Some(c) => {
                    lx.literal.push(c);
                    lx.in_word = true;
                }
                None => {
                    lx.literal.push('\\');
                    lx.in_word = true;
                }
            },
            '$' => lx.dollar()?,
            '>' | '<' => {
                // `2>` names a descriptor when the word so far is an unquoted number.
                let fd = match (lx.word.pieces.as_slice(), lx.word.quoted) {
                    ([], false) if !lx.literal.is_empty() => lx.literal.parse::<u32>().ok(),
                    _ => None,
                };
                if fd.is_some() {
                    lx.literal.clear();
                    lx.in_word = false;
                } else {
                    lx.end_word();
                }
                lx.redirect(fd, c == '>')?;
            }
            '(' | ')' | '`' => return Err(ParseError::Unsupported("subshells")),
            c => {
                lx.literal.push(c);
                lx.in_word = true;
            }
        }
    }
    lx.end_word();
    Ok(lx.tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Piece {
        Piece::Literal(s.to_owned())
    }

    fn words(command: &Command) -> Vec<Vec<Piece>> {
        command.words.iter().map(|w| w.pieces.clone()).collect()
    }

    #[test]
    fn splits_on_operators() {
        let script = parse("echo a; false && echo b || echo c\necho d & echo e").expect("parses");
        let connectors: Vec<Connector> = script.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            connectors,
            [
                Connector::Then,
                Connector::Then,
                Connector::And,
                Connector::Or,
                Connector::Then,
                Connector::Then
            ]
        );
        assert_eq!(words(&script[2].1), [vec![lit("echo")], vec![lit("b")]]);
    }

    #[test]
    fn quotes_and_escapes() {
        let script = parse(r#"echo 'a  b' "c $X ${Y}d" e\ f "q\"q" '$Z'"#).expect("parses");
        assert_eq!(
            words(&script[0].1),
            [
                vec![lit("echo")],
                vec![lit("a  b")],
                vec![
                    lit("c "),
                    Piece::Param("X".into()),
                    lit(" "),
                    Piece::Param("Y".into()),
                    lit("d")
                ],
                vec![lit("e f")],
                vec![lit("q\"q")],
                vec![lit("$Z")],
            ]
        );
    }

    #[test]
    fn special_parameters_and_lone_dollars() {
        let script = parse("echo $? $$ $1 $ a$").expect("parses");
        assert_eq!(
            words(&script[0].1)[1..],
            [
                vec![Piece::Param("?".into())],
                vec![Piece::Param("$".into())],
                vec![Piece::Param("1".into())],
                vec![lit("$")],
                vec![lit("a$")],
            ]
        );
    }

    #[test]
    fn comments_and_blank_lines() {
        let script = parse("# setup\n\necho hi # trailing\n;\n").expect("parses");
        assert_eq!(script.len(), 1);
        assert_eq!(words(&script[0].1), [vec![lit("echo")], vec![lit("hi")]]);
    }

    #[test]
    fn redirections() {
        let script =
            parse("echo hidden > /tmp/x; echo shown >&2; echo also 2>/dev/null").expect("parses");
        assert!(script[0].1.stdout_to_file);
        assert!(!script[1].1.stdout_to_file);
        assert!(!script[2].1.stdout_to_file);
        assert_eq!(words(&script[2].1), [vec![lit("echo")], vec![lit("also")]]);
    }

    #[test]
    fn unsupported_constructs() {
        for script in [
            "echo a | wc -l",
            "if true; then echo y; fi",
            "for i in 1 2; do echo $i; done",
            "echo $(date)",
            "echo `date`",
            "(echo a)",
            "echo ${X:-default}",
        ] {
            assert!(
                matches!(parse(script), Err(ParseError::Unsupported(_))),
                "{script}"
            );
        }
    }

    #[test]
    fn syntax_errors_as_busybox_words_them() {
        assert_eq!(
            parse("&& echo a"),
            Err(ParseError::Syntax("syntax error: unexpected \"&&\"".into()))
        );
        assert_eq!(
            parse("echo 'open"),
            Err(ParseError::Syntax(
                "syntax error: unterminated quoted string".into()
            ))
        );
        assert!(matches!(parse("echo a &&"), Err(ParseError::Syntax(_))));
    }
}
