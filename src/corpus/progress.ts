import cliProgress from 'cli-progress';

export interface ProgressCounts {
  done: number;
  duplicate: number;
  nearDuplicate: number;
  errors: number;
  skipped: number;
}

export interface Progress {
  start(total: number | undefined): void;
  update(c: ProgressCounts): void;
  stop(): void;
}

const processed = (c: ProgressCounts): number => c.done + c.duplicate + c.nearDuplicate + c.errors;

/**
 * A bar with rate and ETA on a terminal (cli-progress: small, no native parts, the usual choice), plain lines every
 * few seconds otherwise, so logs of long runs stay readable. Both write to standard error.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): Progress {
  if (stream.isTTY) return new BarProgress(stream);
  return new LineProgress(stream, intervalMs);
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar;
  private t0 = 0;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'ingest {bar} {value}/{total} | {rate} docs/s | ETA {eta_formatted} | dup {dup} | errors {errors} | skipped {skipped}',
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  start(total: number | undefined): void {
    this.t0 = performance.now();
    // Unknown totals (CSV, WARC, feeds) still show counts and rate; the bar then fills against a growing total.
    this.bar.start(total ?? 0, 0, { rate: '0.0', dup: 0, errors: 0, skipped: 0 });
  }

  update(c: ProgressCounts): void {
    const n = processed(c);
    const s = (performance.now() - this.t0) / 1000;
    if (this.bar.getTotal() < n) this.bar.setTotal(n);
    this.bar.update(n, { rate: s > 0 ? (n / s).toFixed(1) : '0.0', dup: c.duplicate + c.nearDuplicate, errors: c.errors, skipped: c.skipped });
  }

  stop(): void {
    this.bar.stop();
  }
}

class LineProgress implements Progress {
  private t0 = 0;
  private last = 0;
  private total: number | undefined;

  constructor(private readonly stream: NodeJS.WritableStream, private readonly intervalMs: number) {}

  start(total: number | undefined): void {
    this.t0 = this.last = performance.now();
    this.total = total;
  }

  update(c: ProgressCounts): void {
    const t = performance.now();
    if (t - this.last < this.intervalMs) return;
    this.last = t;
    const n = processed(c);
    const rate = n / ((t - this.t0) / 1000);
    const eta = this.total && rate > 0 ? `, ETA ${Math.max(0, Math.round((this.total - n) / rate))} s` : '';
    this.stream.write(`ingest: ${n}${this.total ? `/${this.total}` : ''} processed (${c.done} new, ${c.duplicate + c.nearDuplicate} duplicate, ${c.errors} errors, ${c.skipped} already done), ${rate.toFixed(1)} docs/s${eta}\n`);
  }

  stop(): void {}
}
