import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PROFILE } from '../../src/core/profile';
import { FIELD_KEYS, pickLanguage, RULE_IDS, STRINGS } from '../../src/taskpane/strings';

// CI checks the spec out beside the clone (../shared), as on the development machine.
const SPEC = path.resolve(__dirname, '../../../shared/SPEC.md');

test('every rule of SPEC §4 has a title in both languages', () => {
  const spec = fs.readFileSync(SPEC, 'utf8');
  const section4 = spec.slice(spec.indexOf('## 4.'), spec.indexOf('## 5.'));
  const ids = [...section4.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  expect(ids.length).toBeGreaterThan(25);
  expect([...RULE_IDS].sort()).toEqual([...new Set(ids)].sort());
  for (const id of ids) {
    const zh = STRINGS['zh-CN'].ruleTitle(id);
    const en = STRINGS['en-US'].ruleTitle(id);
    expect(zh).not.toBe(id);
    expect(en).not.toBe(id);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
  }
});

test('both languages have the same keys and every field has a label', () => {
  expect(Object.keys(STRINGS['en-US']).sort()).toEqual(Object.keys(STRINGS['zh-CN']).sort());
  for (const field of FIELD_KEYS) {
    expect(STRINGS['zh-CN'].fieldLabel(field)).toMatch(/[\u4e00-\u9fff]/);
    expect(STRINGS['en-US'].fieldLabel(field)).toMatch(/^[A-Za-z]/);
  }
});

test('English only when Office (or the browser) says English; Chinese otherwise', () => {
  expect(pickLanguage('en-US')).toBe('en-US');
  expect(pickLanguage('en-GB')).toBe('en-US');
  expect(pickLanguage('EN')).toBe('en-US');
  expect(pickLanguage('zh-CN')).toBe('zh-CN');
  expect(pickLanguage('zh-TW')).toBe('zh-CN');
  expect(pickLanguage('fr-FR')).toBe('zh-CN');
  expect(pickLanguage(undefined)).toBe('zh-CN');
  expect(pickLanguage('')).toBe('zh-CN');
});

test('every editable parameter of the default profile has a label in both languages', () => {
  const editable = Object.entries(DEFAULT_PROFILE).filter(([, v]) => ['number', 'string', 'boolean'].includes(typeof v));
  expect(editable.length).toBeGreaterThan(10);
  for (const [key] of editable) {
    expect(STRINGS['zh-CN'].profileLabel(key)).not.toBe(key);
    expect(STRINGS['en-US'].profileLabel(key)).not.toBe(key);
  }
});
