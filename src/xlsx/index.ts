export { readWorkbook, loadWorkbook, workbookToGrid } from './read';
export { UnreadableWorkbookError } from './errors';
