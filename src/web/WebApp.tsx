/**
 * The browser page: pick or drop .xlsx files, check them with the same engine as the add-in,
 * see the same results list and a preview of the flagged rows, and download a marked copy.
 * The files never leave the page.
 */
import * as React from 'react';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toolbar,
  ToolbarButton,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, CheckmarkCircleRegular, DocumentAddRegular, SettingsRegular, TableSimpleRegular } from '@fluentui/react-icons';
import type { Issue } from '../core/types';
import { headerColumns, nextTick, type Engine, type ProfileValues, type Progress } from '../taskpane/controller';
import { detectedMapping } from '../taskpane/issues';
import { ProgressView } from '../taskpane/components/ProgressView';
import { ResultsView } from '../taskpane/components/ResultsView';
import { RunInputs } from '../taskpane/components/RunInputs';
import { SettingsPanel, type PaneSettings } from '../taskpane/components/SettingsPanel';
import { useStrings } from '../taskpane/strings';
import { checkFile, copyFileName, failure, flaggedRows, markedCopy, type CheckedFile, type FailedFile, type PickedFile, type XlsxPort } from './checker';

const PREVIEW_LIMIT = 200;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: '1100px', margin: '0 auto' },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  drop: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalXL,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  dropActive: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  toolbar: { flexWrap: 'wrap', padding: 0 },
  cellIssues: { whiteSpace: 'pre-line' },
  highlight: { backgroundColor: tokens.colorBrandBackground2, outline: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
});

export interface WebAppProps {
  engine: Engine;
  xlsx: XlsxPort;
  today: string;
  /** The engine's default profile, for 设置. */
  defaults: ProfileValues;
}

