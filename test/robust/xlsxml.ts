/**
 * A workbook as its XML says it looks, read without ExcelJS: ExcelJS cannot judge its own copy,
 * since what it drops on reading (built-in number formats it has no code for, the Normal style's
 * alignment, the default font behind unstyled cells) it drops from both sides of a comparison.
 * Elements are compared in a canonical form (attributes and children sorted), so a writer's
 * element order does not count as a difference.
 */
import { zipEntries } from './zip';

export interface XmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

/** A small XML parser: enough for the parts of an .xlsx (no DTDs, no CDATA). */
export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { tag: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  for (const m of xml.matchAll(/<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g)) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.text += decode(m[5]);
      continue;
    }
    if (!m[2]) continue;
    if (m[1]) {
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3]);
    const node: XmlNode = { tag: m[2], attrs, children: [], text: '' };
    top.children.push(node);
    if (!m[4]) stack.push(node);
  }
  return root.children[0];
}

export const child = (n: XmlNode | undefined, tag: string) => n?.children.find((c) => c.tag === tag);
export const children = (n: XmlNode | undefined, tag: string) => n?.children.filter((c) => c.tag === tag) ?? [];

/** The element in canonical form: attributes and children sorted, whitespace-only text dropped. */
export function canon(n: XmlNode | undefined): string {
  if (!n) return '';
  const attrs = Object.keys(n.attrs)
    .sort()
    .map((k) => ` ${k}="${n.attrs[k]}"`)
    .join('');
  const inner = n.children.map(canon).sort().join('') + n.text.trim();
  return `<${n.tag}${attrs}>${inner}</${n.tag}>`;
}

export interface CellLook {
  type: string;
  value: string;
  formula: string;
  /** A built-in format as `#id`, a custom one as its code. */
  numFmt: string;
  font: string;
  fill: string;
  border: string;
  alignment: string;
  protection: string;
}

export interface RawSheet {
  name: string;
  xml: XmlNode;
  cells: Map<string, CellLook>;
}

export interface RawBook {
  parts: Map<string, string>;
  styles: XmlNode;
  workbook: XmlNode;
  sheets: RawSheet[];
  /** Font 0: what a cell without a font of its own shows. */
  defaultFont: string;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

export async function readRaw(bytes: Uint8Array): Promise<RawBook> {
  const parts = new Map((await zipEntries(bytes)).map((e) => [e.name, e.data.toString('utf8')]));
  const part = (name: string) => parseXml(parts.get(name) ?? '<none/>');
  const workbook = part('xl/workbook.xml');
  const rels = new Map(children(part('xl/_rels/workbook.xml.rels'), 'Relationship').map((r) => [r.attrs.Id, resolveTarget('xl/workbook.xml', r.attrs.Target)]));
  const styles = part('xl/styles.xml');
  const strings = children(part('xl/sharedStrings.xml'), 'si').map(textOf);
  const numFmts = new Map(children(child(styles, 'numFmts'), 'numFmt').map((f) => [f.attrs.numFmtId, f.attrs.formatCode]));
  const list = (tag: string, item: string) => children(child(styles, tag), item);
  const [fonts, fills, borders, xfs] = [list('fonts', 'font'), list('fills', 'fill'), list('borders', 'border'), list('cellXfs', 'xf')];
  const look = (s: number) => {
    const xf = xfs[s];
    const id = xf?.attrs.numFmtId ?? '0';
    return {
      numFmt: Number(id) < 164 ? `#${id}` : (numFmts.get(id) ?? `missing ${id}`),
      font: canon(fonts[Number(xf?.attrs.fontId ?? 0)]),
      fill: canon(fills[Number(xf?.attrs.fillId ?? 0)]),
      border: canon(borders[Number(xf?.attrs.borderId ?? 0)]),
      alignment: canon(child(xf, 'alignment')),
      protection: canon(child(xf, 'protection')),
    };
  };
  const sheets = children(child(workbook, 'sheets'), 'sheet').map((sheet) => {
    const xml = part(rels.get(sheet.attrs['r:id'])!);
    const cells = new Map<string, CellLook>();
    for (const row of children(child(xml, 'sheetData'), 'row')) {
      for (const c of children(row, 'c')) {
        const v = child(c, 'v')?.text ?? '';
        const t = c.attrs.t ?? 'n';
        const text = t === 's' ? strings[Number(v)] : t === 'inlineStr' ? textOf(child(c, 'is')!) : v;
        const f = child(c, 'f');
        cells.set(c.attrs.r, {
          type: t === 's' || t === 'inlineStr' || t === 'str' ? 'string' : t,
          value: text,
          formula: f ? f.text : '',
          ...look(Number(c.attrs.s ?? 0)),
        });
      }
    }
    return { name: sheet.attrs.name, xml, cells };
  });
  return { parts, styles, workbook, sheets, defaultFont: canon(fonts[0]) };
}

function textOf(n: XmlNode): string {
  // Phonetic runs (<rPh>) are not part of the text.
  return n.tag === 'rPh' ? '' : n.tag === 't' ? n.text : n.children.map(textOf).join('');
}
