export { readWorkbook, loadWorkbook } from './read';
export { writeMarkedCopy, MARK_FILL } from './write';
export { ownedSheets, OWNED_SHEET } from './owned';
export { scanFeatures, copyNotices, NO_PIVOTS_IN_COPY } from './features';
export { UnreadableWorkbookError } from './errors';
