//! Whether a page fills its content by script: a list loaded as JSON, a Vue or Angular
//! template. A static reader sees such a list empty, which says nothing about the site.

/// Calls that load data after the page arrives.
const LOADERS: &[&str] = &[
    "$.ajax",
    "$.get(",
    "$.getjson",
    "$.post(",
    "jquery.ajax",
    "xmlhttprequest",
    "fetch(",
    "axios",
    ".load(",
];

/// Template markers left in the HTML for a script to fill.
const TEMPLATES: &[&str] = &["v-for=", "ng-repeat=", "{{", "<template"];

/// Whether the page's scripts (`scripts`, their text joined) or its markup (`html`) show that
/// its content is written by script.
pub fn fills_by_script(scripts: &str, html: &str) -> bool {
    let s = scripts.to_ascii_lowercase();
    LOADERS.iter().any(|m| s.contains(m)) || {
        let h = html.to_ascii_lowercase();
        TEMPLATES.iter().any(|m| h.contains(m))
    }
}

#[cfg(test)]
mod tests {
    use super::fills_by_script;

    #[test]
    fn loaders_and_templates() {
        assert!(fills_by_script("$.getJSON('/api/list?page=1', render)", ""));
        assert!(fills_by_script(
            "",
            "<ul><li v-for=\"item in list\">{{item.title}}</li></ul>"
        ));
        assert!(!fills_by_script(
            "var pageCount = 3; createPageHTML(3, 0, 'index', 'html');",
            "<ul></ul>"
        ));
    }
}
