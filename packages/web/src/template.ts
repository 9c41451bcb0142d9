/** A piece of a quick-reply template: plain text, or a `{{name}}` in it. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string; raw: string }

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g

/**
 * Splits a template into text and its `{{variables}}` (spaces inside the
 * braces allowed, as the server's filler allows them), so a preview can
 * fill the known ones and mark the rest.
 */
export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = []
  let last = 0
  for (const match of template.matchAll(VARIABLE)) {
    if (match.index > last) {
      parts.push({ kind: 'text', text: template.slice(last, match.index) })
    }
    parts.push({ kind: 'variable', name: match[1]!, raw: match[0] })
    last = match.index + match[0].length
  }
  if (last < template.length) {
    parts.push({ kind: 'text', text: template.slice(last) })
  }
  return parts
}
