import fc from 'fast-check';
import { cellText, isPlainLabel, nameKey, nameKeyHash, needsTrim, normCodes, normLabel } from '../src/core/text';
import { keyHash } from '../src/core/firstSeen';
import { resolveProfile } from '../src/core/profile';
import { isCreditCode, isProjectCode } from '../src/core/rules/codes';
import { dayNumber, fromDayNumber, isDateFormat, isoDate, monthsElapsed, parseDate, parsePeriod } from '../src/core/dates';
import { formatDecimals, isEmptyMarker, parseAmountText, unitIn } from '../src/core/numbers';
import { matchField } from '../src/core/header';
import { inferSubcategory } from '../src/core/classify';

const day = (v: string | number, fmt?: string) => {
  const d = parseDate(v, fmt);
  return d && [d.precision, isoDate(d.start), isoDate(d.end)];
};

describe('dates as ledgers write them', () => {
  test('months of the plan year elapsed, asked with changing years and days (it keeps its last answer)', () => {
    const asked: [number, number][] = [[2024, dayNumber(2024, 11, 30)], [2024, dayNumber(2024, 11, 30)], [2024, dayNumber(2024, 6, 15)],
      [2023, dayNumber(2024, 6, 15)], [2025, dayNumber(2024, 6, 15)], [2024, dayNumber(2024, 11, 30)]];
    expect(asked.map(([y, day]) => monthsElapsed(y, day))).toEqual([10 + 30 / 30, 11, 5 + 15 / 30, 12, 0, 11]);
  });

  test.each([
    ['2024-03-15', ['day', '2024-03-15', '2024-03-15']],
    ['2024/3/5', ['day', '2024-03-05', '2024-03-05']],
    ['2024.3.15', ['day', '2024-03-15', '2024-03-15']],
    ['2024年3月15日', ['day', '2024-03-15', '2024-03-15']],
    ['2024 年 3 月', ['month', '2024-03-01', '2024-03-31']],
    ['2024.02', ['month', '2024-02-01', '2024-02-29']],
    ['2024-3', ['month', '2024-03-01', '2024-03-31']],
    ['2024年', ['year', '2024-01-01', '2024-12-31']],
    ['2024', ['year', '2024-01-01', '2024-12-31']],
    ['２０２４年３月', ['month', '2024-03-01', '2024-03-31']],
  ] as const)('%s', (text, expected) => {
    expect(day(text)).toEqual(expected);
  });

  test.each(['2024年13月', '2024-02-30', '明年', '约2024年', '24-3-5'])('%s is not a date', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  test('Excel serials: with a date format, and a bare serial', () => {
    expect(day(45366, 'yyyy-mm-dd')).toEqual(['day', '2024-03-15', '2024-03-15']);
    expect(day(45366)).toEqual(['day', '2024-03-15', '2024-03-15']);
    expect(day(2024)).toEqual(['year', '2024-01-01', '2024-12-31']);
  });

  test('date formats are told from number formats', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('[$-804]yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('m/d/yy')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('#,##0.00 "万元"')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat('[h]:mm:ss')).toBe(false);
  });

  test('建设起止年限', () => {
    const p = parsePeriod('2024-2026')!;
    expect([isoDate(p.start.start), isoDate(p.end.end)]).toEqual(['2024-01-01', '2026-12-31']);
    const q = parsePeriod('2024.03-2025.12')!;
    expect([isoDate(q.start.start), isoDate(q.end.end)]).toEqual(['2024-03-01', '2025-12-31']);
    expect(parsePeriod('2024年至2026年')).toBeDefined();
    expect(parsePeriod('三年')).toBeUndefined();
  });
});

describe('amounts and units', () => {
  test('numbers written as text', () => {
    expect(parseAmountText('1,234.5')).toEqual({ value: 1234.5, decimals: 1, unit: undefined });
    expect(parseAmountText('1234.5万元')).toEqual({ value: 1234.5, decimals: 1, unit: '万元' });
    expect(parseAmountText('2.35亿')).toEqual({ value: 2.35, decimals: 2, unit: '亿元' });
    expect(parseAmountText('约3000')).toBeUndefined();
    expect(parseAmountText('12,34')).toBeUndefined();
  });

  test('shown decimals from number formats', () => {
    expect(formatDecimals('0.00')).toBe(2);
    expect(formatDecimals('#,##0.0')).toBe(1);
    expect(formatDecimals('#,##0')).toBe(0);
    expect(formatDecimals('0.00_);[Red](0.00)')).toBe(2);
    expect(formatDecimals('General')).toBeUndefined();
  });

  test('units named in labels and notes', () => {
    expect(unitIn('单位：亿元')).toBe('亿元');
    expect(unitIn('总投资（万元）')).toBe('万元');
    expect(unitIn('金额（万美元）')).toBe('万美元');
    expect(unitIn('总投资')).toBeUndefined();
  });
});

describe('header names', () => {
  test.each([
    ['项目名称', 'name'],
    ['总投资（万元）', 'totalInvestment'],
    ['2024年计划投资', 'annualPlan'],
    ['本年计划投资（亿元）', 'annualPlan'],
    ['1-11月完成投资', 'completedThisYear'],
    ['截至2023年底累计完成投资', 'completedBeforeYear'],
    ['截至上年底累计完成投资', 'completedBeforeYear'],
    ['累计完成投资', 'cumulativeCompleted'],
    ['县（市、区）', 'region'],
    ['计划竣工投产时间', 'plannedCompletion'],
    ['办结日期', 'approvedDate'],
    ['项目个数', 'count'],
  ])('%s → %s', (label, field) => {
    expect(matchField(label)).toBe(field);
  });

  test.each(['投资情况（亿元）', '2024年桂林市县级重大项目建设计划表', '单位：万元'])('%s is no field', (label) => {
    expect(matchField(label)).toBeUndefined();
  });
});

describe('the name lexicon', () => {
  test.each([
    ['南山至西城高速公路', '交通'],
    ['河口污水处理厂提标改造', '节能环保'],
    ['河口垃圾焚烧发电', '节能环保'],
    ['灵川县110千伏送变电工程', '能源'],
    ['北岭冷链物流园', '服务业'],
    ['河口职业技术学院实训楼', '教育'],
  ])('%s → %s', (name, sub) => {
    const inf = inferSubcategory(name);
    expect(inf.subcategory).toBe(sub);
    expect(inf.confidence).toBeGreaterThanOrEqual(0.8);
  });

  test('reads a name as normalised: full-width letters and digits, white space inside a word', () => {
    expect(inferSubcategory('安平县５Ｇ基站（六期）')).toEqual(inferSubcategory('安平县5G基站(六期)'));
    expect(inferSubcategory('河口污水 处理厂')).toEqual(inferSubcategory('河口污水处理厂'));
    expect(inferSubcategory('安平县５Ｇ基站').subcategory).toBe('信息基础设施');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Array.from('５Ｇ5G基站数据中心污水处理厂高速公路学院 \u3000（）①ｇ')), { maxLength: 16 }), (cs) => {
        const name = cs.join('');
        expect(inferSubcategory(name)).toEqual(inferSubcategory(normLabel(name)));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  test.each(['河口大道延长线', '城南工业物流园', '综合提升工程', ''])('%s stays unclassified or ambiguous', (name) => {
    const inf = inferSubcategory(name);
    expect(inf.confidence).toBeLessThan(0.8);
  });
});

/** A quick path (text without normalising) must give what its definition gives, for any mix of `chars`. */
function equalsDefinition(quick: (s: string) => string, byDefinition: (s: string) => string, chars: string, seed: number) {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...Array.from(chars)), { maxLength: 14 }), (cs) => {
      const s = cs.join('');
      expect(quick(s)).toBe(byDefinition(s));
    }),
    { numRuns: 5000, seed },
  );
}

