import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { WecomCryptoError } from './errors'

/** A parsed `<xml>` document: element names to text, lists or sub-documents. */
export interface XmlNode {
  [name: string]: XmlValue
}
export type XmlValue = string | XmlNode | XmlValue[]

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
  // Only the five XML entities and character references are expanded: any
  // document with a DOCTYPE is refused before it reaches the parser.
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  isArray: (_name, jpath) => LIST_PATHS.has(String(jpath)),
})

const FORBIDDEN = /<!DOCTYPE|<!ENTITY|<\?xml-stylesheet/i

/**
 * Parses a WeCom XML document (`<xml>…</xml>`) into its root's children, all
 * values as strings.
 * @throws {WecomCryptoError} XML_INVALID when the text is not well-formed, has
 *   a DOCTYPE or entity declaration, or has no `<xml>` root
 */
export function parseWecomXml(text: string): XmlNode {
  if (FORBIDDEN.test(text)) {
    throw new WecomCryptoError(
      'XML_INVALID',
      'XML with a DOCTYPE or entity declaration is not accepted',
    )
  }
  const validation = XMLValidator.validate(text)
  if (validation !== true) {
    throw new WecomCryptoError('XML_INVALID', 'XML is not well-formed')
  }
  const document = parser.parse(text) as XmlNode
  const keys = Object.keys(document).filter((key) => key !== '?xml')
  const root = document.xml
  if (keys.length !== 1 || root === undefined) {
    throw new WecomCryptoError('XML_INVALID', 'XML root element must be <xml>')
  }
  return typeof root === 'string' ? {} : (root as XmlNode)
}

/** Reads a child's text, or undefined when it is absent or not plain text. */
export function readText(node: XmlNode, name: string): string | undefined {
  const value = node[name]
  return typeof value === 'string' ? value : undefined
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
  return items.filter((item): item is string => typeof item === 'string')
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
