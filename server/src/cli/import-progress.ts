import type { TransferProgress } from '../transfer/report';

/** Where progress goes: stderr, as a bar on a terminal and as a plain line now and then otherwise. */
export interface ProgressOutput {
  isTTY: boolean;
  columns?: number;
  write(text: string): unknown;
}

const MB = 1024 * 1024;
const PHASES: Record<string, string> = { checking: 'Checking', writing: 'Importing' };

function size(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

const number = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * A progress display for an import: on a terminal a bar of bytes read out of the file's size with rows done
 * and rows per second, redrawn at most ten times a second; elsewhere (a log, a pipe) one plain line every few
 * seconds. Call `done()` at the end to clear the bar.
 * @example const bar = progressBar(process.stderr, 'Reading'); await importCsv(db, open, { onProgress: bar.update }); bar.done();
 */
export function progressBar(out: ProgressOutput, label: string, options: { now?: () => number } = {}) {
  const now = options.now ?? (() => Date.now());
  let phaseStarted = now();
  let phase: string | undefined;
  let lastDraw = 0;
  let drawn = false;
  const interval = out.isTTY ? 100 : 5000;

  function line(p: TransferProgress): string {
    const seconds = Math.max((now() - phaseStarted) / 1000, 0.001);
    const rate = `${number(p.done / seconds)} rows/s`;
    const name = (p.phase && PHASES[p.phase]) || label;
    const rows = `${number(p.done)} rows`;
    if (!p.totalBytes || p.bytesRead === undefined) return `${name}: ${rows}, ${rate}`;
    const share = Math.min(p.bytesRead / p.totalBytes, 1);
    const percent = `${Math.floor(share * 100)}%`.padStart(4);
    const amounts = `${size(p.bytesRead)} / ${size(p.totalBytes)}`;
    if (!out.isTTY) return `${name}: ${percent.trim()} (${amounts}), ${rows}, ${rate}`;
    const width = Math.max(10, Math.min(30, (out.columns ?? 80) - 60));
    const filled = Math.round(share * width);
    return `${name.padEnd(9)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}  ${amounts}  ${rows}  ${rate}`;
  }

  return {
    update(p: TransferProgress): void {
      if (p.phase !== phase) {
        phase = p.phase;
        phaseStarted = now();
        lastDraw = 0; // a new phase shows at once
      }
      const t = now();
      if (t - lastDraw < interval) return;
      lastDraw = t;
      drawn = true;
      out.write(out.isTTY ? `\r\x1b[K${line(p)}` : `${line(p)}\n`);
    },
    /** Ends the display: clears the bar on a terminal. */
    done(): void {
      if (out.isTTY && drawn) out.write('\r\x1b[K');
    },
  };
}
