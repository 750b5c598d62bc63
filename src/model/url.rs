//! Which links from data may become clickable.

/// The URL to put in an `href`, or `None` when it must be shown as text: only absolute
/// `http:`, `https:` and `mailto:` URLs are linked, so data can never run script
/// (`javascript:`), embed content (`data:`) or point at local files.
pub fn safe_href(url: &str) -> Option<&str> {
    let trimmed = url.trim();
    // Browsers ignore tabs and newlines anywhere in a URL ("java\tscript:"), and leading
    // control characters; such a URL is never a plain link, so it is refused outright.
    if trimmed.chars().any(char::is_control) {
        return None;
    }
    let (scheme, rest) = trimmed.split_once(':')?;
    let allowed = match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => rest.starts_with("//") && rest.len() > 2,
        "mailto" => !rest.is_empty(),
        _ => false,
    };
    allowed.then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn web_and_mail_links_are_allowed() {
        assert_eq!(
            safe_href(" https://news.example.org/a?b=c "),
            Some("https://news.example.org/a?b=c")
        );
        assert_eq!(safe_href("HTTP://example.org"), Some("HTTP://example.org"));
        assert_eq!(
            safe_href("mailto:desk@example.org"),
            Some("mailto:desk@example.org")
        );
    }

    #[test]
    fn scripts_data_files_relative_and_obfuscated_links_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "//evil.example",
            "/relative",
            "news.html",
            "https:",
            "https:evil",
            "",
            "https://exa\nmple.org",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
    }
}
