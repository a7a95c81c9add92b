/** Phase, category and subcategory: from cells and headings (taxonomy data) and from names (lexicon data). */
import taxonomy from './data/taxonomy.json';
import { normCodes, normLabel } from './text';
import lexiconData from './data/lexicon.json';
import type { Category, Phase } from './types';

const SUFFIX = /(重大项目|类项目|项目|工程|类)$/;

function stripSuffix(s: string): string {
  let t = s;
  for (let i = 0; i < 2; i++) t = t.replace(SUFFIX, '');
  return t;
}

const phaseByName = new Map<string, Phase>();
for (const [phase, names] of Object.entries(taxonomy.phases)) {
  for (const n of names) phaseByName.set(normLabel(n), phase as Phase);
}
const categoryByName = new Map<string, Category>();
for (const [cat, names] of Object.entries(taxonomy.categories)) {
  for (const n of names) categoryByName.set(normLabel(n), cat as Category);
}
const subcategoryByName = new Map<string, string>();
const categoryOfSub = new Map<string, Category>();
for (const [sub, def] of Object.entries(taxonomy.subcategories)) {
  categoryOfSub.set(sub, def.category as Category);
  subcategoryByName.set(normLabel(sub), sub);
  for (const n of def.names) subcategoryByName.set(normLabel(n), sub);
}
const constructionNature = new Set(taxonomy.constructionNature.map(normLabel));

function lookup<T>(map: Map<string, T>, raw: string): T | undefined {
  const t = normLabel(raw);
  return map.get(t) ?? map.get(stripSuffix(t));
}

/**
 * Cells of a ledger repeat a few texts row after row (续建, 基础设施): each text is read once. The
 * results are shared, never modified; a workbook of endless distinct texts only refills the cache.
 */
function memo<T>(read: (raw: string) => T): (raw: string) => T {
  const cache = new Map<string, T>();
  return (raw) => {
    if (cache.has(raw)) return cache.get(raw) as T;
    if (cache.size >= 10_000) cache.clear();
    const value = read(raw);
    cache.set(raw, value);
    return value;
  };
}

export type PhaseReading = { phase: Phase } | { nature: string } | undefined;

/** A phase cell: a phase, a construction nature (扩建/改建, resolved later from the start date), or nothing known. */
export const readPhase = memo((raw: string): PhaseReading => {
  const phase = lookup(phaseByName, raw);
  if (phase) return { phase };
  const t = stripSuffix(normLabel(raw));
  if (constructionNature.has(t)) return { nature: t };
  return undefined;
});

export function phaseOf(raw: string): Phase | undefined {
  return lookup(phaseByName, raw);
}

export const categoryOf = memo((raw: string): Category | undefined => lookup(categoryByName, raw));

export const subcategoryOf = memo((raw: string): string | undefined => lookup(subcategoryByName, raw));

export function categoryOfSubcategory(sub: string): Category | undefined {
  return categoryOfSub.get(sub);
}

/** What a heading's text names, if it is nothing but a phase, category or subcategory (with 项目/类 and a count). */
export function headingTerm(text: string): { phase?: Phase; category?: Category; subcategory?: string } | undefined {
  const t = normLabel(text)
    .replace(/[(（][^)）]*[)）]$/, '')
    .replace(/[:：]$/, '');
  if (t === '') return undefined;
  const phase = lookup(phaseByName, t);
  if (phase) return { phase };
  const category = lookup(categoryByName, t);
  if (category) return { category };
  const sub = lookup(subcategoryByName, t);
  if (sub) return { subcategory: sub, category: categoryOfSub.get(sub) };
  return undefined;
}

/** The classification a heading's text implies, also when it carries more words ("新开工重大项目（21项）", "（一）基础设施类"). */
export function headingClassification(text: string): { phase?: Phase; category?: Category; subcategory?: string } {
  const exact = headingTerm(text);
  if (exact) return exact;
  const t = normLabel(text);
  const out: { phase?: Phase; category?: Category; subcategory?: string } = {};
  for (const [name, phase] of phaseByName) if (name.length >= 2 && t.startsWith(name)) out.phase = phase;
  for (const [name, cat] of categoryByName) if (name.length >= 2 && t.startsWith(name)) out.category = cat;
  for (const [name, sub] of subcategoryByName) {
    if (name.length >= 2 && t.startsWith(name) && !out.category) {
      out.subcategory = sub;
      out.category = categoryOfSub.get(sub);
    }
  }
  return out;
}

// ---- name lexicon ----

