import type { JSX } from 'preact';

/** What a form's field gets while it has an error: marked invalid, and pointing at its message. */
export interface InvalidProps {
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export interface FieldErrors<K extends string> {
  /** Spread on the field's control: `aria-invalid` and `aria-describedby` while it has an error, else nothing. */
  invalid: (field: K) => InvalidProps;
  /** The field's message (`<p class="rp-field-error">`), or null while it has none. */
  message: (field: K) => JSX.Element | null;
  /** The id of the field's message while it has one (for a control that takes it as a prop), else undefined. */
  errorId: (field: K) => string | undefined;
}

/**
 * A form's field errors as attributes and messages: each message's id is `id('err-<field>')`, so it is
 * unique on the page when `id` prefixes a `useId()`.
 * @example
 * const { invalid, message } = fieldErrors(errors, id);
 * <input id={id('name')} {...invalid('name')} />
 * {message('name')}
 */
export function fieldErrors<K extends string>(
  errors: Partial<Record<K, string>>,
  id: (suffix: string) => string,
): FieldErrors<K> {
  const errorId = (field: K) => (errors[field] ? id(`err-${field}`) : undefined);
  return {
    errorId,
    invalid: (field) => {
      const describedBy = errorId(field);
      return describedBy ? { 'aria-invalid': true, 'aria-describedby': describedBy } : {};
    },
    message: (field) => {
      const describedBy = errorId(field);
      return describedBy ? (
        <p class="rp-field-error" id={describedBy}>
          {errors[field]}
        </p>
      ) : null;
    },
  };
}
