/** @jsxRuntime automatic @jsxImportSource hono/jsx */
// The pragma keeps JSX right when tsx runs from a directory without server/tsconfig.json (the e2e servers).
import type { PropsWithChildren } from 'hono/jsx';

import { Csrf } from './layout';
import type { ConsoleSession } from './session';

export interface CreatePanelProps {
  /** The heading's id, which labels the panel. */
  id: string;
  title: string;
  hint: string;
  /** Where the form posts. */
  action: string;
  session: ConsoleSession;
  /** The submit button's text. */
  submit: string;
}

/** A panel whose form creates something (a token, an invite): heading, hint, the fields in a row, submit. */
export function CreatePanel({
  id,
  title,
  hint,
  action,
  session,
  submit,
  children,
}: PropsWithChildren<CreatePanelProps>) {
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p class="hint">{hint}</p>
      <form method="post" action={action} novalidate>
        <Csrf session={session} />
        <div class="row">{children}</div>
        <button type="submit">{submit}</button>
      </form>
    </section>
  );
}
