// The petitions service (信访室): petitions, the reporter vault, lookup codes.
import { resolveSecrets } from '@jiandu/access';
import { ContractRegistry, petitionsPublicEvents } from '@jiandu/contracts';
import { createLogger, runService, type ServiceDefinition } from '@jiandu/runtime';
import { petitionsMigrations } from './migrations.js';
import { petitionsRpc } from './petitions.rpc.js';
import { ReporterVault } from './vault/reporter-vault.js';

export function petitionsService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  // Refuses the development defaults under NODE_ENV=production; says so loudly otherwise.
  const { vaultMasterKey, devDefaults } = resolveSecrets(env);
  if (devDefaults.length) createLogger('petitions').warn({ devDefaults }, 'DEVELOPMENT DEFAULT SECRETS IN USE: never in production');
  const publicEvents = Object.values(petitionsPublicEvents);
  return {
    name: 'petitions',
    schema: 'petitions',
    migrations: petitionsMigrations,
    registry: new ContractRegistry().register(...publicEvents),
    publicTypes: publicEvents.map((c) => c.type),
    rpc: (ctx) => petitionsRpc(ctx, new ReporterVault(ctx.store.schema, Buffer.from(vaultMasterKey))),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(petitionsService());
