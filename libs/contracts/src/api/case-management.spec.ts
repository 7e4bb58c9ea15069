import type { TObject, TSchema } from '@sinclair/typebox';
import { caseManagementPublicEvents } from '../events/index.js';
import {
  caseManagementOperations as ops,
  CLUE_SOURCES,
  CLUE_STATUSES,
  ClueSource,
  ClueStatus,
  DISPOSITION_KINDS,
  DispositionKind,
} from './case-management.js';
import { checkRequest, type ApiOperation } from './operation.js';

const property = (schema: TSchema, key: string): TSchema => (schema as TObject).properties[key] ?? {};
const literalsOf = (schema: TSchema): unknown[] => (schema['anyOf'] as TSchema[]).map((s) => s['const']);
const refusedFields = (op: ApiOperation, value: unknown): string[] => {
  const checked = checkRequest(op, value);
  return checked.ok ? [] : [...new Set(checked.fields.map((f) => f.path))];
};

describe('case-management contract', () => {
  it('writes each enum once: the lists the services import are the schemas’ values', () => {
    expect(literalsOf(DispositionKind)).toEqual([...DISPOSITION_KINDS]);
    expect(literalsOf(ClueStatus)).toEqual([...CLUE_STATUSES]);
    expect(literalsOf(ClueSource)).toEqual([...CLUE_SOURCES]);
  });

  it('refuses blank text, which the deciders no longer check', () => {
    expect(refusedFields(ops.registerZone, { id: 'z1', name: '   ', office: 'supervision-office-1' })).toEqual(['name']);
    expect(refusedFields(ops.registerUnit, { id: 'u1', name: '\u3000', zoneId: 'z1', staffCount: 1 })).toEqual(['name']);
    expect(refusedFields(ops.proposeDisposition, { clueId: 'c-1', kind: 'close', reason: ' ' })).toEqual(['reason']);
    expect(refusedFields(ops.approveDisposition, { clueId: 'c-1', note: '\t' })).toEqual(['note']);
    expect(refusedFields(ops.rejectDisposition, { clueId: 'c-1', note: '' })).toEqual(['note']);
  });

  it('accepts no more than the public event it becomes can carry', () => {
    const { ZoneRegistered, UnitRegistered, DispositionProposed, DispositionApproved, DispositionRejected } =
      caseManagementPublicEvents;
    const limit = (schema: TSchema, key: string) => property(schema, key)['maxLength'];
    expect(limit(ops.registerZone.request, 'name')).toBe(limit(ZoneRegistered.schema, 'name'));
    expect(limit(ops.registerUnit.request, 'name')).toBe(limit(UnitRegistered.schema, 'name'));
    expect(limit(ops.proposeDisposition.request, 'reason')).toBe(limit(DispositionProposed.schema, 'reason'));
    expect(limit(ops.approveDisposition.request, 'note')).toBe(limit(DispositionApproved.schema, 'note'));
    expect(limit(ops.rejectDisposition.request, 'note')).toBe(limit(DispositionRejected.schema, 'note'));
    for (const event of [DispositionProposed, DispositionApproved, DispositionRejected]) {
      expect(literalsOf(property(event.schema, 'kind'))).toEqual([...DISPOSITION_KINDS]);
    }
  });
});
