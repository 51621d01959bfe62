import { DynamicBatcher, Semaphore } from "../../src/serving";

/** A runner that records batch sizes and doubles each row, failing batches that contain a negative row. */
function recordingRunner(release?: Promise<void>) {
  const sizes: number[] = [];
  const run = async (rows: readonly number[]) => {
    sizes.push(rows.length);
    if (release) await release;
    if (rows.some((r) => r < 0)) throw new Error(`bad row in batch of ${rows.length}`);
    return rows.map((r) => r * 2);
  };
  return { sizes, run };
}

describe("DynamicBatcher", () => {
  test("a burst in one tick runs as one batch and each caller gets its own result", async () => {
    const { sizes, run } = recordingRunner();
    const b = new DynamicBatcher<number, number>(run, { maxBatch: 64, windowMs: 2 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((r) => b.submit(r)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(sizes).toEqual([5]);
  });

  test("batches are cut at maxBatch", async () => {
    const { sizes, run } = recordingRunner();
    const b = new DynamicBatcher<number, number>(run, { maxBatch: 4, windowMs: 2 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => b.submit(i)));
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => 2 * i));
    expect(sizes.reduce((a, c) => a + c, 0)).toBe(10);
    expect(Math.max(...sizes)).toBe(4);
  });

  test("rows arriving while a batch runs are gathered into the next batch", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { sizes, run } = recordingRunner(gate);
    const b = new DynamicBatcher<number, number>(run, { maxBatch: 64, windowMs: 10_000 });
    const first = b.submit(1);
    await new Promise((r) => setImmediate(r)); // first batch is now running (held by the gate)
    expect(b.inFlight).toBe(1);
    const later = [b.submit(2), b.submit(3), b.submit(4)];
    expect(b.queued).toBe(3);
    open();
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6, 8]);
    expect(sizes).toEqual([1, 3]);
  });

  test("an error fails only the rows of its batch", async () => {
    const { run } = recordingRunner();
    const b = new DynamicBatcher<number, number>(run, { maxBatch: 2, windowMs: 0 });
    const outcomes = await Promise.allSettled([b.submit(1), b.submit(-1), b.submit(3), b.submit(4)]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe("bad row in batch of 2");
    expect(outcomes.slice(2).map((o) => (o as PromiseFulfilledResult<number>).value)).toEqual([6, 8]);
  });

  test("maxBatch 1 runs every row alone", async () => {
    const { sizes, run } = recordingRunner();
    const b = new DynamicBatcher<number, number>(run, { maxBatch: 1 });
    await Promise.all([1, 2, 3].map((r) => b.submit(r)));
    expect(sizes).toEqual([1, 1, 1]);
  });
});

describe("Semaphore", () => {
  test("never lets more than its capacity run at once, and serves waiters first come first served", async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        s.withPermit(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await new Promise((r) => setImmediate(r));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.inUse).toBe(0);
    expect(() => s.release()).toThrow(/more often/);
  });
});
