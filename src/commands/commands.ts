/**
 * Function file of the ribbon (commands.html). Registers 快速校验; the same page, opened as a dialog
 * with ?message=…, shows the outcome (a function command has no UI of its own in Excel).
 */
import { analyze, buildWritePlan } from '../core';
import { createExcelPort } from '../excel';
import { documentSettings, loadOptions } from '../excel/settings';
import { quickValidate } from './quickValidate';
import { COMMAND_STRINGS, commandLanguage } from './strings';

const MAX_MESSAGE_CHARS = 600;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function runQuickValidate(event: Office.AddinCommands.Event): Promise<void> {
  const lang = commandLanguage(Office.context.displayLanguage);
  const outcome = await quickValidate({
    port: createExcelPort(),
    engine: { analyze, buildWritePlan },
    options: loadOptions(documentSettings()),
    today: localToday(),
    lang,
  });
  // The text travels in the dialog's URL: keep it well under URL length limits.
  const full = [outcome.message, ...outcome.notices].join('\n');
  const text = full.length > MAX_MESSAGE_CHARS ? `${full.slice(0, MAX_MESSAGE_CHARS)}…` : full;
  const url = new URL(`commands.html?lang=${lang}&message=${encodeURIComponent(text)}`, window.location.href).href;
  Office.context.ui.displayDialogAsync(url, { height: 30, width: 35, displayInIframe: true }, (opened) => {
    if (opened.status !== Office.AsyncResultStatus.Succeeded) {
      event.completed();
      return;
    }
    const dialog = opened.value;
    // Completing the command ends this runtime, and with it the dialog: wait until the person closes it.
    let completed = false;
    const complete = () => {
      if (completed) return;
      completed = true;
      event.completed();
    };
    dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => {
      dialog.close();
      complete();
    });
    dialog.addEventHandler(Office.EventType.DialogEventReceived, complete);
  });
}

function showMessage(message: string, lang: string | null): void {
  const t = COMMAND_STRINGS[commandLanguage(lang ?? undefined)];
  document.title = t.title;
  const text = document.createElement('p');
  text.style.whiteSpace = 'pre-line';
  text.style.font = '14px "Microsoft YaHei", "PingFang SC", sans-serif';
  text.textContent = message;
  const ok = document.createElement('button');
  ok.textContent = t.ok;
  ok.addEventListener('click', () => Office.context.ui.messageParent('close'));
  document.body.append(text, ok);
}

Office.onReady(() => {
  const params = new URLSearchParams(window.location.search);
  const message = params.get('message');
  if (message !== null) showMessage(message, params.get('lang'));
  else Office.actions.associate('quickValidate', runQuickValidate);
});
