/**
 * `list` with `item` added, for lists most rows never need (a row's bad cells, a check's findings).
 * A new list starts as `[item]`: V8 learns from the first check of a session to make an empty `[]`
 * of another array kind, and code that pushed onto one was thrown out of optimised code on the next.
 */
export function withItem<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}
