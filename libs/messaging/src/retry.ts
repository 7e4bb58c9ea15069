// Waiting between attempts: capped exponential delays and a sleep that stop() can cut short.

/** 100 ms, 200 ms, 400 ms … capped at 5 s. */
export function retryDelay(failures: number, baseMs = 100, capMs = 5_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
}

export interface Sleeper {
  (ms: number): Promise<void>;
  wake(): void;
}

export function sleeper(): Sleeper {
  let wakeAll: (() => void)[] = [];
  const sleep = ((ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeAll = wakeAll.filter((w) => w !== done);
        resolve();
      }
      wakeAll.push(done);
    })) as Sleeper;
  sleep.wake = () => [...wakeAll].forEach((w) => w());
  return sleep;
}