export function WebApp({ engine, xlsx, today, defaults }: WebAppProps) {
  const t = useStrings();
  const styles = useStyles();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [picked, setPicked] = React.useState<PickedFile[]>([]);
  const [asOf, setAsOf] = React.useState(today);
  const [planYear, setPlanYear] = React.useState('');
  const [checked, setChecked] = React.useState<CheckedFile[]>([]);
  const [failed, setFailed] = React.useState<FailedFile[]>([]);
  const [selected, setSelected] = React.useState(0);
  const [copy, setCopy] = React.useState<{ url: string; name: string; summaries: boolean }>();
  const [progress, setProgress] = React.useState<Progress>();
  const [summaryDone, setSummaryDone] = React.useState(false);
  const [dragging, setDragging] = React.useState(false);
  const [focusTick, setFocusTick] = React.useState(0);
  // Kept for this page only: nothing is stored or sent anywhere.
  const [settings, setSettings] = React.useState<PaneSettings>({ profile: {}, mapping: {} });
  const [settingsOpen, setSettingsOpen] = React.useState(false);
  const [settingsSaved, setSettingsSaved] = React.useState(false);
  const resultsHeading = React.useRef<HTMLHeadingElement>(null);
  const [highlight, setHighlight] = React.useState<string>();
  const previewRows = React.useRef(new Map<string, HTMLElement | null>());

  React.useEffect(() => {
    if (focusTick) resultsHeading.current?.focus();
  }, [focusTick]);
  // An object URL holds the copy in memory until revoked.
  React.useEffect(() => () => copy && URL.revokeObjectURL(copy.url), [copy]);

  const busy = progress !== undefined;
  const yearValid = planYear === '' || /^\d{4}$/.test(planYear);
  const current = checked[selected];

  const pick = async (files: FileList | File[] | null) => {
    const list = [...(files ?? [])];
    if (!list.length) return;
    const read = await Promise.all(
      list.map(async (f) => {
        try {
          return { name: f.name, bytes: await readBytes(f) };
        } catch (e) {
          return failure(f.name, e, t.lang);
        }
      }),
    );
    setPicked(read.filter((r): r is PickedFile => 'bytes' in r));
    setChecked([]);
    setFailed(read.filter((r): r is FailedFile => 'reason' in r));
    setCopy(undefined);
    setSummaryDone(false);
  };

  const buildCopy = async (file: CheckedFile, summaries: boolean) => {
    setProgress({ step: summaries ? 'summary' : 'marks', done: 0, total: 1 });
    await nextTick();
    const bytes = await markedCopy(file, engine, xlsx, summaries);
    const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    setCopy({ url: URL.createObjectURL(blob), name: copyFileName(file.name, t.copyName), summaries });
  };

  const validate = async () => {
    const ok: CheckedFile[] = [];
    const bad: FailedFile[] = [];
    setSummaryDone(false);
    setSettingsOpen(false);
    setSettingsSaved(false);
    for (const [i, file] of picked.entries()) {
      setProgress({ step: 'read', done: i, total: picked.length });
      await nextTick();
      try {
        ok.push(
          await checkFile(file, engine, xlsx, {
            asOf,
            planYear: planYear ? Number(planYear) : undefined,
            profile: settings.profile,
            mapping: settings.mapping,
          }),
        );
      } catch (e) {
        bad.push(failure(file.name, e, t.lang));
      }
      setProgress({ step: 'analyse', done: i + 1, total: picked.length });
    }
    setChecked(ok);
    setFailed(bad);
    setSelected(0);
    setHighlight(undefined);
    try {
      if (ok.length) await buildCopy(ok[0], false);
      else setCopy(undefined);
    } catch (e) {
      setFailed([...bad, failure(ok[0].name, e, t.lang)]);
    } finally {
      setProgress(undefined);
      setFocusTick((n) => n + 1);
    }
  };

  const summarize = async () => {
    if (!current) return;
    try {
      await buildCopy(current, true);
      setSummaryDone(true);
    } catch (e) {
      setFailed([...failed, failure(current.name, e, t.lang)]);
    } finally {
      setProgress(undefined);
    }
  };

  const selectFile = async (index: number) => {
    setSelected(index);
    setHighlight(undefined);
    setSummaryDone(false);
    try {
      await buildCopy(checked[index], false);
    } catch (e) {
      setFailed([...failed, failure(checked[index].name, e, t.lang)]);
    } finally {
      setProgress(undefined);
    }
  };

  const preview = current ? flaggedRows(current, t.ruleTitle) : [];
  // The issue's row is always in the preview, even past its length limit.
  const shownPreview = preview.filter((r, i) => i < PREVIEW_LIMIT || rowKey(r.sheet, r.row) === highlight);

  /** The web page cannot select a cell in Excel: clicking an issue brings its row of the preview into view. */
  const showRow = (sheet: string, _address: string, issue: Issue) => {
    if (issue.row === undefined) return;
    setHighlight(rowKey(sheet, issue.row));
  };
  React.useEffect(() => {
    const el = highlight ? previewRows.current.get(highlight) : undefined;
    el?.scrollIntoView?.({ block: 'center' });
    el?.focus();
  }, [highlight]);
  const lost = current ? (xlsx.copyNotices?.(current.grid.features, t.lang) ?? []) : [];

  return (
    <main className={styles.root}>
      <h1 className={styles.title}>{t.webTitle}</h1>
      <Text>{t.webIntro}</Text>

      <div
        className={dragging ? `${styles.drop} ${styles.dropActive}` : styles.drop}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void pick(e.dataTransfer.files);
        }}
      >
        <input
          ref={inputRef}
          hidden
          aria-label={t.pickFiles}
          type="file"
          multiple
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => void pick(e.target.files)}
        />
        <Button icon={<DocumentAddRegular />} onClick={() => inputRef.current?.click()}>
          {t.pickFiles}
        </Button>
        <Text>{picked.length ? `${t.filesChosen(picked.length)}：${picked.map((f) => f.name).join('、')}` : t.dropHere}</Text>
      </div>

      <RunInputs asOf={asOf} planYear={planYear} onAsOf={setAsOf} onPlanYear={setPlanYear} disabled={busy} />

      <Toolbar aria-label={t.commands} className={styles.toolbar}>
        <ToolbarButton appearance="primary" icon={<CheckmarkCircleRegular />} disabled={busy || !picked.length || !asOf || !yearValid} onClick={validate}>
          {t.validate}
        </ToolbarButton>
        <ToolbarButton icon={<TableSimpleRegular />} disabled={busy || !current} onClick={summarize}>
          {t.summarize}
        </ToolbarButton>
        <ToolbarButton icon={<SettingsRegular />} aria-pressed={settingsOpen} disabled={busy} onClick={() => setSettingsOpen((open) => !open)}>
          {t.settings}
        </ToolbarButton>
        {copy && !busy ? (
          <Button as="a" href={copy.url} download={copy.name} icon={<ArrowDownloadRegular />}>
            {copy.summaries ? t.downloadWithSummary : t.download}
          </Button>
        ) : (
          <Button icon={<ArrowDownloadRegular />} disabled>
            {t.download}
          </Button>
        )}
      </Toolbar>

      <div role="status" aria-live="polite">
        {progress && <ProgressView progress={progress} />}
        {summaryDone && <Text>{`${t.summaryDone} ${t.webNoPivots}`}</Text>}
        {settingsSaved && <Text>{t.webSettingsSaved}</Text>}
      </div>

      {failed.map((f, i) => (
        <MessageBar key={`${f.name}-${i}`} intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t.unreadableTitle(f.name)}</MessageBarTitle>
            {f.reason}
          </MessageBarBody>
        </MessageBar>
      ))}
      {lost.map((line) => (
        <MessageBar key={line} intent="info">
          <MessageBarBody>{line}</MessageBarBody>
        </MessageBar>
      ))}

      {checked.length > 1 && (
        <TabList selectedValue={String(selected)} onTabSelect={(_, d) => void selectFile(Number(d.value))} aria-label={t.results}>
          {checked.map((f, i) => (
            <Tab key={i} value={String(i)}>
              {t.fileTab(f.name, f.report.issues.length)}
            </Tab>
          ))}
        </TabList>
      )}

      {settingsOpen && (
        <SettingsPanel
          defaults={defaults}
          settings={settings}
          detected={current ? detectedMapping(current.report) : {}}
          columns={current ? headerColumns(current.grid, current.report) : {}}
          onSave={(next) => {
            setSettings(next);
            setSettingsSaved(true);
          }}
          onClose={() => setSettingsOpen(false)}
        />
      )}

      {current && !settingsOpen && (
        <>
          <ResultsView key={current.name} report={current.report} headingRef={resultsHeading} title={current.name} onSelect={showRow} />
          {preview.length > 0 && (
            <section aria-labelledby="preview-heading">
              <h2 id="preview-heading" className={styles.subheading}>
                {t.preview}
              </h2>
              <Table size="small" aria-labelledby="preview-heading">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t.previewSheet}</TableHeaderCell>
                    <TableHeaderCell>{t.previewRow}</TableHeaderCell>
                    <TableHeaderCell>{t.previewName}</TableHeaderCell>
                    <TableHeaderCell>{t.previewIssue}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {shownPreview.map((r) => (
                    <TableRow
                      key={`${r.sheet}-${r.row}`}
                      ref={(el) => {
                        previewRows.current.set(rowKey(r.sheet, r.row), el);
                      }}
                      tabIndex={-1}
                      aria-selected={highlight === rowKey(r.sheet, r.row)}
                      className={highlight === rowKey(r.sheet, r.row) ? styles.highlight : undefined}
                    >
                      <TableCell>{r.sheet}</TableCell>
                      <TableCell>{r.row}</TableCell>
                      <TableCell>{r.label}</TableCell>
                      <TableCell className={styles.cellIssues}>{r.issues.join('\n')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {preview.length > shownPreview.length && <Text>{t.previewMore(preview.length - shownPreview.length)}</Text>}
            </section>
          )}
        </>
      )}
    </main>
  );
}

/** FileReader rather than Blob.arrayBuffer(): it is in every browser WPS users may have, old ones included. */
function readBytes(file: File): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

const rowKey = (sheet: string, row: number) => `${sheet}\u0000${row}`;
