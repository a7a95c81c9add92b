/** Has a project started, or been completed, by the check date? From its dates or its progress text. */
import type { ProjectRow } from './read';

const NEGATED = /(未|尚未|没有|待|拟|计划|正在办理)(开工|动工|竣工|投产|建成)/;
const STARTED = /(已开工|开工建设|已动工|主体施工|施工中|在建|已竣工|竣工投产|已投产|建成投产|已建成)/;
const COMPLETED = /(竣工|投产|建成)/;

function progressSaysStarted(text: string | undefined): boolean {
  return !!text && STARTED.test(text) && !NEGATED.test(text);
}

function progressSaysCompleted(text: string | undefined): boolean {
  return !!text && COMPLETED.test(text) && !NEGATED.test(text);
}

export function hasStarted(p: ProjectRow, asOf: number): boolean {
  const d = p.dates.actualStart;
  return (!!d && d.start <= asOf) || progressSaysStarted(p.text.progress);
}

export function hasCompleted(p: ProjectRow, asOf: number): boolean {
  const d = p.dates.actualCompletion;
  return (!!d && d.start <= asOf) || progressSaysCompleted(p.text.progress);
}
