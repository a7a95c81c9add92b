/**
 * The task pane: command bar, run inputs, progress, messages, and either the results or 设置.
 * Everything it does to the workbook goes through `actions`, so it runs the same against Excel
 * and against a fake in tests.
 */
import * as React from 'react';
import {
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Button,
  Text,
  Toolbar,
  ToolbarButton,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircleRegular, DismissRegular, EraserRegular, SettingsRegular, TableSimpleRegular } from '@fluentui/react-icons';
import { asRunError, type Progress, type ProfileValues, type RunError, type RunOptions, type RunOutcome } from '../controller';
import { detectedMapping } from '../issues';
import { useStrings, type Strings } from '../strings';
import { ProgressView } from './ProgressView';
import { ResultsView } from './ResultsView';
import { RunInputs } from './RunInputs';
import { SettingsPanel, type PaneSettings } from './SettingsPanel';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  toolbar: { flexWrap: 'wrap', padding: 0 },
});

export interface PaneActions {
  run(opts: RunOptions, onProgress: (p: Progress) => void): Promise<RunOutcome>;
  clearMarks(): Promise<void>;
  select(sheet: string, address: string): Promise<void>;
  saveSettings(settings: PaneSettings): Promise<void>;
}

export interface AppProps {
  actions: PaneActions;
  defaults: ProfileValues;
  initialSettings: PaneSettings;
  /** Default check date, YYYY-MM-DD. */
  today: string;
  /** The requirement set the host lacks (e.g. "ExcelApi 1.7"): buttons are disabled and a MessageBar says why. */
  unsupported?: string;
}

type Notice = 'marksCleared' | 'summaryDone' | 'saved';

