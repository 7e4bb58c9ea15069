// Deterministic crash points for tests that prove exactly-once effects across process death.

export type FailpointName = 'consumer-after-commit-before-ack' | 'relay-after-publish-before-checkpoint';

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

/** FAILPOINT=<name> in the environment kills the process at that point (exit code 86). */
export function envFailpoints(env: NodeJS.ProcessEnv = process.env): Failpoints {
  const armed = env.FAILPOINT;
  return (name) => {
    if (armed === name) {
      process.stderr.write(`FAILPOINT ${name}: exiting\n`);
      process.exit(86);
    }
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
