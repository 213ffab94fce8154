//! The only writer to stdout: tables for people, JSON for programs.
//! Diagnostics (warnings, logs) go to stderr so a pipe only ever sees the
//! report. A write error comes back as `Error::Output`; `main` treats a
//! closed pipe as a normal end.

use std::io::{self, IsTerminal, Write};

use comfy_table::{presets, Attribute, Cell, ContentArrangement, Table};
use serde::Serialize;

use crate::cli::ColorChoice;
use crate::error::{Error, Result};
pub use crate::runtime::short_id;

/// A command's result: serializable for `--json`, renderable for a person.
pub trait Report: Serialize {
    /// The human form, ending in a newline (or empty to print nothing).
    fn render(&self, style: &Style) -> String;
}

/// How the human form is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// A borderless table in the style of `docker ps`, fitted to the terminal
    /// when stdout is one.
    pub fn table<I, S>(&self, headers: I) -> Table
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut table = Table::new();
        table
            .load_preset(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Dynamic);
        let header: Vec<Cell> = headers
            .into_iter()
            .map(|h| {
                let cell = Cell::new(h.into());
                if self.color {
                    cell.add_attribute(Attribute::Bold)
                } else {
                    cell
                }
            })
            .collect();
        table.set_header(header);
        // No left padding: rows start at column 0 like `docker ps`, so
        // `cut`/`awk` and people's eyes both find the first field.
        for column in table.column_iter_mut() {
            column.set_padding((0, 2));
        }
        if self.color {
            table.enforce_styling();
        }
        table
    }

    /// Renders a table with comfy-table's padding trimmed from line ends, so
    /// output compares cleanly in scripts and tests.
    pub fn finish(&self, table: &Table) -> String {
        let mut text = String::new();
        for line in table.lines() {
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    }
}

/// Where reports go and in which form.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub style: Style,
}

impl Output {
    pub fn new(json: bool, color: ColorChoice) -> Self {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color_env && io::stdout().is_terminal(),
        };
        Output {
            json,
            style: Style { color },
        }
    }

    /// Prints a report: pretty JSON with `--json`, else its human form.
    pub fn emit<R: Report>(&self, report: &R) -> Result<()> {
        let text = if self.json {
            let mut json =
                serde_json::to_string_pretty(report).map_err(|e| Error::Output(e.into()))?;
            json.push('\n');
            json
        } else {
            report.render(&self.style)
        };
        write_stdout(text.as_bytes())
    }
}

/// Writes raw bytes to stdout (reports, completion scripts).
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(Error::Output)
}

/// A warning for the person at the terminal; never on stdout.
pub fn warn(message: impl std::fmt::Display) {
    eprintln!("cnictl: warning: {message}");
}

/// A table cell that is `-` when there is nothing to show, so an empty
/// column reads as "none" rather than as missing output.
pub fn or_dash(cell: String) -> String {
    if cell.is_empty() {
        "-".into()
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Rows(Vec<(String, u32)>);

    impl Report for Rows {
        fn render(&self, style: &Style) -> String {
            let mut table = style.table(["NAME", "COUNT"]);
            for (name, count) in &self.0 {
                table.add_row(vec![name.clone(), count.to_string()]);
            }
            style.finish(&table)
        }
    }

    #[test]
    fn plain_table_has_header_rows_and_no_escape_codes() {
        let rows = Rows(vec![("mynet".into(), 3), ("cni0".into(), 12)]);
        let text = rows.render(&Style { color: false });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].starts_with("NAME ") && lines[0].ends_with("COUNT"),
            "{text}"
        );
        assert!(
            lines[1].contains("mynet") && lines[1].ends_with('3'),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn coloured_table_is_bold() {
        let text = Rows(vec![("a".into(), 1)]).render(&Style { color: true });
        assert!(text.contains("\u{1b}[1m"), "{text:?}");
    }

    #[test]
    fn short_id_cuts_at_twelve() {
        assert_eq!(short_id("0123456789abcdef"), "0123456789ab");
        assert_eq!(short_id("abc"), "abc");
    }
}
