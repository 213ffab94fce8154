//! The only writer to stdout: tables for people, JSON for programs.
//! Diagnostics (warnings, logs) go to stderr so a pipe only ever sees the
//! report. A write error comes back as `Error::Output`; `main` treats a
//! closed pipe as a normal end.
//!
//! Tables never wrap a cell: a table wider than the terminal is printed as
//! one `KEY: value` block per row instead, so an address, a MAC or a name
//! is never split across lines.

use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsFd, AsRawFd};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub color: bool,
    /// The columns a table must fit in: the terminal's, when stdout is a
    /// terminal that knows its size (or `COLUMNS` says). `None` is
    /// unlimited: a pipe, a file, or a terminal reporting 0x0.
    pub width: Option<usize>,
}

/// How [`Style::finish`] lays a table out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Rows and columns, as wide as the longest value needs.
    Table,
    /// One `KEY: value` block per row, for a terminal too narrow for the
    /// table.
    Blocks,
}

/// The layout for a table `table_width` columns wide on a terminal of
/// `width` columns (`None`: unlimited). A value is never cut or wrapped,
/// so a table that does not fit becomes blocks rather than a table whose
/// cells break mid-address.
fn layout(table_width: usize, width: Option<usize>) -> Layout {
    match width {
        Some(width) if table_width > width => Layout::Blocks,
        _ => Layout::Table,
    }
}

/// Right padding between columns; rows start at column 0 like `docker ps`.
const GAP: u16 = 2;

impl Style {
    /// A borderless table in the style of `docker ps`. Cells are never
    /// wrapped or cut; [`Style::finish`] decides whether it fits.
    pub fn table<I, S>(&self, headers: I) -> Table
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut table = Table::new();
        // Disabled, not Dynamic: comfy-table's fitting breaks cells inside
        // words (a MAC, an address, a bridge name), and on a terminal that
        // reports 0 columns makes every column one character wide.
        table
            .load_preset(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled);
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
            column.set_padding((0, GAP));
        }
        if self.color {
            table.enforce_styling();
            // Bold on the words only, not on the padding after them, so the
            // trailing padding `finish` trims is not hidden behind `ESC[0m`.
            table.style_text_only();
        }
        table
    }

    /// Renders a table with comfy-table's padding trimmed from line ends, so
    /// output compares cleanly in scripts and tests. A table wider than
    /// [`Style::width`] comes out as one `KEY: value` block per row instead
    /// (headers as keys), since no value may be split across lines.
    pub fn finish(&self, table: &Table) -> String {
        // A table without rows is its header line: nothing to split.
        if table.is_empty() || layout(table_width(table), self.width) == Layout::Table {
            let mut text = String::new();
            for line in table.lines() {
                text.push_str(line.trim_end());
                text.push('\n');
            }
            text
        } else {
            self.blocks(table)
        }
    }

    /// Each row as lines of `KEY: value`, values aligned, rows separated
    /// by a blank line. A multi-line cell keeps its lines, the later ones
    /// indented to the value column; an empty cell is left out.
    fn blocks(&self, table: &Table) -> String {
        let keys: Vec<String> = table
            .header()
            .map(|h| h.cell_iter().map(Cell::content).collect())
            .unwrap_or_default();
        // "KEY:" and at least one space.
        let value_column = keys.iter().map(|k| k.chars().count()).max().unwrap_or(0) + 2;
        let mut text = String::new();
        for (n, row) in table.row_iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            for (index, cell) in row.cell_iter().enumerate() {
                let value = cell.content();
                if value.trim().is_empty() {
                    continue;
                }
                let key = keys.get(index).map_or("", String::as_str);
                if self.color {
                    text.push_str(&format!("\u{1b}[1m{key}:\u{1b}[0m"));
                } else {
                    text.push_str(key);
                    text.push(':');
                }
                let mut pad = value_column - key.chars().count() - 1;
                for line in value.lines() {
                    text.push_str(&" ".repeat(pad));
                    text.push_str(line.trim_end());
                    text.push('\n');
                    pad = value_column;
                }
            }
        }
        text
    }
}

/// How many columns `table` takes when drawn: each column as wide as its
/// widest line (comfy-table's display width) plus the gap, but for the
/// last, whose padding `finish` trims.
fn table_width(table: &Table) -> usize {
    let widths = table.column_max_content_widths();
    let gaps = widths.len().saturating_sub(1) * usize::from(GAP);
    widths.iter().map(|&w| usize::from(w)).sum::<usize>() + gaps
}

/// The width tables must fit on stdout: `None` (unlimited) unless stdout
/// is a terminal. There `COLUMNS` wins when it is a positive number (as
/// for `ps` and `git`, and so tests can force a width), else the
/// terminal's own size; a terminal that reports 0 columns (a serial
/// console, a pty nobody sized) is unlimited too.
fn terminal_width() -> Option<usize> {
    let stdout = io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    parse_columns(std::env::var("COLUMNS").ok().as_deref()).or_else(|| window_columns(&stdout))
}

/// A `COLUMNS` value as a width: a positive number, else nothing.
fn parse_columns(value: Option<&str>) -> Option<usize> {
    value?.trim().parse::<usize>().ok().filter(|&n| n > 0)
}

