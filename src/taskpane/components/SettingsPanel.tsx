/**
 * 设置: the profile's thresholds and dates (SPEC §4 defaults, with a reset) and the column mapping
 * detected on each sheet, which the person can correct. Saving is the caller's business.
 */
import * as React from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Switch,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { FieldKey } from '../../core/types';
import type { ColumnChoice, ColumnMapping, ProfileValues } from '../controller';
import { FIELD_KEYS, useStrings } from '../strings';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  fields: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface PaneSettings {
  /** Profile values that differ from the defaults. */
  profile: ProfileValues;
  /** Per sheet, the fields whose column the person corrected ('' = the field is not in the sheet). */
  mapping: ColumnMapping;
}

export interface SettingsPanelProps {
  defaults: ProfileValues;
  settings: PaneSettings;
  /** Mapping the last run used, per sheet (detected, with the saved corrections applied). */
  detected: ColumnMapping;
  columns: Record<string, ColumnChoice[]>;
  onSave: (settings: PaneSettings) => void | Promise<void>;
  onClose: () => void;
}

const MONTH_DAY = /^\d{2}-\d{2}$/;

type Editable = number | string | boolean;
const isEditable = (v: unknown): v is Editable => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

function draftOf(defaults: ProfileValues, overrides: ProfileValues): Record<string, Editable> {
  const draft: Record<string, Editable> = {};
  for (const [key, value] of Object.entries(defaults)) {
    const current = overrides[key] ?? value;
    if (isEditable(value) && isEditable(current)) draft[key] = typeof value === 'number' ? String(current) : current;
  }
  return draft;
}

export function SettingsPanel({ defaults, settings, detected, columns, onSave, onClose }: SettingsPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  const [draft, setDraft] = React.useState(() => draftOf(defaults, settings.profile));
  const [mapping, setMapping] = React.useState<ColumnMapping>(settings.mapping);
  const headingRef = React.useRef<HTMLHeadingElement>(null);
  React.useEffect(() => headingRef.current?.focus(), []);

  // What is wrong with each parameter the person typed, as the message to show under it.
  const problemOf = (key: string, value: unknown): string | undefined => {
    const expected = defaults[key];
    if (typeof expected === 'number') {
      if (String(value).trim() === '' || !Number.isFinite(Number(value))) return t.invalidNumber;
      // The engine refuses an exchange rate of 0 or below (it would erase every 万美元 amount).
      return key === 'usdRate' && !(Number(value) > 0) ? t.invalidRate : undefined;
    }
    // Month-day parameters (申报截止日 10-15) keep their shape.
    return typeof expected === 'string' && MONTH_DAY.test(expected) && !MONTH_DAY.test(String(value)) ? t.invalidMonthDay : undefined;
  };
  const invalid = Object.entries(draft).filter(([key, value]) => problemOf(key, value) !== undefined);

  const reset = () => {
    setDraft(draftOf(defaults, {}));
    setMapping({});
  };

  const save = () => {
    const profile: ProfileValues = {};
    for (const [key, value] of Object.entries(draft)) {
      const parsed = typeof defaults[key] === 'number' ? Number(value) : value;
      if (parsed !== defaults[key]) profile[key] = parsed;
    }
    return onSave({ profile, mapping });
  };

  const setColumn = (sheet: string, field: FieldKey, column: string) =>
    setMapping((m) => ({ ...m, [sheet]: { ...m[sheet], [field]: column } }));

  const sheets = Object.keys(detected);

  return (
    <section className={styles.root} aria-labelledby="settings-heading">
      <h2 id="settings-heading" ref={headingRef} tabIndex={-1} className={styles.heading}>
        {t.settingsTitle}
      </h2>
      <h3 className={styles.subheading}>{t.profileTitle}</h3>
      <div className={styles.fields}>
        {Object.entries(draft).map(([key, value]) => {
          const problem = problemOf(key, value);
          if (typeof value === 'boolean')
            return <Switch key={key} label={t.profileLabel(key)} checked={value} onChange={(_, d) => setDraft({ ...draft, [key]: d.checked })} />;
          return (
            <Field key={key} label={t.profileLabel(key)} validationState={problem ? 'error' : 'none'} validationMessage={problem}>
              <Input
                type={typeof defaults[key] === 'number' ? 'number' : 'text'}
                step="any"
                value={String(value)}
                onChange={(_, d) => setDraft({ ...draft, [key]: d.value })}
              />
            </Field>
          );
        })}
      </div>
      <h3 className={styles.subheading}>{t.mappingTitle}</h3>
      <Text>{sheets.length ? t.mappingHint : t.mappingEmpty}</Text>
      {sheets.length > 0 && (
        <Accordion multiple collapsible defaultOpenItems={sheets.length === 1 ? sheets : []}>
          {sheets.map((sheet) => {
            const choices = columns[sheet] ?? [];
            return (
              <AccordionItem key={sheet} value={sheet}>
                <AccordionHeader>{t.sheetMapping(sheet)}</AccordionHeader>
                <AccordionPanel>
                  <div className={styles.fields}>
                    {FIELD_KEYS.map((field) => {
                      const value = mapping[sheet]?.[field] ?? detected[sheet]?.[field] ?? '';
                      const letters = choices.some((c) => c.letter === value) || value === '' ? choices : [...choices, { letter: value, header: '' }];
                      return (
                        <Field key={field} label={t.fieldLabel(field)}>
                          <Select value={value} onChange={(_, d) => setColumn(sheet, field, d.value)}>
                            <option value="">{t.notMapped}</option>
                            {letters.map((c) => (
                              <option key={c.letter} value={c.letter}>
                                {t.columnOption(c.letter, c.header)}
                              </option>
                            ))}
                          </Select>
                        </Field>
                      );
                    })}
                  </div>
                </AccordionPanel>
              </AccordionItem>
            );
          })}
        </Accordion>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={save} disabled={invalid.length > 0}>
          {t.save}
        </Button>
        <Button onClick={reset}>{t.reset}</Button>
        <Button appearance="subtle" onClick={onClose}>
          {t.closeSettings}
        </Button>
      </div>
    </section>
  );
}
