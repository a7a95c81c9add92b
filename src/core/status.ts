/** Has a project started, or been completed, by the check date? From its dates or its progress text. */
import type { ProjectRow } from './read';

const STARTED = /(已开工|开工建设|已动工|主体施工|施工中|在建|已竣工|竣工投产|已投产|建成投产|已建成)/;
const COMPLETED = /(竣工|投产|建成)/;
/** A clause that plans, expects or denies ("拟于12月开工", "预计年底竣工", "尚未开工") says nothing about what happened. */
const NOT_A_FACT = /(未|没有|待|拟|计划|预计|将于|将在|争取|力争|正在办理|准备)/;

/** The clauses of a progress text that state facts. */
function facts(text: string | undefined): string[] {
  return text ? text.split(/[，。；,;、\s]+/).filter((clause) => clause && !NOT_A_FACT.test(clause)) : [];
}

// A clause can only match where the whole text does: most texts are settled without splitting them.
function progressSaysStarted(text: string | undefined): boolean {
  return !!text && STARTED.test(text) && facts(text).some((c) => STARTED.test(c));
}

function progressSaysCompleted(text: string | undefined): boolean {
  return !!text && COMPLETED.test(text) && facts(text).some((c) => COMPLETED.test(c));
}

export function hasStarted(p: ProjectRow, asOf: number): boolean {
  const d = p.date('actualStart');
  return (!!d && d.start <= asOf) || progressSaysStarted(p.textOf('progress'));
}

export function hasCompleted(p: ProjectRow, asOf: number): boolean {
  const d = p.date('actualCompletion');
  return (!!d && d.start <= asOf) || progressSaysCompleted(p.textOf('progress'));
}
