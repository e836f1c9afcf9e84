import { parse } from "node-html-parser";
import { describe, expect, it } from "vitest";
import { MARK_START as S, MARK_STOP as E, segmentsOf } from "../../app/domain/guidance/highlight.ts";
import { markdownPlainText, renderArticleMarkdown } from "../../app/domain/guidance/markdown.server.ts";
import { Browser, seededApp } from "../setup/app.ts";
import { writeArticle } from "../setup/guidance.ts";

// Issue 11: an article's Markdown is parsed by marked and cleaned by sanitize-html on the server. A battery of
// hostile inputs, each checked on the HTML itself (parsed, not by string search alone): no script, no raw HTML,
// no event attribute, no style, no javascript:/data: address survives; links get rel="noopener noreferrer".
// Then one through the portal: written by a champion, read by a SENCO, neutralised on the page they see.

const HOSTILE: [string, string][] = [
  ["a script tag", "<script>alert('x')</script>\n\nAfter."],
  ["a script inline", "Before <script>alert(1)</script> after."],
  ["img onerror", '<img src="x" onerror="alert(1)">'],
  ["Markdown image with onerror in the title", '![x](https://example.org/x.png "x\\" onerror=\\"alert(1)")'],
  ["a javascript: link", "[click](javascript:alert(1))"],
  ["a JavaScript: link in mixed case", "[click](JaVaScRiPt:alert(1))"],
  ["an entity-encoded javascript: link", "[click](&#106;avascript:alert(1))"],
  ["a javascript: link with a tab", "[click](java\tscript:alert(1))"],
  ["a data: link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
  ["a data: image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
  ["a vbscript: link", "[click](vbscript:msgbox(1))"],
  ["a raw HTML block", '<div onclick="alert(1)" style="position:fixed">\n<p>Hi</p>\n</div>'],
  ["an iframe", '<iframe src="https://evil.example"></iframe>'],
  ["inline SVG", '<svg onload="alert(1)"><circle r="10"/></svg>'],
  ["SVG with script", "<svg><script>alert(1)</script></svg>"],
  ["a style attribute and tag", '<p style="color:red">red</p><style>body{display:none}</style>'],
  ["an autolink to javascript:", "<javascript:alert(1)>"],
  ["a form", '<form action="https://evil.example"><input name="password"></form>'],
  ["an HTML link with target", '<a href="https://example.org" target="_blank" onmouseover="alert(1)">x</a>'],
  ["a meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ["a base tag", '<base href="https://evil.example/">'],
  ["an object", '<object data="https://evil.example/x.swf"></object>'],
  ["a reference-style javascript: link", "[click][x]\n\n[x]: javascript:alert(1)"],
  ["a protocol-relative link", "[click](//evil.example/x)"],
  ["a broken tag", '<img src=x onerror=alert(1)//'],
  ["nested markup in a code span", "`<script>alert(1)</script>`"],
];

const EVENT = /^on/i;

function assertSafe(html: string, what: string) {
  const root = parse(html);
  const all = root.querySelectorAll("*");
  const allowed = new Set(["h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "del", "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td"]);
  for (const el of all) {
    const tag = el.tagName.toLowerCase();
    expect(allowed.has(tag), `${what}: <${tag}>`).toBe(true);
    for (const [name, value] of Object.entries(el.attributes)) {
      expect(EVENT.test(name), `${what}: ${name}`).toBe(false);
      expect(["style", "class", "id", "src", "target", "srcdoc", "action"].includes(name.toLowerCase()), `${what}: ${name}`).toBe(false);
      if (name === "href") {
        expect(value, what).toMatch(/^(https?:|mailto:|\/(?!\/)|#|[^:/]*$)/i);
      }
    }
    if (tag === "a" && el.getAttribute("href")) expect(el.getAttribute("rel"), what).toBe("noopener noreferrer");
  }
  // As markup: no such tag, no event attribute, no such address in any attribute (the words may stay, as text).
  expect(html.toLowerCase(), what).not.toMatch(/<(script|svg|iframe|img|style|form|input|meta|base|object)\b/);
  expect(html, what).not.toMatch(/<[^>]*\son\w+\s*=/i);
  expect(html, what).not.toMatch(/<[^>]*=\s*["']?\s*(javascript|vbscript|data):/i);
}

describe("the Markdown sanitiser", () => {
  it.each(HOSTILE)("neutralises %s", (what, markdown) => {
    assertSafe(renderArticleMarkdown(markdown), what);
  });

  it("keeps the article's typography and safe links, and a Markdown heading becomes a section heading", () => {
    const html = renderArticleMarkdown(
      "# Top\n\n## Section\n\nSome **bold**, *emphasis* and `code`.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n[KELSI](https://www.kelsi.org.uk) [mail](mailto:send@kent.example) [here](/guidance/autism-friendly-classrooms)\n\n| A | B |\n|---|---|\n| 1 | 2 |",
    );
    const root = parse(html);
    expect(root.querySelectorAll("h1")).toHaveLength(0);
    expect(root.querySelectorAll("h2").map((h) => h.text)).toEqual(["Top", "Section"]);
    expect(root.querySelector("strong")?.text).toBe("bold");
    expect(root.querySelector("em")?.text).toBe("emphasis");
    expect(root.querySelectorAll("li").map((l) => l.text.trim())).toEqual(["one", "two", "first"]);
    expect(root.querySelector("blockquote")?.text.trim()).toBe("quoted");
    expect(root.querySelectorAll("a").map((a) => [a.getAttribute("href"), a.getAttribute("rel")])).toEqual([
      ["https://www.kelsi.org.uk", "noopener noreferrer"],
      ["mailto:send@kent.example", "noopener noreferrer"],
      ["/guidance/autism-friendly-classrooms", "noopener noreferrer"],
    ]);
    expect(root.querySelectorAll("td").map((c) => c.text)).toEqual(["1", "2"]);
    assertSafe(html, "typography");
  });

  it("keeps the words of a dropped link or tag as text, and code as text", () => {
    expect(parse(renderArticleMarkdown("[click here](javascript:alert(1))")).text).toContain("click here");
    expect(renderArticleMarkdown("`<script>alert(1)</script>`")).toContain("&lt;script&gt;");
  });

  it("gives the search its plain text: no Markdown, no HTML", () => {
    expect(markdownPlainText("## Heading\n\nSome **bold** text <script>alert(1)</script> and [a link](https://x.example).\n\n- one\n- two")).toBe(
      "Heading\nSome bold text alert(1) and a link.\none\ntwo",
    );
  });
});

describe("search highlights as data", () => {
  it("splits ts_headline's markers into text and marks, joins marked words with only spaces between, and caps the marks", () => {
    expect(segmentsOf(`A ${S}calm${E} ${S}start${E} to the ${S}day${E}.`)).toEqual([
      { text: "A ", mark: false },
      { text: "calm start", mark: true },
      { text: " to the ", mark: false },
      { text: "day", mark: true },
      { text: ".", mark: false },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => `${S}w${i}${E}`).join(", ");
    expect(segmentsOf(many).filter((s) => s.mark)).toHaveLength(10);
    expect(segmentsOf(many).map((s) => s.text).join("")).toBe(Array.from({ length: 30 }, (_, i) => `w${i}`).join(", "));
    // Markup in the text stays text: React draws each segment as a string.
    expect(segmentsOf(`<b>${S}x${E}</b>`)).toEqual([
      { text: "<b>", mark: false },
      { text: "x", mark: true },
      { text: "</b>", mark: false },
    ]);
  });
});

describe("a hostile article through the portal", () => {
  const t = seededApp();

  it("is stored as written and shown to a reader with nothing active left in it", async () => {
    const body = HOSTILE.map(([, markdown]) => markdown).join("\n\n");
    const slug = await writeArticle(t.database.db, { title: "A hostile article", summary: "<script>alert('summary')</script>", body });
    const row = await t.database.db.selectFrom("guidance_articles").select(["body_markdown", "summary"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    expect(row.body_markdown).toBe(body);
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const page = await senco.get(`/guidance/${slug}`);
    expect(page.status).toBe(200);
    const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(page.text)![1]!;
    // The summary is text, escaped by React; the body is the sanitiser's output.
    expect(main).toContain("&lt;script&gt;alert(&#x27;summary&#x27;)&lt;/script&gt;");
    const article = parse(main).querySelector("div.max-w-3xl.text-lg")!;
    assertSafe(article.innerHTML, "the article page");
    expect(main).not.toMatch(/<script\b/i);
    expect(main).not.toMatch(/<[^>]*\son(error|load|click|mouseover)\s*=/i);
    expect(main).not.toMatch(/<[^>]*=\s*["']?\s*javascript:/i);
    // And in search results, highlighted as data.
    const results = await senco.get("/guidance?q=hostile");
    const list = /<main[^>]*>([\s\S]*?)<\/main>/.exec(results.text)![1]!;
    expect(list).not.toMatch(/<script/i);
    expect(list).toContain("&lt;script&gt;");
  });
});
