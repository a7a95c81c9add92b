/** Entry of web.html: the same engine as the add-in, run on files the person picks, in the browser only. */
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { analyze, buildWritePlan, DEFAULT_PROFILE } from '../core';
import { copyNotices, readWorkbook, writeMarkedCopy } from '../xlsx';
import type { ProfileValues } from '../taskpane/controller';
import { localToday } from '../taskpane/dates';
import { pickLanguage, STRINGS, StringsContext } from '../taskpane/strings';
import { WebApp } from './WebApp';

const lang = pickLanguage(navigator.language);
document.documentElement.lang = lang;
document.title = STRINGS[lang].webTitle;

const mount = document.getElementById('container') ?? document.body.appendChild(document.createElement('div'));
createRoot(mount).render(
  <FluentProvider theme={webLightTheme}>
    <StringsContext.Provider value={STRINGS[lang]}>
      <WebApp engine={{ analyze, buildWritePlan }} xlsx={{ readWorkbook, writeMarkedCopy, copyNotices }} today={localToday()} defaults={DEFAULT_PROFILE as unknown as ProfileValues} />
    </StringsContext.Provider>
  </FluentProvider>,
);
