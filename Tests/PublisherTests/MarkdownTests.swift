import Testing

@testable import Publisher

@Suite struct MarkdownTests {
    @Test(arguments: [
        // CommonMark spec examples (0.30) and their expected HTML.
        ("*foo*bar\n", "<p><em>foo</em>bar</p>\n"),
        ("- one\n\n two\n", "<ul>\n<li>one</li>\n</ul>\n<p>two</p>\n"),
        ("    a simple\n      indented code block\n", "<pre><code>a simple\n  indented code block\n</code></pre>\n"),
        ("`<a href=\"`\">`\n", "<p><code>&lt;a href=&quot;</code>&quot;&gt;`</p>\n"),
        ("[link](/uri \"title\")\n", "<p><a href=\"/uri\" title=\"title\">link</a></p>\n"),
        ("> # Foo\n> bar\n", "<blockquote>\n<h1 id=\"foo\">Foo</h1>\n<p>bar</p>\n</blockquote>\n"),
    ])
    func rendersCommonMark(source: String, html: String) {
        #expect(Markdown.html(source) == html)
    }

    @Test func omitsRawHTMLByDefault() {
        let html = Markdown.html("<script>alert(1)</script>\n\nhi <b onclick=\"x()\">there</b>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("onclick"))
        #expect(html.contains("raw HTML omitted"))
        #expect(html.contains("there"))
    }

    @Test func dropsDangerousLinksByDefault() {
        let html = Markdown.html("[click](javascript:alert(1)) ![x](vbscript:y) [ok](https://example.org)\n")
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("vbscript:"))
        #expect(html.contains("<a href=\"https://example.org\">ok</a>"))
    }

    @Test func keepsRawHTMLWhenTrusted() {
        let html = Markdown.html("<div class=\"note\">kept</div>\n", options: .trusted)
        #expect(html == "<div class=\"note\">kept</div>\n")
    }

    @Test func headingContentIsEscapedAndFiltered() {
        let document = Markdown.render("## A <b>bold</b> & *neat* heading\n")
        #expect(
            document.headings == [Markdown.Heading(level: 2, text: "A bold & neat heading", id: "a-bold-neat-heading")])
        #expect(
            document.html
                == "<h2 id=\"a-bold-neat-heading\">A <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> &amp; <em>neat</em> heading</h2>\n"
        )
    }

    @Test func headingIdsAreStableAndUnique() {
        let document = Markdown.render("# Intended use\n\n## Intended use\n\n### Intended  use!\n\n# Ünïcode 2\n\n#\n")
        #expect(
            document.headings.map(\.id) == ["intended-use", "intended-use-1", "intended-use-2", "ünïcode-2", "section"])
        #expect(Markdown.render("# Intended use\n").headings.map(\.id) == ["intended-use"])
    }

    @Test func invalidUTF8AndEmptyInputDoNotCrash() {
        #expect(Markdown.html("") == "")
        #expect(Markdown.html("a\u{0}b\n").contains("a\u{FFFD}b"))
    }

    @Test func smartPunctuation() {
        #expect(Markdown.html("\"quoted\" -- and...\n", options: .smart) == "<p>“quoted” – and…</p>\n")
    }
}
