import { useId, useLayoutEffect, useRef } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import type { LeaveQuestion } from './leave-guard';

/**
 * "You have unsaved changes to the 2027 plan. Leave without saving?" (or another question of `LeaveWords`,
 * such as "Discard your changes to Jane Doe?") as a modal dialog: the rest of the page is inert while it is
 * open, "Stay" has the focus, Escape stays, and focus goes back to where it was.
 * @example {question && <LeaveDialog question={question} />}
 */
export function LeaveDialog({ question }: { question: LeaveQuestion }) {
  const uid = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  const before = useRef<Element | null>(null);
  const answered = useRef(false);

  useLayoutEffect(() => {
    before.current = document.activeElement;
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
    stay.current?.focus();
  }, []);

  const answer = (leave: boolean) => {
    if (answered.current) return;
    answered.current = true;
    // The page is inert while the dialog is open: close it before giving focus back.
    dialog.current?.close();
    const back = before.current;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
    question.answer(leave);
  };

  return (
    <dialog
      ref={dialog}
      class="rp-leave"
      role="alertdialog"
      aria-labelledby={`${uid}-what`}
      onCancel={(event) => {
        // Escape: stay.
        event.preventDefault();
        answer(false);
      }}
      onClose={() => answer(false)}
    >
      <p id={`${uid}-what`}>{question.text}</p>
      <div class="rp-leave-actions">
        <button ref={stay} type="button" class="rp-dash-button rp-dash-primary" onClick={() => answer(false)}>
          {m.dashboard.leave.stay}
        </button>
        <button type="button" class="rp-dash-button" onClick={() => answer(true)}>
          {question.leave}
        </button>
      </div>
    </dialog>
  );
}
