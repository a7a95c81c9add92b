/** manifest.xml checked offline (`npm run validate` needs Microsoft's service, unreachable here). */
import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const xml2js = require('xml2js') as { parseStringPromise(xml: string): Promise<XmlNode> };

type XmlNode = { [key: string]: XmlNode[] | XmlNode | string } & { $?: Record<string, string>; _?: string };

const ROOT = path.join(__dirname, '..');

function all(node: XmlNode, name: string): XmlNode[] {
  const found: XmlNode[] = [];
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
      if (k === '$') continue;
      const list = Array.isArray(v) ? v : [v];
      if (k === name) found.push(...(list as XmlNode[]));
      list.forEach(walk);
    }
  };
  walk(node);
  return found;
}

function text(node: XmlNode): string {
  return typeof node === 'string' ? node : (node._ ?? '');
}

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  let app: XmlNode;
  beforeAll(async () => {
    const doc = await xml2js.parseStringPromise(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'));
    app = doc.OfficeApp as XmlNode;
  });

  it('is a task-pane add-in for Excel workbooks that may read and write the document', () => {
    expect(app.$!['xsi:type']).toBe('TaskPaneApp');
    expect(text(all(app, 'Id')[0])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const hosts = all(app, 'Host').map((h) => h.$!.Name ?? h.$!['xsi:type']);
    expect(hosts).toEqual(['Workbook', 'Workbook']);
    expect(text(all(app, 'Permissions')[0])).toBe('ReadWriteDocument');
    const sets = all(app, 'Set').map((s) => s.$);
    expect(sets).toEqual([{ Name: 'ExcelApi', MinVersion: '1.7' }]);
  });

  it('speaks Chinese by default with English overrides for its name, description and labels', () => {
    expect(text(all(app, 'DefaultLocale')[0])).toBe('zh-CN');
    for (const tag of ['DisplayName', 'Description']) {
      const node = all(app, tag)[0];
      expect(node.$!.DefaultValue).toMatch(/[\u4e00-\u9fff]/);
      expect((node.Override as XmlNode[])[0].$).toEqual({ Locale: 'en-US', Value: expect.stringMatching(/^[^\u4e00-\u9fff]+$/) });
    }
    const strings = all(app, 'bt:String');
    expect(strings.length).toBeGreaterThanOrEqual(7);
    for (const s of strings) {
      expect(s.$!.DefaultValue).toMatch(/[\u4e00-\u9fff]/);
      expect((s['bt:Override'] as XmlNode[])[0].$!.Locale).toBe('en-US');
    }
  });

  it('points every URL at https', () => {
    const urls = [
      all(app, 'SourceLocation')[0].$!.DefaultValue,
      all(app, 'IconUrl')[0].$!.DefaultValue,
      all(app, 'HighResolutionIconUrl')[0].$!.DefaultValue,
      ...all(app, 'bt:Url').map((u) => u.$!.DefaultValue),
      ...all(app, 'bt:Image').filter((i) => i.$!.DefaultValue).map((i) => i.$!.DefaultValue),
    ];
    expect(urls.length).toBeGreaterThan(6);
    for (const u of urls) expect(new URL(u).protocol).toBe('https:');
    expect(all(app, 'SourceLocation')[0].$!.DefaultValue).toBe('https://localhost:3000/taskpane.html');
  });

  it('puts a LedgerCheck group on the Home tab with both buttons and a function file', () => {
    const resources = new Map<string, string>();
    for (const r of [...all(app, 'bt:String'), ...all(app, 'bt:Url'), ...all(app, 'bt:Image')]) {
      if (r.$?.id) resources.set(r.$.id, r.$.DefaultValue);
    }
    const tab = all(app, 'OfficeTab')[0];
    expect(tab.$!.id).toBe('TabHome');
    const group = all(tab, 'Group')[0];
    expect(resources.get(all(group, 'Label')[0].$!.resid)).toBe('台账校验');
    const controls = all(group, 'Control');
    const label = (c: XmlNode) => resources.get((c.Label as XmlNode[])[0].$!.resid);
    const action = (c: XmlNode) => (c.Action as XmlNode[])[0];
    expect(controls.map(label)).toEqual(['打开校验助手', '快速校验']);
    expect(action(controls[0]).$!['xsi:type']).toBe('ShowTaskpane');
    expect(resources.get(all(action(controls[0]), 'SourceLocation')[0].$!.resid)).toBe('https://localhost:3000/taskpane.html');
    expect(action(controls[1]).$!['xsi:type']).toBe('ExecuteFunction');
    expect(text(all(action(controls[1]), 'FunctionName')[0])).toBe('quickValidate');
    expect(resources.get(all(app, 'FunctionFile')[0].$!.resid)).toBe('https://localhost:3000/commands.html');
    // The function the button names is the one commands.ts registers.
    expect(fs.readFileSync(path.join(ROOT, 'src/commands/commands.ts'), 'utf8')).toContain("Office.actions.associate('quickValidate'");
  });

  it('declares icons that exist in assets/ at the sizes it says', () => {
    const declared: [number, string][] = [
      [32, all(app, 'IconUrl')[0].$!.DefaultValue],
      [64, all(app, 'HighResolutionIconUrl')[0].$!.DefaultValue],
    ];
    const ids = new Map(all(app, 'bt:Image').filter((i) => i.$!.id).map((i) => [i.$!.id, i.$!.DefaultValue]));
    for (const img of all(app, 'bt:Image').filter((i) => i.$!.size)) declared.push([Number(img.$!.size), ids.get(img.$!.resid)!]);
    expect(new Set(declared.map(([s]) => s))).toEqual(new Set([16, 32, 64, 80]));
    for (const [size, url] of declared) {
      const file = path.join(ROOT, new URL(url).pathname);
      expect(fs.existsSync(file)).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
  });
});
