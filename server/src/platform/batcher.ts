/**
 * Group commit, for any module: requests that arrive while a batch is being written wait and
 * go together in the next one, so one transaction (one fsync) serves many callers. Each
 * caller's promise settles only after the batch holding its request has finished. If a whole
 * batch fails, each request is tried again alone, so one bad request cannot fail the others.
 */
export type BatchRun<I, O> = (items: I[]) => Promise<PromiseSettledResult<O>[]>;

interface Waiting<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export class Batcher<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  /**
   * `lingerMs`: how long the first request of a batch waits for others (0: only those of the
   * same tick). Worth a few milliseconds where requests trickle in (gateway responses, delivery
   * reports) and latency matters little: fewer, larger transactions.
   */
  constructor(
    private readonly run: BatchRun<I, O>,
    private readonly maxBatch = 1000,
    private readonly lingerMs = 0,
  ) {}

  private schedule(): void {
    if (this.lingerMs > 0) {
      setTimeout(() => void this.drain(), this.lingerMs);
    } else {
      setImmediate(() => void this.drain());
    }
  }

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the callers of this tick (or of the linger) join the first batch.
        this.schedule();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.apply(this.queue.splice(0, this.maxBatch));
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) {
        this.running = true;
        this.schedule();
      }
    }
  }

  private async apply(batch: Waiting<I, O>[]): Promise<void> {
    let results: PromiseSettledResult<O>[];
    try {
      results = await this.run(batch.map((w) => w.item));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
      }
      for (const w of batch) {
        await this.apply([w]);
      }
      return;
    }
    batch.forEach((w, i) => {
      const r = results[i];
      if (r === undefined) {
        w.reject(new Error('batch returned fewer results than requests'));
      } else if (r.status === 'fulfilled') {
        w.resolve(r.value);
      } else {
        w.reject(r.reason);
      }
    });
  }
}