describe('duplicate-name keys', () => {
  it('equal NFKC without punctuation, lower case, for any mix of characters', () => {
    equalsDefinition(
      nameKey,
      (s) => s.normalize('NFKC').replace(/[\p{P}\p{S}\s]/gu, '').toLowerCase(),
      '安平县南岗镇5G基站（六期）【】《》〈〉「」『』“”‘’、，。：；！？—–·・／＼～ aZ09-_.()[]{}#$%^&*+=|<>?/\\\'"`~\t\n\u3000\u00a0\u0001\u007f①ｇＧＡ㐀\u0301ﬁ가',
      7,
    );
  });

  it('are hashed as made (nameKeyHash is the hash of nameKey, NaN for an empty key), for any mix of characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Array.from('安平县5G基站（六期）【】《》“”、，。：；！？—·／～ aZ09-_.()[]#\t\u3000\u00a0①ｇＧＡ㐀\u0301ﬁ가')), { maxLength: 14 }), (cs) => {
        const s = cs.join('');
        expect(nameKeyHash(s)).toBe(keyHash(nameKey(s)));
      }),
      { numRuns: 5000, seed: 19 },
    );
    expect(nameKeyHash('（）')).toBeNaN();
  });

  it('treats the ways ledgers write the same name alike', () => {
    expect(nameKey('安平县5G基站（六期）')).toBe(nameKey('安平县 5g 基站(六期)'));
    expect(nameKey('ＡＢ大道')).toBe('ab大道');
  });
});

