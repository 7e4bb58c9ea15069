// A fresh database with the deadlines table in schema `svc`, and helpers to read what was raised.
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { openEventStore, type PostgresEventStore } from '@jiandu/event-store';
import { clockStream, deadlinesMigrations, type ClockSpec } from '../src/index.js';

export const SCHEMA = 'svc';

export interface ClockFixture {
  db: TestDatabase;
  store: PostgresEventStore;
  drop(): Promise<void>;
}

export async function clockFixture(prefix: string): Promise<ClockFixture> {
  const db = await createTestDatabase(prefix);
  // drop() terminates the database WITH (FORCE); a client still closing may see that. Expected.
  db.pool().on('error', () => undefined);
  const store = await openEventStore({ pool: db.pool(), schema: SCHEMA, migrations: deadlinesMigrations });
  return { db, store, drop: () => db.drop() };
}

/** 09:00 in China on `date`: what the injected clock returns. */
export const chinaMorning = (date: string) => new Date(`${date}T09:00:00+08:00`);

export const replySpec = (id: string, startedOn = '2026-09-25', workingDays = 15): ClockSpec => ({
  id,
  measures: 'inquiry-reply',
  rule: `函询回复 ${workingDays} 个工作日`,
  limit: { workingDays },
  startedOn,
  subject: `inquiry-${id}`,
  office: 'office-1',
  unitId: 'unit-7',
});

/** The deadline signals in a clock's stream, in order (its ClockStarted / ClockStopped left out). */
export async function raisedTypes(store: PostgresEventStore, clockId: string): Promise<string[]> {
  return (await clockEvents(store, clockId)).filter((type) => type.startsWith('Deadline'));
}

/** The types of every event in a clock's stream, in order. */
export async function clockEvents(store: PostgresEventStore, clockId: string): Promise<string[]> {
  return (await store.readStream(clockStream(clockId))).map((event) => event.type);
}
