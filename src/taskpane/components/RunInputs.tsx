/**
 * The two inputs of every run: the check date and the plan year. A native date input (Fluent
 * Input type="date") rather than the compat DatePicker: it needs no extra package, is keyboard
 * and screen-reader friendly in every browser Office uses, and yields the YYYY-MM-DD the engine takes.
 */
import { Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useStrings } from '../strings';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  field: { flexGrow: 1, minWidth: '130px' },
});

export interface RunInputsProps {
  asOf: string;
  planYear: string;
  onAsOf: (value: string) => void;
  onPlanYear: (value: string) => void;
  disabled?: boolean;
}

export function RunInputs({ asOf, planYear, onAsOf, onPlanYear, disabled }: RunInputsProps) {
  const t = useStrings();
  const styles = useStyles();
  const yearInvalid = planYear !== '' && !/^\d{4}$/.test(planYear);
  return (
    <div className={styles.row}>
      <Field label={t.asOf} hint={t.asOfHint} className={styles.field}>
        <Input type="date" value={asOf} onChange={(_, d) => onAsOf(d.value)} disabled={disabled} required />
      </Field>
      <Field
        label={t.planYear}
        hint={t.planYearHint}
        className={styles.field}
        validationState={yearInvalid ? 'error' : 'none'}
        validationMessage={yearInvalid ? t.invalidNumber : undefined}
      >
        <Input
          type="number"
          inputMode="numeric"
          min={2000}
          max={2100}
          placeholder={t.auto}
          value={planYear}
          onChange={(_, d) => onPlanYear(d.value)}
          disabled={disabled}
        />
      </Field>
    </div>
  );
}