describe('labels as compared', () => {
  it('equal NFKC without white space, for any mix of characters', () => {
    equalsDefinition(
      normLabel,
      (s) => s.normalize('NFKC').replace(/[\s\u3000]+/g, ''),
      '项目名称总投资（万元）【】《》〈〉「」『』、。〃“”，：；！？—·／＼～ aZ09-_.()[]#%&*+=|<>?/\\\'"`~\t\n\v\f\r\u3000\u00a0\u2003\ufeff\u0001\u007f①ｇＧＡ０｟\uff5e\uff01㐀\u0301\u3099ﬁ가が丽',
      11,
    );
  });

  const MIX = '项目名称总投资（万元）【】、。：；！？—·／～ aZ09-_.()#%&*+=|<>?/\\\'"`~\t\n\u3000\u00a0\u2003\u0001①ｇＧＡ０\uff5e\uff01㐀\u0301ﬁ가';

  it('as code units (normCodes) are normLabel, unless the text needs NFKC', () => {
    const out = new Uint16Array(32);
    equalsDefinition(
      (s) => {
        const n = normCodes(s, out);
        return n < 0 ? normLabel(s) : String.fromCharCode(...out.subarray(0, n));
      },
      normLabel,
      MIX,
      13,
    );
    expect(normCodes('河口污水处理厂（一期）', out)).toBe(11);
    expect(normCodes('①号楼', out)).toBe(-1);
    expect(normCodes('河口污水处理厂', new Uint16Array(3))).toBe(-1);
  });

  it('are plain (isPlainLabel) only when normLabel changes nothing but full-width forms, one for one', () => {
    const oneForOne = (s: string) => Array.from(s, (c) => (c >= '\uff01' && c <= '\uff5e' ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c)).join('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Array.from(MIX)), { maxLength: 14 }), (cs) => {
        const s = cs.join('');
        if (isPlainLabel(s)) expect(normLabel(s)).toBe(oneForOne(s));
        else expect(/[\s\u3000]/.test(s) || s.normalize('NFKC') !== oneForOne(s) || /[^\u4e00-\u9fff\x21-\x7e\u3001-\u3003\u3008-\u3011\uff01-\uff5e]/.test(s)).toBe(true);
      }),
      { numRuns: 5000, seed: 17 },
    );
    expect(isPlainLabel('石门县防洪堤工程（五期）')).toBe(true);
    expect(isPlainLabel('石门县 防洪堤工程')).toBe(false);
  });

  it("give a cell's text as trim does (cellText), looking at its two ends only when trim would change it", () => {
    // Every code unit JavaScript's trim removes, and neighbours that it keeps (U+001C–U+001F, U+0085, U+180E, U+200B).
    const spaces = '\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
    const kept = '\u001c\u001f\u0085\u180e\u200b\u009f\u00a1a项';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Array.from(spaces + kept)), { maxLength: 6 }), (cs) => {
        const s = cs.join('');
        expect(cellText(s)).toBe(s.trim());
        expect(needsTrim(s)).toBe(s.trim() !== s);
      }),
      { numRuns: 5000, seed: 23 },
    );
    for (let c = 0; c <= 0xffff; c++) {
      const s = String.fromCharCode(c);
      if (needsTrim(s) !== (s.trim() === '')) throw new Error(`U+${c.toString(16)}: needsTrim ${needsTrim(s)}`);
    }
  });

  it('reads empty markers with or without surrounding space, and nothing longer', () => {
    for (const m of ['-', '—', '--', '——', '/', '／', '无', '暂无', '\\']) {
      expect(isEmptyMarker(m)).toBe(true);
      expect(isEmptyMarker(`  ${m}\u3000 `)).toBe(true);
    }
    for (const t of ['', '无效', '暂无数据', '- -', '———', '2024']) expect(isEmptyMarker(t)).toBe(false);
  });
});

