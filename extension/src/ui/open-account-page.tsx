import { useState } from 'preact/hooks';

import { m } from '../i18n';
import { sendToBackground } from '../messaging';

export interface OpenAccountPageButtonProps {
  accountId: string;
  /** The button's words; "Open account page" unless several accounts are offered side by side. */
  label?: string;
}

/**
 * Opens the account's full page (plan, org chart, timeline) in a new tab, through the background (content
 * scripts cannot open extension pages themselves). A refusal is said next to the button.
 * @example <OpenAccountPageButton accountId={account.id} />
 */
export function OpenAccountPageButton({
  accountId,
  label = m.common.card.openAccountPage,
}: OpenAccountPageButtonProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const open = async () => {
    setProblem(null);
    const res = await sendToBackground({ type: 'openAccountPage', accountId });
    if (!res.ok) setProblem(res.error.message);
  };
  return (
    <>
      <button type="button" class="rp-button" onClick={() => void open()}>
        {label}
      </button>
      {problem && (
        <span class="rp-error" role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