type Term = [string, Record<string, number>];
/** Subcategories the lexicon can name, by index: scores are kept in an array, not a map per name. */
const lexiconSubs: string[] = [];
const subIndex = (sub: string) => {
  let i = lexiconSubs.indexOf(sub);
  if (i < 0) i = lexiconSubs.push(sub) - 1;
  return i;
};
interface LexiconTerm {
  word: string;
  /** The word's second code unit, -1 for a one-character word: most candidates fail on it. */
  second: number;
  subs: number[];
  weights: number[];
}
/**
 * Words by the code of their first character, longest first, so a scan finds the longest word at each
 * position. The scan looks up every character of every name: `listOfCode` turns a UTF-16 code unit
 * into its list's place (+ 1; 0 when no word starts with it) by one typed-array read, where a Map
 * lookup per character was most of the inference.
 */
const termLists: LexiconTerm[][] = [];
const listOfCode = new Int32Array(0x10000);
for (const [word, weights] of lexiconData.terms as Term[]) {
  const w = normLabel(word);
  if (!w) continue;
  const code = w.charCodeAt(0);
  if (listOfCode[code] === 0) listOfCode[code] = termLists.push([]);
  const entries = Object.entries(weights);
  termLists[listOfCode[code] - 1].push({
    word: w,
    second: w.length > 1 ? w.charCodeAt(1) : -1,
    subs: entries.map(([sub]) => subIndex(sub)),
    weights: entries.map(([, x]) => x),
  });
}
for (const list of termLists) list.sort((a, b) => b.word.length - a.word.length);

/**
 * The name being scanned, normalised, as code units (normCodes): most names have full-width brackets,
 * and a normalised copy of each was a new string per row. Grown for a longer name.
 */
let codes = new Uint16Array(256);

/** The longest lexicon word at position i of the n codes, if any. */
function termAt(n: number, i: number): LexiconTerm | undefined {
  const at = listOfCode[codes[i]];
  if (at === 0) return undefined;
  const list = termLists[at - 1];
  for (let k = 0; k < list.length; k++) {
    const { word, second } = list[k];
    if (i + word.length > n || (second >= 0 && codes[i + 1] !== second)) continue;
    let j = 2;
    while (j < word.length && codes[i + j] === word.charCodeAt(j)) j++;
    if (j >= word.length) return list[k];
  }
  return undefined;
}
const scores = new Float64Array(lexiconSubs.length);
/** Subcategories in the order they first scored, for one name (the first `scoredCount`): ties and the total follow it. */
const scored = new Int32Array(lexiconSubs.length);

export interface Inference {
  subcategory?: string;
  confidence: number;
}

/** What most names give: nothing (shared, never modified). */
export const NOT_INFERRED: Inference = Object.freeze({ confidence: 0 });

/** Whether `sub` is among the first `count` scored (a score can come back to 0). */
function alreadyScored(sub: number, count: number): boolean {
  for (let k = 0; k < count; k++) if (scored[k] === sub) return true;
  return false;
}

/** Writes normLabel(name) into `codes`; its length. */
function loadCodes(name: string): number {
  const n = normCodes(name, codes);
  if (n >= 0) return n;
  const t = normLabel(name);
  if (t.length > codes.length) codes = new Uint16Array(t.length * 2);
  for (let i = 0; i < t.length; i++) codes[i] = t.charCodeAt(i);
  return t.length;
}

/**
 * Infers a subcategory from a project name (as written: it is normalised here), scanning left to right
 * for the longest known word at each position (so 污水处理厂 hides the 厂 inside it). Unknown names and
 * ties stay unclassified (confidence 0).
 */
export function inferSubcategory(name: string): Inference {
  const n = loadCodes(name);
  let scoredCount = 0;
  let i = 0;
  while (i < n) {
    const found = termAt(n, i);
    if (!found) {
      i++;
      continue;
    }
    for (let k = 0; k < found.subs.length; k++) {
      const sub = found.subs[k];
      if (scores[sub] === 0 && !alreadyScored(sub, scoredCount)) scored[scoredCount++] = sub;
      scores[sub] += found.weights[k];
    }
    i += found.word.length;
  }
  let total = 0;
  let best = -1;
  let bestScore = 0;
  let tie = false;
  for (let k = 0; k < scoredCount; k++) {
    const sub = scored[k];
    const w = scores[sub];
    scores[sub] = 0;
    total += w;
    if (w > bestScore) {
      best = sub;
      bestScore = w;
      tie = false;
    } else if (w === bestScore) tie = true;
  }
  if (best < 0 || tie) return NOT_INFERRED;
  return inference(best, bestScore / total);
}

/** One (never modified) Inference per subcategory and confidence: names share them rather than each keeping its own. */
const inferences: Map<number, Inference>[] = [];

function inference(sub: number, confidence: number): Inference {
  const bySub = inferences[sub] ?? (inferences[sub] = new Map());
  let found = bySub.get(confidence);
  if (!found) bySub.set(confidence, (found = Object.freeze({ subcategory: lexiconSubs[sub], confidence })));
  return found;
}
