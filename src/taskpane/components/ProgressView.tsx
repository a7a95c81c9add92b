/** The step being worked on, with its counts. Rendered inside the pane's polite live region. */
import { Field, ProgressBar } from '@fluentui/react-components';
import type { Progress } from '../controller';
import { useStrings } from '../strings';

export function ProgressView({ progress }: { progress: Progress }) {
  const t = useStrings();
  const text = t.stepProgress(t.steps[progress.step], progress.done, progress.total);
  return (
    <Field label={t.working} hint={text}>
      {/* Without a total (Excel has not said how much there is) the bar runs indeterminate. */}
      <ProgressBar value={progress.total > 0 ? progress.done / progress.total : undefined} max={1} aria-valuetext={text} />
    </Field>
  );
}
