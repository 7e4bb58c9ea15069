// The case-management service (案管室): the one clue register, and the unit and zone registry.
import {
  caseManagementPublicEvents,
  ContractRegistry,
  petitionsPublicEvents,
  supervisionPublicEvents,
  withEarlierVersions,
} from '@jiandu/contracts';
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
    // Every published version: PetitionTransferred v1 may still be in the stream, ClueRegistered v1 in the relay's way.
    registry: withEarlierVersions(
      new ContractRegistry().register(...own, ...Object.values(petitionsPublicEvents), ...Object.values(supervisionPublicEvents)),
    ),
    publicTypes: own.map((c) => c.type),
    rpc: (ctx) => caseManagementRpc(ctx),
    consumers: (ctx) => [
      ...onPetitionTransferred(ctx.store, config.clueClock, ctx.now),
      ...onSupervisionOutcomes(ctx.store, ctx.now),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(caseManagementService());
