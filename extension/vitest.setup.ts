import nodeConsole from 'node:console';

/*
 * happy-dom reports failed requests on Node's own console, as a browser's devtools would, past vitest's
 * console capture (so `onConsoleLog` never sees them). The tests fail requests on purpose (a revoked token, a
 * stale version, a closed port, a cut link) and assert what the extension makes of them, so these expected
 * lines are dropped: a 4xx answer from a loopback server, and a refused loopback connection. Anything else
 * still prints. Node's console outlives a test file, hence the mark against patching it twice.
 */
const PATCHED = Symbol.for('rapport.quietExpectedFetchFailures');
const FAILED_ANSWER = /^(GET|POST|PATCH|DELETE) http:\/\/127\.0\.0\.1:\d+\/\S* 4\d\d \(/;

function expected(first: unknown): boolean {
  if (typeof first === 'string') return FAILED_ANSWER.test(first);
  const err = first as { code?: unknown; address?: unknown } | null;
  return err?.code === 'ECONNREFUSED' && typeof err.address === 'string' && err.address.startsWith('127.');
}

const target = nodeConsole as Console & { [PATCHED]?: true };
if (!target[PATCHED]) {
  const print = target.error.bind(target);
  target.error = (...args: unknown[]) => {
    if (!expected(args[0])) print(...args);
  };
  target[PATCHED] = true;
}
