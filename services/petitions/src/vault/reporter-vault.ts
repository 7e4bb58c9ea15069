// vault/ is petitions' own component (no other service has one): the only place a reporter's identity exists.
// The reporter vault: sealed identities keyed by an opaque reference. Rows are written in the
// same transaction as the PetitionRegistered event, so there is never one without the other.
import type { PoolClient } from 'pg';
import type { Pool } from 'pg';
import { open, seal } from './envelope-crypto.js';

export interface ReporterIdentity {
  name: string;
  phone: string;
  idNumber: string;
  address: string;
}

export class ReporterVault {
  /** Current key first: it wraps every new row. The previous key (during a rotation) only opens. */
  private readonly openKeys: Buffer[];

  constructor(
    private readonly schema: string,
    private readonly masterKey: Buffer,
    previousMasterKey?: Buffer,
  ) {
    this.openKeys = previousMasterKey ? [masterKey, previousMasterKey] : [masterKey];
  }

  async store(tx: PoolClient, reporterRef: string, petitionId: string, identity: ReporterIdentity): Promise<void> {
    const sealed = seal(this.masterKey, reporterRef, JSON.stringify(identity));
    await tx.query(
      `INSERT INTO ${this.schema}.reporter_vault (reporter_ref, petition_id, wrapped_key, payload) VALUES ($1, $2, $3, $4)`,
      [reporterRef, petitionId, sealed.wrappedKey, sealed.payload],
    );
  }

  /** Undefined when there is no such identity or its key was shredded. */
  async read(db: Pool | PoolClient, reporterRef: string): Promise<ReporterIdentity | undefined> {
    const { rows } = await db.query<{ wrapped_key: Buffer | null; payload: Buffer }>(
      `SELECT wrapped_key, payload FROM ${this.schema}.reporter_vault WHERE reporter_ref = $1`,
      [reporterRef],
    );
    const row = rows[0];
    if (!row?.wrapped_key) return undefined;
    return JSON.parse(
      open(this.openKeys, reporterRef, { wrappedKey: row.wrapped_key, payload: row.payload }),
    ) as ReporterIdentity;
  }
}
