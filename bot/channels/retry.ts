export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits before retry number `attempt` (0-based): the listed delay with ±20 % jitter. */
export function backoff(delaysMs: readonly number[], attempt: number): Promise<void> {
  const base = delaysMs[Math.min(attempt, delaysMs.length - 1)] ?? 0;
  return sleep(Math.round(base * (0.8 + Math.random() * 0.4)));
}