describe('day numbers', () => {
  it('turn into the calendar date Date.UTC gives, from 1900 to 9999', () => {
    const mismatches: number[] = [];
    // Serial 1 (1900-01-01) is day -25568; serial 2958465 (9999-12-31) is day 2932896.
    for (let day = -25568; day <= 2932896; day++) {
      const dt = new Date(day * 86400000);
      const got = fromDayNumber(day);
      if (got.y !== dt.getUTCFullYear() || got.m !== dt.getUTCMonth() + 1 || got.d !== dt.getUTCDate()) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('national codes', () => {
  // The definitions (normalise, then match); the checks skip normalising codes already in normal form.
  const projectByDefinition = (raw: string) => {
    const m = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/.exec(raw.normalize('NFKC').trim());
    return !!m && Number(m[1]) >= 1990 && Number(m[1]) <= 2100;
  };
  const creditByDefinition = (raw: string) => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const code = raw.normalize('NFKC').trim().toUpperCase();
    if (code.length !== 18) return false;
    let total = 0;
    for (let i = 0; i < 17; i++) {
      const v = alphabet.indexOf(code[i]);
      if (v < 0) return false;
      total += v * weights[i];
    }
    return code[17] === alphabet[(31 - (total % 31)) % 31];
  };
  const validCredit = (body: string) => {
    for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (creditByDefinition(body + c)) return body + c;
    throw new Error('no check character');
  };

  it('project codes: as the definition says, in ASCII or full width, with spaces around', () => {
    const digit = fc.constantFrom(...'0123456789０１２');
    const code = fc.tuple(fc.array(digit, { minLength: 4, maxLength: 4 }), fc.array(digit, { minLength: 6, maxLength: 6 }),
      fc.constantFrom('-', '－', '—'), fc.constantFrom('', ' ', '\u3000'))
      .map(([y, d, dash, pad]) => `${pad}${y.join('')}${dash}${d.join('')}-01-02-000001${pad}`);
    fc.assert(fc.property(code, (c) => expect(isProjectCode(c)).toBe(projectByDefinition(c))), { numRuns: 3000, seed: 3 });
    expect(isProjectCode('2024-469122-63-02-713531')).toBe(true);
    expect(isProjectCode('１９８９-469122-63-02-713531')).toBe(false);
  });

  it('credit codes: check character, case, full width and spaces as the definition says', () => {
    const ok = validCredit('91469122643W4DF81');
    expect(isCreditCode(ok)).toBe(true);
    expect(isCreditCode(` ${ok.toLowerCase()}　`)).toBe(true);
    expect(isCreditCode(ok.replace(/./g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)))).toBe(true);
    const chars = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZabc０Ａ ');
    fc.assert(
      fc.property(fc.array(chars, { minLength: 16, maxLength: 19 }), (cs) => {
        const s = cs.join('');
        expect(isCreditCode(s)).toBe(creditByDefinition(s));
      }),
      { numRuns: 3000, seed: 5 },
    );
    // Bodies from the alphabet: exactly one check character makes each valid.
    const body = fc.array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(body, (b) => {
        const valid = validCredit(b);
        expect(isCreditCode(valid)).toBe(true);
        for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (b + c !== valid) expect(isCreditCode(b + c)).toBe(false);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
});

describe('profile overrides', () => {
  it('are checked key by key, with a message naming the key', () => {
    expect(resolveProfile({ threshold: 3000 }).threshold).toBe(3000);
    expect(() => resolveProfile({ nosuch: 1 } as never)).toThrow('未知参数“nosuch”');
    expect(() => resolveProfile({ threshold: '3000' } as never)).toThrow('“threshold”的类型不对');
    expect(() => resolveProfile({ applicationDeadline: '10.15' })).toThrow('MM-DD');
  });

  it('refuse an exchange rate of 0 or below', () => {
    expect(resolveProfile({ usdRate: 6.5 }).usdRate).toBe(6.5);
    for (const usdRate of [0, -0, -7.1]) expect(() => resolveProfile({ usdRate })).toThrow('“usdRate”应为大于 0 的汇率');
  });
});
