// node dist/services/petitions/src/vault/rotate-key-cli.js [--schema <name>] [--batch-size <n>]
// Re-wraps every reporter-vault data key from VAULT_PREVIOUS_MASTER_KEY (the old master key) to
// VAULT_MASTER_KEY (the new one): rotate-key.ts, procedure in docs/operations.md ("Rotating the
// vault master key"). Run it in the petitions container once the service runs with both keys.
// Idempotent and resumable: re-run it after any interruption. Prints one summary line: counts, and
// the reporter_ref (a random id) of each row that opens with neither key; never key material or
// personal data. Exit code 0: every row is under the new key; 1: some rows open with neither key
// (left unchanged); 2: bad arguments, missing or invalid keys, or no database.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { vaultKeyFromEnv, type VaultKeyVariable } from './master-keys.js';
import { rotateVaultKey, type RotationCounts } from './rotate-key.js';

const USAGE =
  'usage: node dist/services/petitions/src/vault/rotate-key-cli.js [--schema <name>] [--batch-size <n>]\n' +
  '  (VAULT_PREVIOUS_MASTER_KEY: the old key, VAULT_MASTER_KEY: the new key, both base64 of 32 bytes; DATABASE_URL selects the database)';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/;
/** Failed refs named in the summary line; the rest are counted. */
const MAX_NAMED = 20;

function requiredKey(env: NodeJS.ProcessEnv, name: VaultKeyVariable, role: string): Buffer {
  const key = vaultKeyFromEnv(env, name);
  if (!key) throw new Error(`${name} is not set: it must hold the ${role} master key (base64 of 32 bytes)`);
  return key;
}

function counts(table: string, c: RotationCounts): string {
  return `${table}: ${c.rewrapped} re-wrapped, ${c.alreadyNew} already under the new key, ${c.failed} failed`;
}

export async function runRotateKey(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  let schema: string;
  let batchSize: number;
  let oldKey: Buffer;
  let newKey: Buffer;
  try {
    const args = parseArgs({ args: argv, options: { schema: { type: 'string' }, 'batch-size': { type: 'string' } } }).values;
    schema = args.schema ?? 'petitions';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
    batchSize = Number(args['batch-size'] ?? 500);
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error('--batch-size must be a positive integer');
    oldKey = requiredKey(env, 'VAULT_PREVIOUS_MASTER_KEY', 'old');
    newKey = requiredKey(env, 'VAULT_MASTER_KEY', 'new');
    if (oldKey.equals(newKey))
      throw new Error('VAULT_PREVIOUS_MASTER_KEY and VAULT_MASTER_KEY hold the same key: nothing to rotate');
  } catch (error) {
    print(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const table = `${schema}.reporter_vault`;
  const failedRefs: string[] = [];
  let progress: RotationCounts = { rewrapped: 0, alreadyNew: 0, failed: 0 };
  const pool = new pg.Pool({ connectionString: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/jiandu', max: 1 });
  pool.on('error', () => undefined);
  try {
    const result = await rotateVaultKey({
      pool,
      schema,
      oldKey,
      newKey,
      batchSize,
      afterBatch: (p) => {
        progress = p;
      },
      onFailed: (ref) => failedRefs.push(ref),
    });
    if (result.failed === 0) {
      print(`${counts(table, result)}: every key is under the new master key`);
      return 0;
    }
    const named = failedRefs.slice(0, MAX_NAMED).join(', ');
    const more = failedRefs.length > MAX_NAMED ? ` and ${failedRefs.length - MAX_NAMED} more` : '';
    print(`${counts(table, result)}: FAILED rows open with neither key and were left unchanged: ${named}${more}`);
    return 1;
  } catch (error) {
    // Committed batches stay done; a re-run resumes after them.
    print(`rotation stopped: ${(error as Error).message}; committed so far: ${counts(table, progress)}; re-run to resume`);
    return 2;
  } finally {
    oldKey.fill(0);
    newKey.fill(0);
    await pool.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runRotateKey(process.argv.slice(2), process.env, (line) => console.log(line));
}
