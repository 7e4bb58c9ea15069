// The vault master key rotation against a real PostgreSQL: a database of its own (dropped at the
// end), one schema per test holding the petitions tables as the service's migration creates them.
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DEV_VAULT_MASTER_KEY } from '@jiandu/access';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { petitionsService } from '../main.js';
import { petitionsMigrations } from '../migrations.js';
import { seal, unwrapKey } from './envelope-crypto.js';
import { ReporterVault, type ReporterIdentity } from './reporter-vault.js';
import { rotateVaultKey } from './rotate-key.js';
import { runRotateKey } from './rotate-key-cli.js';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const otherKey = randomBytes(32);
const b64 = (key: Buffer) => key.toString('base64');

let db: TestDatabase;
let schemaNo = 0;
let reporterNo = 0;

beforeAll(async () => {
  db = await createTestDatabase('pet_rotate');
});
afterAll(() => db?.drop());

/** A schema of its own with the petitions tables, created by the service's migration SQL. */
async function freshSchema(): Promise<string> {
  const schema = `rotate_${++schemaNo}`;
  await db.pool().query(`CREATE SCHEMA ${schema}`);
  // The vault's own table (the later migrations build on the event store's).
  for (const migration of petitionsMigrations.filter((m) => m.id === 'petitions-001-vault'))
    await db.pool().query(migration.sql.replaceAll('{{schema}}', schema));
  return schema;
}

const identityOf = (i: number): ReporterIdentity => ({
  name: `举报人王${i}`,
  phone: `139${String(10_000_000 + i)}`,
  idNumber: `11010119900307${String(1000 + i)}`,
  address: `北京市东城区某街道${i}号`,
});

/** Stores rows through the vault wrapped with `key`; returns their refs with their identities. */
async function seed(schema: string, key: Buffer, count: number): Promise<Map<string, ReporterIdentity>> {
  const vault = new ReporterVault(schema, key);
  const stored = new Map<string, ReporterIdentity>();
  const client = await db.pool().connect();
  try {
    for (let i = 0; i < count; i++) {
      const ref = `r-${randomUUID()}`;
      const identity = identityOf(++reporterNo);
      await vault.store(client, ref, `p-${randomUUID()}`, identity);
      stored.set(ref, identity);
    }
  } finally {
    client.release();
  }
  return stored;
}

interface Row {
  reporter_ref: string;
  wrapped_key: Buffer | null;
  payload: Buffer;
}

async function rows(schema: string): Promise<Row[]> {
  const result = await db
    .pool()
    .query<Row>(`SELECT reporter_ref, wrapped_key, payload FROM ${schema}.reporter_vault ORDER BY reporter_ref`);
  return result.rows;
}

function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}
const wrapped = (row: Row) => defined(row.wrapped_key, `a wrapped key on ${row.reporter_ref}`);
const firstRef = (identities: Map<string, ReporterIdentity>) => defined([...identities.keys()][0], 'a seeded row');

function opensWith(key: Buffer, row: Row): boolean {
  try {
    unwrapKey(key, row.reporter_ref, wrapped(row)).fill(0);
    return true;
  } catch {
    return false;
  }
}

/** Every (non-shredded) row opens with the new key and not with the old one, and reads back. */
async function expectAllUnderNewKey(schema: string, identities: Map<string, ReporterIdentity>): Promise<void> {
  for (const row of await rows(schema)) {
    if (!identities.has(row.reporter_ref)) continue;
    expect(opensWith(newKey, row)).toBe(true);
    expect(opensWith(oldKey, row)).toBe(false);
  }
  const vault = new ReporterVault(schema, newKey);
  for (const [ref, identity] of identities) expect(await vault.read(db.pool(), ref)).toEqual(identity);
}

/** Runs the CLI on a schema, collecting what it prints (and anything written to the console). */
async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string[] }> {
  const output: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => [m, console[m]] as const);
  for (const m of methods) console[m] = (...args: unknown[]) => void output.push(args.map(String).join(' '));
  try {
    const code = await runRotateKey(argv, env, (line) => output.push(line));
    return { code, output };
  } finally {
    for (const [m, original] of saved) console[m] = original;
  }
}

const keysEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  DATABASE_URL: db.url,
  VAULT_PREVIOUS_MASTER_KEY: b64(oldKey),
  VAULT_MASTER_KEY: b64(newKey),
  ...extra,
});

