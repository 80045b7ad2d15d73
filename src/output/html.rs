//! HTML text for the pages every command writes (review, report, stats).

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    // Most text holds nothing to escape: one pass over the bytes says so
    // (every character escaped or replaced below is ASCII).
    let special = |b: u8| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || (b < 0x20 && b != b'\n' && b != b'\t')
    };
    if !s.bytes().any(special) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_is_escaped_for_element_content_and_attributes() {
        for (text, want) in [
            ("", ""),
            ("Äldreomsorg, 12 juni", "Äldreomsorg, 12 juni"),
            ("a & b", "a &amp; b"),
            ("<td>", "&lt;td&gt;"),
            ("\"x\" 'y'", "&quot;x&quot; &#39;y&#39;"),
            ("rad\nrad\tflik", "rad\nrad\tflik"),
            ("bell\u{7}cr\r", "bell cr "),
            ("☒ LSS & SoL", "☒ LSS &amp; SoL"),
            ("a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;"),
            ("x\u{1}y", "x y"),
        ] {
            assert_eq!(escape(text), want, "{text:?}");
        }
    }
}
