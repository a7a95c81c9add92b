/**
 * The production build (`npm run build`): the three pages, the icons and the manifest with the
 * production URL. Runs webpack once into a temporary folder — about 1 to 3 minutes on this machine.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const PROD_URL = 'https://ledger.test.example/addin/';

describe('production build', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgercheck-dist-'));
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production', '--output-path', out],
      { cwd: ROOT, env: { ...process.env, ADDIN_PROD_URL: PROD_URL }, stdio: 'pipe', timeout: 900_000 },
    );
  }, 900_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');

  it('emits the task pane and the function file, each loading office.js from the Office CDN and its bundle', () => {
    for (const [page, bundle] of [['taskpane.html', 'taskpane.js'], ['commands.html', 'commands.js']]) {
      const html = read(page);
      expect(html).toMatch(/<script[^>]+src=["']?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/);
      expect(html).toContain(`src=${bundle}`);
      expect(fs.statSync(path.join(out, bundle)).size).toBeGreaterThan(1000);
    }
  });

  it('emits the web page with nothing external and a CSP that allows only its own origin', () => {
    const html = read('web.html');
    expect(html).not.toMatch(/office\.js/);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    const csp = /http-equiv=["']?Content-Security-Policy["']? content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(fs.statSync(path.join(out, 'web.js')).size).toBeGreaterThan(1000);
  });

  it('copies the icons and writes the manifest with the production URL everywhere', () => {
    for (const size of [16, 32, 64, 80]) {
      expect(fs.readFileSync(path.join(out, `assets/icon-${size}.png`))).toEqual(fs.readFileSync(path.join(ROOT, `assets/icon-${size}.png`)));
    }
    const manifest = read('manifest.xml');
    expect(manifest).not.toContain('localhost');
    expect(manifest).toContain(`<SourceLocation DefaultValue="${PROD_URL}taskpane.html"/>`);
    expect(manifest).toContain(`DefaultValue="${PROD_URL}commands.html"`);
    expect(manifest).toContain('<AppDomain>https://ledger.test.example</AppDomain>');
  });
});
