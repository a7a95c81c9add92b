/** Entry of taskpane.html: waits for Office, then renders the pane with its actions bound to the Office.js port. */
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { analyze, buildWritePlan, DEFAULT_PROFILE } from '../core';
import { createExcelPort } from '../excel';
import { documentSettings, loadOptions, saveOptions } from '../excel/settings';
import { App, type PaneActions } from './components/App';
import type { PaneSettings } from './components/SettingsPanel';
import { clearAllMarks, runValidation, type ProfileValues } from './controller';
import { localToday } from './dates';
import { pickLanguage, STRINGS, StringsContext } from './strings';

/** The oldest Excel API the pane needs to read, mark and write sheets. */
const REQUIRED_API = { set: 'ExcelApi', version: '1.7' };

Office.onReady(async () => {
  const lang = pickLanguage(Office.context.displayLanguage);
  document.documentElement.lang = lang;
  const supported = Office.context.requirements.isSetSupported(REQUIRED_API.set, REQUIRED_API.version);
  const port = createExcelPort();
  const engine = { analyze, buildWritePlan };
  const stored = documentSettings();
  const saved = supported ? loadOptions(stored) : {};
  const settings: PaneSettings = { profile: (saved.profile ?? {}) as ProfileValues, mapping: saved.mapping ?? {} };
  // The pane edits the profile and the mapping; other stored options are kept as they are.
  const saveSettings = (next: PaneSettings) => saveOptions(stored, { ...loadOptions(stored), profile: next.profile, mapping: next.mapping });

  const actions: PaneActions = {
    run: (opts, onProgress) => runValidation(port, engine, opts, onProgress),
    clearMarks: () => clearAllMarks(port),
    select: (sheet, address) => port.select(sheet, address),
    saveSettings,
  };

  const mount = document.getElementById('container') ?? document.body.appendChild(document.createElement('div'));
  createRoot(mount).render(
    <FluentProvider theme={webLightTheme}>
      <StringsContext.Provider value={STRINGS[lang]}>
        <App
          actions={actions}
          defaults={DEFAULT_PROFILE as unknown as ProfileValues}
          initialSettings={settings}
          today={localToday()}
          unsupported={supported ? undefined : `${REQUIRED_API.set} ${REQUIRED_API.version}`}
        />
      </StringsContext.Provider>
    </FluentProvider>,
  );
});