describe('Vault master key rotation', () => {
  it('re-wraps every row in batches: the payloads are unchanged and open with the new key only', async () => {
    const schema = await freshSchema();
    const identities = await seed(schema, oldKey, 7);
    const before = await rows(schema);

    const result = await rotateVaultKey({ pool: db.pool(), schema, oldKey, newKey, batchSize: 3 });

    expect(result).toEqual({ rewrapped: 7, alreadyNew: 0, failed: 0 });
    const after = await rows(schema);
    expect(after.map((r) => r.payload)).toEqual(before.map((r) => r.payload));
    after.forEach((row, i) => expect(wrapped(row).equals(wrapped(defined(before[i], 'the same row before')))).toBe(false));
    await expectAllUnderNewKey(schema, identities);
    const oldVault = new ReporterVault(schema, oldKey);
    await expect(oldVault.read(db.pool(), firstRef(identities))).rejects.toThrow();
  });

  it('is a no-op when run again: every row is already under the new key', async () => {
    const schema = await freshSchema();
    const identities = await seed(schema, oldKey, 5);
    await rotateVaultKey({ pool: db.pool(), schema, oldKey, newKey, batchSize: 2 });
    const once = await rows(schema);

    const again = await rotateVaultKey({ pool: db.pool(), schema, oldKey, newKey, batchSize: 2 });

    expect(again).toEqual({ rewrapped: 0, alreadyNew: 5, failed: 0 });
    expect(await rows(schema)).toEqual(once);
    await expectAllUnderNewKey(schema, identities);
  });

  it('resumes after a crash between batches: the committed batch stays, a re-run completes the rest', async () => {
    const schema = await freshSchema();
    const identities = await seed(schema, oldKey, 10);
    const crash = new Error('simulated crash after the first batch');

    await expect(
      rotateVaultKey({
        pool: db.pool(),
        schema,
        oldKey,
        newKey,
        batchSize: 4,
        afterBatch: (progress) => {
          expect(progress).toMatchObject({ batches: 1, rewrapped: 4, alreadyNew: 0, failed: 0 });
          throw crash;
        },
      }),
    ).rejects.toBe(crash);

    // The first batch (in primary-key order) committed; the rest is untouched.
    const midway = await rows(schema);
    expect(midway.slice(0, 4).every((row) => opensWith(newKey, row))).toBe(true);
    expect(midway.slice(4).every((row) => opensWith(oldKey, row))).toBe(true);

    const resumed = await rotateVaultKey({ pool: db.pool(), schema, oldKey, newKey, batchSize: 4 });
    expect(resumed).toEqual({ rewrapped: 6, alreadyNew: 4, failed: 0 });
    await expectAllUnderNewKey(schema, identities);
  });

  it('reports a row that opens with neither key as failed, leaves it unchanged, and the CLI exits 1', async () => {
    const schema = await freshSchema();
    const identities = await seed(schema, oldKey, 5);
    const foreign = firstRef(await seed(schema, otherKey, 1));
    const tampered = firstRef(await seed(schema, oldKey, 1));
    const shredded = firstRef(await seed(schema, oldKey, 1));
    await db
      .pool()
      .query(
        `UPDATE ${schema}.reporter_vault SET wrapped_key = set_byte(wrapped_key, 40, get_byte(wrapped_key, 40) # 1) WHERE reporter_ref = $1`,
        [tampered],
      );
    await db
      .pool()
      .query(`UPDATE ${schema}.reporter_vault SET wrapped_key = NULL, shredded_at = now() WHERE reporter_ref = $1`, [shredded]);
    const before = new Map((await rows(schema)).map((row) => [row.reporter_ref, row]));

    const first = await cli(['--schema', schema, '--batch-size', '3'], keysEnv());

    expect(first.code).toBe(1);
    expect(first.output).toHaveLength(1);
    expect(first.output[0]).toContain(`${schema}.reporter_vault: 5 re-wrapped, 0 already under the new key, 2 failed`);
    expect(first.output[0]).toContain(foreign);
    expect(first.output[0]).toContain(tampered);
    const after = new Map((await rows(schema)).map((row) => [row.reporter_ref, row]));
    for (const ref of [foreign, tampered, shredded]) expect(after.get(ref)).toEqual(before.get(ref));
    expect(opensWith(otherKey, defined(after.get(foreign), 'the foreign row'))).toBe(true); // still recoverable with its own key
    await expectAllUnderNewKey(schema, identities);

    // Still failing on a re-run, and still unchanged.
    const second = await cli(['--schema', schema], keysEnv());
    expect(second.code).toBe(1);
    expect(second.output[0]).toContain('0 re-wrapped, 5 already under the new key, 2 failed');
    expect(new Map((await rows(schema)).map((row) => [row.reporter_ref, row]))).toEqual(after);
  });

  it('the CLI exits 0 with one summary line when every row is under the new key', async () => {
    const schema = await freshSchema();
    const identities = await seed(schema, oldKey, 3);
    const { code, output } = await cli(['--schema', schema], keysEnv());
    expect(code).toBe(0);
    expect(output).toEqual([
      `${schema}.reporter_vault: 3 re-wrapped, 0 already under the new key, 0 failed: every key is under the new master key`,
    ]);
    await expectAllUnderNewKey(schema, identities);
  });

  it('the vault reads rows under either key while VAULT_PREVIOUS_MASTER_KEY is set, and wraps new rows with the current key', async () => {
    const schema = await freshSchema();
    const underOld = await seed(schema, oldKey, 2); // written before the restart
    const rotating = new ReporterVault(schema, newKey, oldKey); // the service during the rotation
    const newRef = `r-${randomUUID()}`;
    const client = await db.pool().connect();
    try {
      await rotating.store(client, newRef, `p-${randomUUID()}`, identityOf(99));
    } finally {
      client.release();
    }
    const newRow = defined(
      (await rows(schema)).find((row) => row.reporter_ref === newRef),
      'the new row',
    );
    expect(opensWith(newKey, newRow)).toBe(true);
    expect(opensWith(oldKey, newRow)).toBe(false);

    for (const [ref, identity] of underOld) expect(await rotating.read(db.pool(), ref)).toEqual(identity);
    expect(await rotating.read(db.pool(), newRef)).toEqual(identityOf(99));
    // Without the previous key, the rows not yet re-wrapped do not open...
    await expect(new ReporterVault(schema, newKey).read(db.pool(), firstRef(underOld))).rejects.toThrow();
    // ...and once the job has run, the new key alone reads everything.
    expect(await rotateVaultKey({ pool: db.pool(), schema, oldKey, newKey })).toEqual({ rewrapped: 2, alreadyNew: 1, failed: 0 });
    await expectAllUnderNewKey(schema, new Map([...underOld, [newRef, identityOf(99)]]));
  });

  it('the service takes VAULT_PREVIOUS_MASTER_KEY under the same rules as VAULT_MASTER_KEY', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-real-jwt-secret-of-at-least-32-characters',
      VAULT_MASTER_KEY: b64(newKey),
    };
    expect(() => petitionsService({ ...production, VAULT_PREVIOUS_MASTER_KEY: DEV_VAULT_MASTER_KEY })).toThrow(
      /VAULT_PREVIOUS_MASTER_KEY/,
    );
    expect(() => petitionsService({ ...production, VAULT_PREVIOUS_MASTER_KEY: b64(randomBytes(16)) })).toThrow(
      /VAULT_PREVIOUS_MASTER_KEY must be 32 bytes/,
    );
    expect(() => petitionsService({ ...production, VAULT_PREVIOUS_MASTER_KEY: 'not base64 at all!!' })).toThrow(
      /VAULT_PREVIOUS_MASTER_KEY must be 32 bytes/,
    );
    expect(() => petitionsService({ ...production, VAULT_PREVIOUS_MASTER_KEY: b64(oldKey) })).not.toThrow();
    expect(() => petitionsService({ ...production, VAULT_PREVIOUS_MASTER_KEY: '' })).not.toThrow();
  });

  it('the CLI refuses missing, short, malformed or identical keys and bad arguments with exit 2, naming no key', async () => {
    const shortKey = b64(randomBytes(16));
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [[], { DATABASE_URL: db.url }, /VAULT_PREVIOUS_MASTER_KEY is not set/],
      [[], { DATABASE_URL: db.url, VAULT_PREVIOUS_MASTER_KEY: b64(oldKey) }, /VAULT_MASTER_KEY is not set/],
      [[], { DATABASE_URL: db.url, VAULT_MASTER_KEY: b64(newKey) }, /VAULT_PREVIOUS_MASTER_KEY is not set/],
      [[], keysEnv({ VAULT_MASTER_KEY: shortKey }), /VAULT_MASTER_KEY must be 32 bytes/],
      [[], keysEnv({ VAULT_PREVIOUS_MASTER_KEY: shortKey }), /VAULT_PREVIOUS_MASTER_KEY must be 32 bytes/],
      [[], keysEnv({ VAULT_MASTER_KEY: `${b64(newKey)}!` }), /VAULT_MASTER_KEY must be 32 bytes/],
      [[], keysEnv({ VAULT_MASTER_KEY: b64(oldKey) }), /same key/],
      [[], keysEnv({ NODE_ENV: 'production', VAULT_MASTER_KEY: DEV_VAULT_MASTER_KEY }), /development default.*VAULT_MASTER_KEY/],
      [['--batch-size', '0'], keysEnv(), /--batch-size/],
      [['--schema', 'Robert"; DROP TABLE'], keysEnv(), /invalid schema name/],
      [['--unknown'], keysEnv(), /Unknown option/],
    ];
    for (const [argv, env, message] of cases) {
      const { code, output } = await cli(argv, env);
      expect({ argv, code }).toEqual({ argv, code: 2 });
      expect(output.join('\n')).toMatch(message);
      for (const value of [env['VAULT_MASTER_KEY'], env['VAULT_PREVIOUS_MASTER_KEY']]) {
        if (value) expect(output.join('\n')).not.toContain(value);
      }
    }
  });

  it('prints no personal data and no key material, whatever happens', async () => {
    const schema = await freshSchema();
    const identities = await seed(schema, oldKey, 4);
    await seed(schema, otherKey, 1);
    const printed: string[] = [];
    for (const [argv, env] of [
      [['--schema', schema, '--batch-size', '2'], keysEnv()], // rotates, one row fails
      [['--schema', schema], keysEnv()], // re-run
      [['--schema', 'no_such_schema'], keysEnv()], // the database refuses: exit 2
      [['--schema', schema], keysEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' })], // no database
    ] as Array<[string[], NodeJS.ProcessEnv]>) {
      const { output } = await cli(argv, env);
      printed.push(...output);
    }
    expect(printed).toHaveLength(4);
    expect(printed[2]).toMatch(/^rotation stopped: .*re-run to resume$/);
    const text = printed.join('\n');
    const forbidden = [...identities.values()].flatMap((identity) => Object.values(identity));
    for (const row of await rows(schema)) forbidden.push(wrapped(row).toString('hex'), wrapped(row).toString('base64'));
    for (const key of [oldKey, newKey, otherKey])
      forbidden.push(key.toString('base64'), key.toString('hex'), key.toString('latin1'));
    for (const secret of forbidden) expect(text).not.toContain(secret);
  });

  it('ends with every row under the new key for any mix of old-, new- and foreign-wrapped rows, counts adding up', async () => {
    const schema = await freshSchema();
    const table = `${schema}.reporter_vault`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('old', 'new', 'foreign'), { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        async (mix, batchSize) => {
          await db.pool().query(`TRUNCATE ${table}`);
          const keyOf = { old: oldKey, new: newKey, foreign: otherKey } as const;
          for (const [i, kind] of mix.entries()) {
            const ref = `r-${randomUUID()}`;
            const sealed = seal(keyOf[kind], ref, JSON.stringify(identityOf(i)));
            await db
              .pool()
              .query(`INSERT INTO ${table} (reporter_ref, petition_id, wrapped_key, payload) VALUES ($1, $2, $3, $4)`, [
                ref,
                `p-${ref}`,
                sealed.wrappedKey,
                sealed.payload,
              ]);
          }
          const before = await rows(schema);

          const result = await rotateVaultKey({ pool: db.pool(), schema, oldKey, newKey, batchSize });

          const count = (kind: string) => mix.filter((k) => k === kind).length;
          expect(result).toEqual({ rewrapped: count('old'), alreadyNew: count('new'), failed: count('foreign') });
          expect(result.rewrapped + result.alreadyNew + result.failed).toBe(mix.length);
          const after = await rows(schema);
          expect(after.map((r) => r.payload)).toEqual(before.map((r) => r.payload));
          after.forEach((row, i) => {
            const foreign = opensWith(otherKey, defined(before[i], 'the same row before'));
            expect(opensWith(newKey, row)).toBe(!foreign);
            expect(opensWith(oldKey, row)).toBe(false);
            if (foreign) expect(row).toEqual(before[i]);
          });
          expect(await rotateVaultKey({ pool: db.pool(), schema, oldKey, newKey, batchSize })).toEqual({
            rewrapped: 0,
            alreadyNew: mix.length - count('foreign'),
            failed: count('foreign'),
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
