import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { WecomCryptoError } from './errors'

/** A parsed `<xml>` document: element names to text, lists or sub-documents. */
export interface XmlNode {
  [name: string]: XmlValue
}
export type XmlValue = string | XmlNode | XmlValue[]

const CDATA = '#cdata'
const TEXT = '#text'

/** Elements that hold repeated `<Item>` children and must always be lists. */
const LIST_PATHS = new Set([
  'xml.MemChangeList.Item',
  'xml.AddUserItems.Item',
  'xml.DelUserItems.Item',
  'xml.AddPartyItems.Item',
  'xml.DelPartyItems.Item',
])

const parser = new XMLParser({
  ignoreAttributes: true,
  // Every value stays a string: ids may have leading zeros and MsgId is a
  // 64-bit number, both of which a number parse would corrupt.
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded by readText, in text only: CDATA stays as written.
  // (The parser's own entity pass also costs more than the rest of a parse.)
  processEntities: false,
  htmlEntities: false,
  cdataPropName: CDATA,
  trimValues: true,
  isArray: (_name, jpath) => LIST_PATHS.has(String(jpath)),
})

const FORBIDDEN = /<!DOCTYPE|<!ENTITY|<\?xml-stylesheet/i
const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/g

/**
 * Parses a WeCom XML document (`<xml>…</xml>`) into its root's children, all
 * values as strings.
 * @throws {WecomCryptoError} XML_INVALID when the text is not well-formed, has
 *   a DOCTYPE or entity declaration, or has no `<xml>` root
 */
export function parseWecomXml(text: string): XmlNode {
  // Declarations are looked for outside CDATA: a customer may well write
  // "<!DOCTYPE" in a message, and that text is data, not markup.
  if (FORBIDDEN.test(text.replace(CDATA_SECTION, ''))) {
    throw new WecomCryptoError(
      'XML_INVALID',
      'XML with a DOCTYPE or entity declaration is not accepted',
    )
  }
  let validation: ReturnType<typeof XMLValidator.validate>
  try {
    validation = XMLValidator.validate(text)
  } catch {
    validation = false as never
  }
  if (validation !== true) {
    throw new WecomCryptoError('XML_INVALID', 'XML is not well-formed')
  }
  let document: XmlNode
  try {
    document = parser.parse(text) as XmlNode
  } catch {
    // The parser refuses some well-formed input too (deep nesting, names
    // such as __proto__); either way it is not a WeCom message.
    throw new WecomCryptoError('XML_INVALID', 'XML is not a WeCom message')
  }
  const keys = Object.keys(document).filter((key) => key !== '?xml')
  const root = document.xml
  if (keys.length !== 1 || root === undefined) {
    throw new WecomCryptoError('XML_INVALID', 'XML root element must be <xml>')
  }
  return typeof root === 'string' ? {} : (root as XmlNode)
}

/** Reads a child's text, or undefined when it is absent or not plain text. */
export function readText(node: XmlNode, name: string): string | undefined {
  return textOf(node[name])
}

/**
 * The text of a parsed element: character data with its entities decoded,
 * CDATA sections as written. An element with child elements has no text.
 */
function textOf(value: XmlValue | undefined): string | undefined {
  if (typeof value === 'string') {
    return decodeEntities(value)
  }
  if (value === undefined || Array.isArray(value)) {
    return undefined
  }
  const names = Object.keys(value)
  if (names.some((key) => key !== CDATA && key !== TEXT)) {
    return undefined
  }
  const text = value[TEXT]
  const cdata = value[CDATA]
  const sections = Array.isArray(cdata) ? cdata : [cdata]
  return (
    (typeof text === 'string' ? decodeEntities(text) : '') +
    sections.filter((part) => typeof part === 'string').join('')
  )
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|apos|quot));/g
const NAMED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
}

/** Decodes XML's five entities and character references, nothing else. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) {
    return text
  }
  return text.replace(
    ENTITY,
    (match, hex?: string, dec?: string, named?: string) => {
      if (named) {
        return NAMED[named] ?? match
      }
      const code = hex ? parseInt(hex, 16) : Number(dec)
      return code <= 0x10ffff ? String.fromCodePoint(code) : match
    },
  )
}

/** Reads the `<Item>` texts of a list element; absent or empty is `[]`. */
export function readItems(node: XmlNode, name: string): string[] {
  const list = node[name]
  if (list === undefined || typeof list === 'string' || Array.isArray(list)) {
    return []
  }
  const items = list.Item
  if (!Array.isArray(items)) {
    return []
  }
  return items
    .map((item) => textOf(item))
    .filter((item): item is string => item !== undefined)
}

/**
 * Writes a flat `<xml>` document. Text goes into CDATA, split where it holds
 * `]]>`; numbers are written bare, as WeCom does for CreateTime.
 */
export function buildWecomXml(
  fields: Record<string, string | number | string[] | undefined>,
): string {
  const parts = Object.entries(fields).map(([name, value]) => {
    if (value === undefined) {
      return ''
    }
    if (Array.isArray(value)) {
      const items = value.map((item) => `<Item>${cdata(item)}</Item>`)
      return `<${name}>${items.join('')}</${name}>`
    }
    if (typeof value === 'number') {
      return `<${name}>${value}</${name}>`
    }
    return `<${name}>${cdata(value)}</${name}>`
  })
  return `<xml>${parts.join('')}</xml>`
}

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}
