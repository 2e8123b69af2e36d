// Runs `task` over `items`, at most `lanes` at a time (the mail senders: a few SMTP transactions in flight);
// returns, per item, its error (undefined: done).
export async function inLanes<T>(items: readonly T[], lanes: number, task: (item: T) => Promise<void>): Promise<(unknown | undefined)[]> {
  const errors: unknown[] = new Array(items.length).fill(undefined);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await task(items[i]!);
      } catch (error) {
        errors[i] = error ?? new Error('failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return errors;
}
