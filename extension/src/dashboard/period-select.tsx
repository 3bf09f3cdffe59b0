import { m } from '../i18n/dashboard';
import { periodLabel, periodsAround } from './periods';

/**
 * The fiscal-year selector shared by "My accounts" and the plan. It shows `value` until the parent passes
 * the chosen year back, so a parent that asks first (unsaved changes) and stays keeps the year shown.
 * @example <PeriodSelect value="2027" current="2027" onChange={setPeriod} />
 */
export function PeriodSelect(props: {
  value: string;
  current: string | null;
  extra?: string | null;
  onChange: (period: string) => void;
  id?: string;
}) {
  const { value, current, extra, onChange, id = 'rp-period' } = props;
  const options = periodsAround(current ?? value, 2, 1, extra ?? value);
  return (
    <div class="rp-dash-field rp-period">
      <label for={id}>{m.dashboard.periods.label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const select = e.currentTarget as HTMLSelectElement;
          const next = select.value;
          select.value = value;
          onChange(next);
        }}
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
