/**
 * Comparing figures of the ledger with each other at the precision they are written (SPEC §4):
 * each carries half a unit of its last shown decimal, and two sides differ only when the gap
 * exceeds the sum of those half-units.
 */
import type { AmountCell } from '../read';

/** Guards against binary floating-point noise in sums of decimals. */
const FLOAT_SLACK = 1e-9;

/** Is `left` (a sum of cells) greater than `right` (a sum of cells) beyond their written precision? */
export function exceeds(left: AmountCell[], right: AmountCell[]): boolean {
  const l = sum(left);
  const r = sum(right);
  const tol = halfUnits(left) + halfUnits(right);
  return l - r > tol + FLOAT_SLACK * Math.max(1, Math.abs(l), Math.abs(r));
}

/** Do a stated figure and the sum of its members differ beyond their written precision? */
export function differs(stated: AmountCell, members: AmountCell[]): boolean {
  const s = stated.wan;
  const m = sum(members);
  const tol = stated.halfWan + halfUnits(members);
  return Math.abs(s - m) > tol + FLOAT_SLACK * Math.max(1, Math.abs(s), Math.abs(m));
}

export function sum(cells: AmountCell[]): number {
  let t = 0;
  for (const c of cells) t += c.wan;
  return t;
}

function halfUnits(cells: AmountCell[]): number {
  let t = 0;
  for (const c of cells) t += c.halfWan;
  return t;
}
