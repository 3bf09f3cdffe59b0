import { clearLogs, LOG_DIR, leaks } from '../../server/src/test/secrets-in-logs';

/**
 * No secret in any log (issue 8): empties `tests/.logs/` before the run; after it, every token, password,
 * session cookie and link secret the tests' helpers recorded is looked for in every log the run's servers
 * wrote there, and one found fails the run.
 */
export default function setup(): () => void {
  clearLogs();
  return () => {
    const { checkedLogs, secrets, found } = leaks();
    process.stdout.write(
      `Secrets in logs: ${secrets} secrets looked for in ${checkedLogs} logs (${LOG_DIR}).\n`,
    );
    if (found.length > 0) {
      process.stderr.write(
        `\nFAIL: a secret made by the tests is in a server log:\n${found.slice(0, 20).join('\n')}\n`,
      );
      // Vitest reports an error thrown here but keeps the run's exit code (0 when every test passed). Setting
      // the code as the process exits overrides it, after every other teardown has run.
      process.once('exit', () => {
        process.exitCode = 1;
      });
    }
  };
}