export function App({ actions, defaults, initialSettings, today, unsupported }: AppProps) {
  const t = useStrings();
  const styles = useStyles();
  const [asOf, setAsOf] = React.useState(today);
  const [planYear, setPlanYear] = React.useState('');
  const [settings, setSettings] = React.useState(initialSettings);
  const [settingsOpen, setSettingsOpen] = React.useState(false);
  const [progress, setProgress] = React.useState<Progress>();
  const [busy, setBusy] = React.useState(false);
  const [outcome, setOutcome] = React.useState<RunOutcome>();
  const [error, setError] = React.useState<RunError>();
  const [notice, setNotice] = React.useState<Notice>();
  const [focusTick, setFocusTick] = React.useState(0);
  const resultsHeading = React.useRef<HTMLHeadingElement>(null);
  const errorRef = React.useRef<HTMLDivElement>(null);

  // After every finished action, move focus to what it produced so keyboard users need not hunt for it.
  React.useEffect(() => {
    if (focusTick === 0) return;
    (error ? errorRef.current : resultsHeading.current)?.focus();
  }, [focusTick]);

  const yearValid = planYear === '' || /^\d{4}$/.test(planYear);
  const disabled = busy || !!unsupported;

  const perform = async (work: () => Promise<Notice | void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    setSettingsOpen(false);
    try {
      setNotice((await work()) ?? undefined);
    } catch (e) {
      setError(asRunError(e));
    } finally {
      setBusy(false);
      setProgress(undefined);
      setFocusTick((n) => n + 1);
    }
  };

  const run = (summaries: boolean) =>
    perform(async () => {
      const result = await actions.run(
        { asOf, planYear: planYear ? Number(planYear) : undefined, profile: settings.profile, mapping: settings.mapping, summaries },
        setProgress,
      );
      setOutcome(result);
      return summaries ? 'summaryDone' : undefined;
    });

  const clear = () =>
    perform(async () => {
      await actions.clearMarks();
      return 'marksCleared';
    });

  const save = async (next: PaneSettings) => {
    try {
      await actions.saveSettings(next);
      setSettings(next);
      setNotice('saved');
      setError(undefined);
    } catch (e) {
      setError(asRunError(e));
    }
  };

  const detected = outcome ? detectedMapping(outcome.report) : {};
  const noLedger = outcome?.report.issues.some((i) => i.rule === 'no-ledger');

  return (
    <main className={styles.root}>
      <h1 className={styles.title}>{t.appTitle}</h1>
      <Toolbar aria-label={t.commands} className={styles.toolbar}>
        <ToolbarButton appearance="primary" icon={<CheckmarkCircleRegular />} disabled={disabled || !asOf || !yearValid} onClick={() => run(false)}>
          {t.validate}
        </ToolbarButton>
        <ToolbarButton icon={<TableSimpleRegular />} disabled={disabled || !asOf || !yearValid} onClick={() => run(true)}>
          {t.summarize}
        </ToolbarButton>
        <ToolbarButton icon={<EraserRegular />} disabled={disabled} onClick={clear}>
          {t.clearMarks}
        </ToolbarButton>
        <ToolbarButton
          icon={<SettingsRegular />}
          aria-pressed={settingsOpen}
          disabled={busy}
          onClick={() => setSettingsOpen((open) => !open)}
        >
          {t.settings}
        </ToolbarButton>
      </Toolbar>

      <RunInputs asOf={asOf} planYear={planYear} onAsOf={setAsOf} onPlanYear={setPlanYear} disabled={disabled} />

      <div role="status" aria-live="polite">
        {progress && <ProgressView progress={progress} />}
        {notice && <Text>{t[notice]}</Text>}
      </div>

      {unsupported && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t.unsupportedTitle}</MessageBarTitle>
            {t.unsupported(unsupported)}
          </MessageBarBody>
        </MessageBar>
      )}
      <div ref={errorRef} tabIndex={-1}>
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>{errorTitle(t, error)}</MessageBarTitle>
              {errorText(t, error)}
            </MessageBarBody>
            <MessageBarActions
              containerAction={<Button appearance="transparent" aria-label={t.dismiss} icon={<DismissRegular />} onClick={() => setError(undefined)} />}
            />
          </MessageBar>
        )}
      </div>
      {noLedger && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t.noLedgerTitle}</MessageBarTitle>
            {t.noLedger}
          </MessageBarBody>
        </MessageBar>
      )}
      {outcome && outcome.protectedSheets.length > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>{t.protectedTitle}</MessageBarTitle>
            {t.protectedSheets(outcome.protectedSheets)}
          </MessageBarBody>
        </MessageBar>
      )}
      {outcome && outcome.notices.length > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>{t.notices}</MessageBarTitle>
            {outcome.notices.join(' ')}
          </MessageBarBody>
        </MessageBar>
      )}

      {settingsOpen ? (
        <SettingsPanel
          defaults={defaults}
          settings={settings}
          detected={detected}
          columns={outcome?.columns ?? {}}
          onSave={save}
          onClose={() => setSettingsOpen(false)}
        />
      ) : outcome ? (
        <ResultsView report={outcome.report} headingRef={resultsHeading} onSelect={(sheet, address) => void actions.select(sheet, address).catch((e) => setError(asRunError(e)))} />
      ) : (
        <>
          <h2 ref={resultsHeading} tabIndex={-1} className={styles.title}>
            {t.results}
          </h2>
          <Text>{t.idle}</Text>
        </>
      )}
    </main>
  );
}

function errorTitle(t: Strings, error: RunError): string {
  if (error.kind === 'protected') return t.protectedTitle;
  if (error.kind === 'unsupported') return t.unsupportedTitle;
  if (error.kind === 'tooManyRows') return t.tooManyRowsTitle;
  return t.errorTitle;
}

function errorText(t: Strings, error: RunError): string {
  if (error.kind === 'protected') return t.protectedFailed;
  if (error.kind === 'unsupported') return t.unsupported(error.detail);
  if (error.kind === 'tooManyRows') return t.tooManyRows(error.detail);
  return t.unexpected(error.detail);
}
