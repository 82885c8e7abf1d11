/**
 * Escaping for the self-contained HTML documents the CLI writes (the simulation report). Every
 * piece of text that came from a run (labels, SKUs, cancellation details) goes through one of these,
 * so a `</script>` or an `&` inside a string is shown as text and never changes the document.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for an element body or a quoted attribute value.
 * @example escapeHtml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * JSON for the body of a `<script type="application/json">` element, read back with
 * `JSON.parse(element.textContent)`. The HTML parser ends a script at the first `</script` and
 * treats `<!--` specially, and entities are not decoded there, so `<`, `>` and `&` are written as
 * JSON unicode escapes (which JSON.parse turns back into the same characters); U+2028 and U+2029
 * are escaped too, for readers that treat the body as JavaScript.
 * @example jsonForScriptElement({ d: '</script>' }) // '{"d":"\\u003c/script\\u003e"}'
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Third-party JavaScript made safe to inline in a `<script>` element: the `<` of a `</script` or
 * `<!--` in a string or regular expression becomes `\x3C`, the same character to JavaScript (in
 * strings, templates and regular expressions, unicode mode included) but not a tag to the HTML
 * parser; the trailing `sourceMappingURL` comment goes, so that opening developer tools never
 * fetches a map. (Chart.js 4.6.1 contains neither sequence today; this keeps it so.)
 */
export function inlineScriptSource(source: string): string {
  return source.replace(/<(\/script|!--)/gi, '\\x3C$1').replace(/^\/\/# sourceMappingURL=.*$/gm, '');
}
