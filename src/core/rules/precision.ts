/**
 * Comparing figures of the ledger with each other at the precision they are written (SPEC §4):
 * each carries half a unit of its last shown decimal, and two sides differ only when the gap
 * exceeds the sum of those half-units.
 */
import type { AmountCell } from '../cells';

/** Guards against binary floating-point noise in sums of decimals. */
const FLOAT_SLACK = 1e-9;

/** Is `left` (a sum of figures) greater than `right` (a sum of figures) beyond their written precision? */
export function exceeds(left: Total[], right: Total[]): boolean {
  return exceedsBeyond(sum(left), sum(right), halfUnits(left) + halfUnits(right));
}

/** `exceeds` on sums already made: left and right in 万元, `tolerance` the half-units of both sides. */
export function exceedsBeyond(left: number, right: number, tolerance: number): boolean {
  return left - right > tolerance + FLOAT_SLACK * Math.max(1, Math.abs(left), Math.abs(right));
}

/** A sum of figures and the precision it carries (the sum of their half-units), in 万元. */
export interface Total {
  wan: number;
  halfWan: number;
}

/** Do a stated figure and the total of its members differ beyond their written precision? */
export function differs(stated: AmountCell, members: Total): boolean {
  const s = stated.wan;
  const m = members.wan;
  const tol = stated.halfWan + members.halfWan;
  return Math.abs(s - m) > tol + FLOAT_SLACK * Math.max(1, Math.abs(s), Math.abs(m));
}

function sum(cells: Total[]): number {
  let t = 0;
  for (const c of cells) t += c.wan;
  return t;
}

function halfUnits(cells: Total[]): number {
  let t = 0;
  for (const c of cells) t += c.halfWan;
  return t;
}
