// The 加强监督建议书's command handlers: issued by the service on review's CommonIssueIdentified
// (reactors/on-common-issue-identified.reactor.ts); the addressed office records its response.
import type { PoolClient } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { Handler } from '@jiandu/runtime';
import {
  supervisionAdviceDecider,
  supervisionAdviceStream,
  type SupervisionAdvice,
  type SupervisionAdviceCommand,
  type SupervisionAdviceConfig,
  type SupervisionAdviceEvent,
} from '../domain/supervision-advice.js';
import { projectSupervisionAdviceEvent } from '../projections/supervision-advice.projection.js';
import { callerOf, runCommand, type Aggregate, type CommandDeps } from './run-command.js';

export const supervisionAdvice: Aggregate<
  SupervisionAdviceCommand,
  SupervisionAdviceEvent,
  SupervisionAdvice,
  SupervisionAdviceConfig
> = {
  kind: 'supervision-advice',
  stream: supervisionAdviceStream,
  decider: supervisionAdviceDecider,
  config: (config) => config.supervisionAdvice,
  project: projectSupervisionAdviceEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.office, unitId: state.unitId }),
};

export function supervisionAdviceCommands(deps: CommandDeps) {
  const respond: Handler<typeof ops.respondToSupervisionAdvice> = async (call, tx: PoolClient) => {
    const command: SupervisionAdviceCommand = { type: 'RespondToSupervisionAdvice', data: call.payload };
    const { id, status } = await runCommand(deps, supervisionAdvice, call.payload.adviceId, command, callerOf(call), tx);
    return { id, status };
  };
  return { respond };
}
