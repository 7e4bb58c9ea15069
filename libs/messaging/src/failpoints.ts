// Deterministic crash points for tests that prove exactly-once effects across process death.

export type FailpointName =
  | 'consumer-after-commit-before-ack'
  | 'relay-after-publish-before-checkpoint'
  // libs/runtime: a command's transaction committed, its RPC reply not yet sent
  | 'after-append-before-reply';

/** Called at a failpoint; a crash either exits the process or throws FailpointCrash. */
export type Failpoints = (name: FailpointName) => void;

/**
 * Thrown by an injected failpoint. The relay and the consumer runner never handle it as an ordinary
 * error: they stop at once, without ack, nak or checkpoint, as a dead process would.
 */
export class FailpointCrash extends Error {
  constructor(readonly failpoint: FailpointName) {
    super(`failpoint ${failpoint}`);
  }
}

/**
 * FAILPOINT=<name> in the environment kills the process at that point (exit code 86).
 * FAILPOINT_AFTER=<n> arms it only after n hits: it passes n times and kills at hit n + 1, so a
 * test under traffic crashes mid-stream, deterministically, not at its first command.
 */
export function envFailpoints(env: NodeJS.ProcessEnv = process.env): Failpoints {
  const armed = env.FAILPOINT;
  let pass = Math.max(0, Math.floor(Number(env.FAILPOINT_AFTER ?? 0)) || 0);
  return (name) => {
    if (armed !== name) return;
    if (pass > 0) {
      pass -= 1;
      return;
    }
    process.stderr.write(`FAILPOINT ${name}: exiting\n`);
    process.exit(86);
  };
}

/** Whether the named failpoint is armed in the environment (so a caller may skip wrapping anything). */
export function failpointArmed(name: FailpointName, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FAILPOINT === name;
}

/**
 * FAILPOINT_NAK_RATE=<0..1>: the consumer runner naks that share of the messages it has applied
 * (after the commit, instead of the ack), with a random delay of up to FAILPOINT_NAK_DELAY_MS
 * (default 500): JetStream redelivers them, late and as duplicates the inbox must absorb.
 * Off (0) unless set.
 */
export function envNakRate(env: NodeJS.ProcessEnv = process.env): { rate: number; maxDelayMs: number } {
  const rate = Number(env.FAILPOINT_NAK_RATE ?? 0);
  const maxDelayMs = Number(env.FAILPOINT_NAK_DELAY_MS ?? 500);
  return {
    rate: Number.isFinite(rate) && rate > 0 ? Math.min(rate, 1) : 0,
    maxDelayMs: Number.isFinite(maxDelayMs) && maxDelayMs >= 0 ? maxDelayMs : 500,
  };
}

/** For in-process tests: crash (throw FailpointCrash) the first `times` times the named point is hit. */
export function throwingFailpoint(armed: FailpointName, times = 1): Failpoints {
  let left = times;
  return (name) => {
    if (name === armed && left > 0) {
      left -= 1;
      throw new FailpointCrash(name);
    }
  };
}
