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

  it('registers a clue from any source but a petition, with its reference, codes and accused, as ClueRegistered v3 carries them', () => {
    const { ClueRegistered } = caseManagementPublicEvents;
    const limit = (schema: TSchema, key: string) => property(schema, key)['maxLength'];
    const request = ops.registerClue.request;
    expect(literalsOf(property(request, 'source'))).toEqual(CLUE_SOURCES.filter((s) => s !== 'petition'));
    expect(literalsOf(property(ClueRegistered.schema, 'source'))).toEqual([...CLUE_SOURCES]);
    expect(limit(request, 'reference')).toBe(limit(ClueRegistered.schema, 'sourceRef'));
    expect(limit(request, 'category')).toBe(limit(ClueRegistered.schema, 'category'));
    expect(limit(request, 'summary')).toBe(limit(ClueRegistered.schema, 'summary'));
    const valid = {
      source: 'inspection-tour',
      reference: '灞巡反馈〔2026〕3号',
      categories: ['eight-rules.banqueting'],
      summary: '巡察反馈',
      accused: { name: '王五', position: '副主任', unitId: 'u-street' },
    };
    expect(refusedFields(ops.registerClue, valid)).toEqual([]);
    expect(refusedFields(ops.registerClue, { ...valid, source: 'petition' })).toEqual(['source']);
    expect(refusedFields(ops.registerClue, { ...valid, categories: [] })).toEqual(['categories']);
    expect(refusedFields(ops.registerClue, { ...valid, categories: ['eight-rules', 'eight-rules'] })).toEqual(['categories']);
    expect(refusedFields(ops.registerClue, { ...valid, categories: ['no-such-code'] })).toEqual(['categories.0']);
    expect(refusedFields(ops.registerClue, { ...valid, reporter: { name: '某' } })).not.toEqual([]);
    const { source: _source, ...submitted } = valid;
    expect(refusedFields(ops.submitClue, submitted)).toEqual([]);
    expect(refusedFields(ops.submitClue, valid)).not.toEqual([]);
  });

  it('opens a clearance round for a year and a quarter, and takes one of three reviews', () => {
    expect(refusedFields(ops.openClearanceRound, { year: 2026, quarter: 5 })).toEqual(['quarter']);
    expect(
      refusedFields(ops.reviewClearanceItem, { roundId: 'cr-2026-q4', clueId: 'c-1', decision: 'drop', note: '复核' }),
    ).toEqual(['decision']);
    expect(refusedFields(ops.reviewClearanceItem, { roundId: 'cr-2026-q4', clueId: 'c-1', decision: 'keep', note: ' ' })).toEqual(
      ['note'],
    );
  });
});
