/**
 * A tiny strict XML reader for tests: it accepts only well-formed documents (one root, tags
 * nested and closed, attributes quoted and unique, only the five entities or character
 * references, no raw `<` or `&` in text, only characters XML 1.0 allows) and gives the tree back,
 * entities decoded, so tests can check what a JUnit file says.
 */

/** An element with its attributes, child elements and decoded text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes entity and character references; throws on anything else after `&`. */
function decode(raw: string, where: string): string {
  if (/</.test(raw)) throw new Error(`raw < in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (_whole, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & in ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const num = /^#(\d+)$/.exec(ref) ?? /^#x([0-9a-fA-F]+)$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; in ${where}`);
    return String.fromCodePoint(parseInt(num[1]!, ref.startsWith('#x') ? 16 : 10));
  });
}

/** Parses `xml`, throwing on the first well-formedness problem. */
export function parseXml(xml: string): XmlElement {
  if (/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(xml)) throw new Error('character not allowed in XML 1.0');
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (text) {
      const decoded = decode(text, 'text');
      if (stack.length === 0) {
        if (text.trim()) throw new Error('text outside the root element');
      } else stack[stack.length - 1]!.text += decoded;
    }
    if (lt < 0) break;
    rest = rest.slice(lt);
    const m = tag.exec(rest);
    if (!m) throw new Error(`malformed tag at ${JSON.stringify(rest.slice(0, 40))}`);
    rest = rest.slice(m[0].length);
    const [, closing, name, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const element: XmlElement = { name, attrs: attributes(attrText), children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else if (root) throw new Error('second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0 || !root) throw new Error('unclosed element or no root');
  return root;
}

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
    const name = m[1]!;
    if (name in out) throw new Error(`duplicate attribute ${name}`);
    out[name] = decode(m[2] ?? m[3] ?? '', `attribute ${name}`);
  }
  return out;
}

/** Every element named `name` under `element` (depth first). */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return [...(element.name === name ? [element] : []), ...element.children.flatMap((c) => findAll(c, name))];
}
