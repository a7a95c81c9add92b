/** The results of a run: totals by severity, filters, and the issues grouped by rule. */
import * as React from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { Issue, Report, Severity } from '../../core/types';
import { countBySeverity, filterIssues, groupByRule, issueAddress, SEVERITIES, sheetsOf, type IssueFilter } from '../issues';
import { useStrings } from '../strings';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  totals: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  filter: { minWidth: '120px', flexGrow: 1 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  issueButton: { justifyContent: 'flex-start', textAlign: 'start', fontWeight: tokens.fontWeightRegular, height: 'auto', minHeight: '28px' },
  issueText: { display: 'block', padding: `${tokens.spacingVerticalXXS} 0` },
  where: { fontWeight: tokens.fontWeightSemibold },
});

const BADGE_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = { error: 'danger', warning: 'warning', info: 'informative' };

export interface ResultsViewProps {
  report: Report;
  /** Jump to an issue's cell (in Excel) or its row (in the web page's preview). */
  onSelect?: (sheet: string, address: string, issue: Issue) => void;
  /** Receives focus after a run so keyboard and screen-reader users land on the results. */
  headingRef?: React.Ref<HTMLHeadingElement>;
  /** Extra heading text, e.g. the file name on the web page. */
  title?: string;
}

export function ResultsView({ report, onSelect, headingRef, title }: ResultsViewProps) {
  const t = useStrings();
  const styles = useStyles();
  const [filter, setFilter] = React.useState<IssueFilter>({ severity: 'all', sheet: 'all' });
  const headingId = React.useId();
  const counts = countBySeverity(report.issues);
  const sheets = sheetsOf(report.issues);
  const groups = groupByRule(filterIssues(report.issues, filter));

  const where = (issue: Issue) => {
    const address = issueAddress(issue, report);
    if (!issue.sheet) return t.workbookWide;
    return issue.row === undefined ? issue.sheet : `${issue.sheet}!${address}`;
  };

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className={styles.heading}>
        {title ? `${t.results} · ${title}` : t.results}
      </h2>
      {report.notes.length > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>{report.notes.join(' ')}</MessageBarBody>
        </MessageBar>
      )}
      {report.issues.length === 0 ? (
        <MessageBar intent="success">
          <MessageBarBody>
            <MessageBarTitle>{t.noIssues}</MessageBarTitle>
            {t.noIssuesDetail}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <div className={styles.totals}>
            <Text weight="semibold" data-testid="issue-total">
              {t.totalIssues(report.issues.length)}
            </Text>
            {SEVERITIES.map((s) => (
              <Badge key={s} appearance="tint" color={BADGE_COLOR[s]} data-testid={`count-${s}`}>
                {t.severityCount(t.severity[s], counts[s])}
              </Badge>
            ))}
          </div>
          <div className={styles.filters}>
            <Field label={t.filterSeverity} className={styles.filter}>
              <Select value={filter.severity} onChange={(_, d) => setFilter({ ...filter, severity: d.value as IssueFilter['severity'] })}>
                <option value="all">{t.all}</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t.severity[s]}
                  </option>
                ))}
              </Select>
            </Field>
            {sheets.length > 1 && (
              <Field label={t.filterSheet} className={styles.filter}>
                <Select value={filter.sheet} onChange={(_, d) => setFilter({ ...filter, sheet: d.value })}>
                  <option value="all">{t.all}</option>
                  {sheets.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </div>
          {groups.length === 0 ? (
            <Text>{t.noMatch}</Text>
          ) : (
            <Accordion multiple collapsible>
              {groups.map((group) => (
                <AccordionItem key={group.rule} value={group.rule}>
                  <AccordionHeader>
                    <Badge appearance="filled" color={BADGE_COLOR[group.severity]} size="small" aria-label={t.severity[group.severity]}>
                      {' '}
                    </Badge>
                    &nbsp;{t.ruleGroup(t.ruleTitle(group.rule), group.issues.length)}
                  </AccordionHeader>
                  <AccordionPanel>
                    <ul className={styles.list}>
                      {group.issues.map((issue, i) => {
                        const address = issueAddress(issue, report);
                        // One span: a button lays its children out as flex items, which would eat the spaces around the dash.
                        const label = (
                          <span>
                            <span className={styles.where}>{where(issue)}</span> — {t.issueMessage(issue)}
                          </span>
                        );
                        return (
                          <li key={i}>
                            {onSelect && issue.sheet && address ? (
                              <Button
                                appearance="subtle"
                                className={styles.issueButton}
                                title={t.goTo(where(issue))}
                                onClick={() => onSelect(issue.sheet!, address, issue)}
                              >
                                {label}
                              </Button>
                            ) : (
                              <Text className={styles.issueText}>{label}</Text>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  </AccordionPanel>
                </AccordionItem>
              ))}
            </Accordion>
          )}
        </>
      )}
    </section>
  );
}