nix::ioctl_read_bad!(tiocgwinsz, nix::libc::TIOCGWINSZ, nix::libc::winsize);

/// The columns of the terminal `fd` is, asked of `fd` itself, not of
/// `/dev/tty` as comfy-table (crossterm) does: that is the controlling
/// terminal, another one than stdout's in `cnictl ls > /dev/pts/3`.
fn window_columns(fd: &impl AsFd) -> Option<usize> {
    let mut size = nix::libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` through the pointer, which
    // points at `size`, alive for the call; the descriptor is borrowed open.
    unsafe { tiocgwinsz(fd.as_fd().as_raw_fd(), &mut size) }.ok()?;
    Some(usize::from(size.ws_col)).filter(|&n| n > 0)
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
            style: Style {
                color,
                width: terminal_width(),
            },
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
        let text = rows.render(&Style::default());
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
        let text = Rows(vec![("a".into(), 1)]).render(&Style {
            color: true,
            width: None,
        });
        assert!(text.contains("\u{1b}[1m"), "{text:?}");
    }

    #[test]
    fn a_table_that_fits_stays_a_table() {
        assert_eq!(layout(79, Some(80)), Layout::Table);
        assert_eq!(layout(80, Some(80)), Layout::Table);
    }

    #[test]
    fn a_table_too_wide_becomes_blocks() {
        assert_eq!(layout(81, Some(80)), Layout::Blocks);
        assert_eq!(layout(200, Some(1)), Layout::Blocks);
    }

    #[test]
    fn with_no_known_width_a_table_is_never_refitted() {
        assert_eq!(layout(10_000, None), Layout::Table);
    }

    /// A table with a multi-line cell, as `add` and `ls` make.
    fn attachment(style: &Style) -> Table {
        let mut table = style.table(["CONTAINER", "MAC", "ADDRESSES", "BRIDGE"]);
        table.add_row(vec![
            "web",
            "7a:76:04:74:7d:cb",
            "10.88.0.2/16 gw 10.88.0.1\nfd00:88::2/64 gw fd00:88::1",
            "my_cni_bridge",
        ]);
        table.add_row(vec!["db", "7a:76:04:74:7d:cc", "10.88.0.3/16", ""]);
        table
    }

    #[test]
    fn table_width_is_the_widest_line_drawn() {
        let style = Style::default();
        let table = attachment(&style);
        let drawn = style.finish(&table);
        let widest = drawn.lines().map(|l| l.chars().count()).max().unwrap();
        assert_eq!(table_width(&table), widest, "{drawn}");
    }

    #[test]
    fn a_wide_enough_terminal_gets_the_table_unchanged() {
        let table = attachment(&Style::default());
        let unlimited = Style::default().finish(&table);
        let exact = Style {
            color: false,
            width: Some(table_width(&table)),
        };
        assert_eq!(exact.finish(&table), unlimited);
        assert!(unlimited.starts_with("CONTAINER  MAC  "), "{unlimited}");
    }

    #[test]
    fn a_narrow_terminal_gets_one_block_per_row_with_values_whole() {
        let style = Style {
            color: false,
            width: Some(40),
        };
        let text = style.finish(&attachment(&style));
        let expected = [
            "CONTAINER: web",
            "MAC:       7a:76:04:74:7d:cb",
            "ADDRESSES: 10.88.0.2/16 gw 10.88.0.1",
            "           fd00:88::2/64 gw fd00:88::1",
            "BRIDGE:    my_cni_bridge",
            "",
            "CONTAINER: db",
            "MAC:       7a:76:04:74:7d:cc",
            "ADDRESSES: 10.88.0.3/16",
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{text}");
        assert!(text.ends_with("10.88.0.3/16\n"), "{text:?}");
    }

    #[test]
    fn blocks_have_bold_keys_when_coloured() {
        let style = Style {
            color: true,
            width: Some(20),
        };
        let text = style.finish(&attachment(&style));
        assert!(
            text.starts_with("\u{1b}[1mCONTAINER:\u{1b}[0m web\n"),
            "{text:?}"
        );
        assert!(text.contains("7a:76:04:74:7d:cb\n"), "{text:?}");
    }

    #[test]
    fn an_empty_table_is_its_header_at_any_width() {
        let style = Style {
            color: false,
            width: Some(5),
        };
        let table = style.table(["CONTAINER", "NETWORK"]);
        assert_eq!(style.finish(&table), "CONTAINER  NETWORK\n");
    }

    #[test]
    fn columns_must_be_a_positive_number() {
        assert_eq!(parse_columns(Some("132")), Some(132));
        assert_eq!(parse_columns(Some(" 80\n")), Some(80));
        assert_eq!(parse_columns(Some("0")), None);
        assert_eq!(parse_columns(Some("")), None);
        assert_eq!(parse_columns(Some("wide")), None);
        assert_eq!(parse_columns(None), None);
    }

    #[test]
    fn short_id_cuts_at_twelve() {
        assert_eq!(short_id("0123456789abcdef"), "0123456789ab");
        assert_eq!(short_id("abc"), "abc");
    }
}
