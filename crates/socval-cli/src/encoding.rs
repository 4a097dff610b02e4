//! A file that is not UTF-8: where its first bad byte is, the encoding its bytes look like
//! (`encoding_rs` decodes them) and how to convert it. Nothing is converted: socval reads UTF-8,
//! and says so.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The refusal of `bytes`, read from `path`, which are UTF-8 up to `valid_up_to`: the file, the
/// line and byte offset of the first bad byte, the encoding the bytes look like and an `iconv`
/// command that converts them.
pub(crate) fn not_utf8(path: &str, bytes: &[u8], valid_up_to: usize) -> String {
    let shown = if path == "-" { "<stdin>" } else { path };
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    let at = format!("{shown}: line {line}, byte {valid_up_to}");
    let convert = |label: &str| {
        if path == "-" {
            format!("iconv -f {label} -t UTF-8 FILE | socval …")
        } else {
            format!("iconv -f {label} -t UTF-8 {path} > {}", utf8_name(path))
        }
    };
    match looks_like(bytes, valid_up_to) {
        Some((words, label)) => format!(
            "error: {at}: not UTF-8 text: it looks like {words}; socval reads UTF-8 only: convert it, e.g. `{}`, or save it as UTF-8 from the program that wrote it",
            convert(label)
        ),
        None => format!(
            "error: {at}: not UTF-8 text (byte 0x{:02X}), nor an encoding socval recognises: save it as UTF-8",
            bytes.get(valid_up_to).copied().unwrap_or(0)
        ),
    }
}

/// A name for the converted copy of `path`: `s.toml` → `s-utf8.toml`.
fn utf8_name(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => format!("{stem}-utf8.{ext}"),
        _ => format!("{path}-utf8"),
    }
}

/// The encoding `bytes` look like, in words, and its `iconv` name: UTF-16 by its byte-order mark
/// or by NUL bytes at every other place, else Windows-1252 (Latin-1) when every byte decodes as
/// text there; none otherwise.
fn looks_like(bytes: &[u8], bad: usize) -> Option<(String, &'static str)> {
    match Encoding::for_bom(bytes) {
        Some((e, _)) if e == UTF_16LE => {
            return Some((
                "UTF-16 (little-endian: it starts with the byte-order mark FF FE)".into(),
                "UTF-16",
            ));
        }
        Some((e, _)) if e == UTF_16BE => {
            return Some((
                "UTF-16 (big-endian: it starts with the byte-order mark FE FF)".into(),
                "UTF-16",
            ));
        }
        _ => {}
    }
    let head = &bytes[..bytes.len().min(4096)];
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (nul_at(0), nul_at(1));
    let pairs = head.len() / 2;
    if pairs > 0 && odd * 4 > pairs && even == 0 {
        return Some((
            "UTF-16 little-endian without a byte-order mark (NUL bytes between the letters)".into(),
            "UTF-16LE",
        ));
    }
    if pairs > 0 && even * 4 > pairs && odd == 0 {
        return Some((
            "UTF-16 big-endian without a byte-order mark (NUL bytes between the letters)".into(),
            "UTF-16BE",
        ));
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    // Bytes Windows-1252 leaves undefined decode as control characters: not that encoding.
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return None;
    }
    let (ch, _) = WINDOWS_1252.decode_without_bom_handling(&bytes[bad..bad + 1]);
    Some((
        format!(
            "Windows-1252 or Latin-1 (byte 0x{:02X} is “{ch}” there), as Excel and older editors save",
            bytes[bad]
        ),
        "WINDOWS-1252",
    ))
}
