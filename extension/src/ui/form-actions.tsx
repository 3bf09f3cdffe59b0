import { m } from '../i18n';

/**
 * A form's submit and Cancel buttons; the submit button says what is happening and is disabled while saving.
 * @example <FormActions saving={saving} label="Create account" savingLabel="Creating…" onCancel={close} />
 */
export function FormActions(props: {
  saving: boolean;
  label: string;
  savingLabel: string;
  onCancel: () => void;
}) {
  return (
    <div class="rp-actions">
      <button type="submit" class="rp-button rp-primary" disabled={props.saving}>
        {props.saving ? props.savingLabel : props.label}
      </button>
      <button type="button" class="rp-button" onClick={props.onCancel}>
        {m.common.cancel}
      </button>
    </div>
  );
}
