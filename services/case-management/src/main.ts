// The case-management service (案管室): the one clue register, and the unit and zone registry.
import { caseManagementPublicEvents, ContractRegistry, petitionsPublicEvents, supervisionPublicEvents } from '@jiandu/contracts';
import { runService, type ServiceDefinition } from '@jiandu/runtime';
import { caseManagementRpc } from './case-management.rpc.js';
import { caseManagementConfig } from './config.js';
import { caseManagementMigrations } from './migrations.js';
import { onPetitionTransferred } from './reactors/on-petition-transferred.reactor.js';
import { onSupervisionOutcomes } from './reactors/on-supervision-outcome.reactor.js';

export function caseManagementService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const config = caseManagementConfig(env);
  const own = Object.values(caseManagementPublicEvents);
  return {
    name: 'case-management',
    schema: 'case_management',
    migrations: caseManagementMigrations,
    registry: new ContractRegistry().register(...own, ...Object.values(petitionsPublicEvents), ...Object.values(supervisionPublicEvents)),
    publicTypes: own.map((c) => c.type),
    rpc: caseManagementRpc,
    consumers: (ctx) =>
      [onPetitionTransferred(ctx.store, config.clueClock, ctx.now), ...onSupervisionOutcomes(ctx.store, ctx.now)].map((spec) => ({
        ...spec,
        stream: ctx.config.eventStream,
      })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(caseManagementService());
