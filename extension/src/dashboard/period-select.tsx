import { periodLabel, periodsAround } from './periods';

/**
 * The fiscal-year selector shared by "My accounts" and the plan.
 * @example <PeriodSelect value="2027" current="2027" onChange={setPeriod} />
 */
export function PeriodSelect(props: {
  value: string;
  current: string | null;
  extra?: string | null;
  onChange: (period: string) => void;
  id?: string;
  disabled?: boolean;
}) {
  const { value, current, extra, onChange, id = 'rp-period', disabled } = props;
  const options = periodsAround(current ?? value, 2, 1, extra ?? value);
  return (
    <div class="rp-dash-field rp-period">
      <label for={id}>Fiscal year</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {options.map((p) => (
          <option key={p} value={p}>
            {periodLabel(p, current)}
          </option>
        ))}
      </select>
    </div>
  );
}
