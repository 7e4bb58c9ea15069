import {
  accusedOperations,
  caseManagementOperations,
  caseManagementPublicEvents,
  compileValidator,
  FreeText,
  Id,
  integrityOperations,
  object,
  petitionOperations,
  petitionsPublicEvents,
  publicityOperations,
  publicityPublicEvents,
  reviewOperations,
  reviewPublicEvents,
  screeningOperations,
  supervisionOperations,
  supervisionPublicEvents,
  when,
  type ApiOperation,
  type EventContract,
} from '@jiandu/contracts';
import { Type, type TSchema } from '@sinclair/typebox';
import fc from 'fast-check';
import { acceptedRequest, arbitraryFromSchema, publishedData } from './arbitrary-from-schema.js';

/** Every value generated for `schema` passes `compileValidator(schema)`; returns a sample to look at. */
function expectAllValid(schema: TSchema, numRuns = 200): unknown[] {
  const validator = compileValidator(schema);
  const arbitrary = arbitraryFromSchema(schema);
  fc.assert(
    fc.property(arbitrary, (value) => {
      expect(validator.errors(value)).toEqual([]);
    }),
    { numRuns },
  );
  return fc.sample(arbitrary, { numRuns: 500, seed: 1 });
}

const Outcome = Type.Union([Type.Literal('accepted'), Type.Literal('light-measure'), Type.Literal('second-round')]);
const Measure = Type.Union([Type.Literal('reminder'), Type.Literal('criticism')]);

describe('arbitraryFromSchema', () => {
  it('keeps min and max lengths, and reaches the maximum', () => {
    const schema = Type.String({ minLength: 3, maxLength: 30 });
    const lengths = expectAllValid(schema).map((s) => (s as string).length);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lengths)).toBe(30);
  });

  it('keeps patterns, within the length limit', () => {
    expectAllValid(Id);
    expectAllValid(Type.String({ pattern: '^XS-\\d{4}-\\d{6}$', maxLength: 14 }));
    expectAllValid(Type.String({ pattern: '^dispatched-agency-[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64 }));
  });

  it('writes free text as a person types it: never blank, never NUL or a lone surrogate, up to the limit in UTF-16 units', () => {
    const text = expectAllValid(FreeText(50)) as string[];
    expect(text.some((s) => s.length === 50)).toBe(true);
    expect(text.some((s) => s.includes('😀'))).toBe(true);
    expect(text.some((s) => s.startsWith(' '))).toBe(true);
  });

  it('keeps formats: date, date-time, uuid, email', () => {
    for (const format of ['date', 'date-time', 'uuid', 'email']) expectAllValid(Type.String({ format, maxLength: 254 }));
  });

  it('takes a format from the options instead, still filtered by the schema', () => {
    const day = fc.constantFrom('2026-09-25', '2026-13-01');
    const values = fc.sample(arbitraryFromSchema(Type.String({ format: 'date' }), { formats: { date: day } }), 50);
    expect(new Set(values)).toEqual(new Set(['2026-09-25']));
  });

  it('keeps integer and number bounds, exclusive ones included', () => {
    expectAllValid(Type.Integer({ minimum: 1, maximum: 365 }));
    expectAllValid(Type.Integer({ exclusiveMinimum: 0, exclusiveMaximum: 10 }));
    expectAllValid(Type.Number({ minimum: -1.5, maximum: 2.5 }));
  });

  it('keeps unions, literals, booleans and arrays with their item count and unique items', () => {
    expectAllValid(Type.Union([Type.Literal(1), Type.Literal(2), Type.Null(), Type.Boolean()]));
    const teams = expectAllValid(Type.Array(FreeText(100), { minItems: 2, maxItems: 20, uniqueItems: true })) as string[][];
    expect(teams.every((team) => new Set(team).size === team.length)).toBe(true);
  });

  it('gives objects their required fields, and their optional ones sometimes', () => {
    const schema = object({
      id: Id,
      note: Type.Optional(FreeText(20)),
      nested: object({ at: Type.String({ format: 'date-time' }) }),
    });
    const values = expectAllValid(schema) as Array<Record<string, unknown>>;
    expect(values.some((v) => 'note' in v)).toBe(true);
    expect(values.some((v) => !('note' in v))).toBe(true);
  });

  it('keeps if/then/else rules, and reaches both branches', () => {
    const schema = when(object({ id: Id, outcome: Outcome, measure: Type.Optional(Measure) }), {
      if: { outcome: 'light-measure' },
      then: { required: ['measure'] },
      else: { forbidden: ['measure'] },
    });
    const values = expectAllValid(schema) as Array<Record<string, unknown>>;
    expect(values.some((v) => v['outcome'] === 'light-measure' && 'measure' in v)).toBe(true);
    expect(values.some((v) => v['outcome'] !== 'light-measure' && !('measure' in v))).toBe(true);
  });

  it('keeps several rules on one object, and rules of nested objects', () => {
    const Report = when(
      object({
        kind: Type.Union([Type.Literal('quarterly'), Type.Literal('annual')]),
        quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
        unitId: Type.Optional(Id),
      }),
      { if: { kind: 'quarterly' }, then: { required: ['quarter'] }, else: { forbidden: ['quarter'] } },
      { if: { kind: 'annual' }, then: { required: ['unitId'] }, else: { forbidden: ['unitId'] } },
    );
    expectAllValid(Report);
    expectAllValid(object({ report: Report, reports: Type.Array(Report, { maxItems: 3 }) }));
  });

  it('keeps dependentRequired', () => {
    const schema = Type.Object(
      { realName: Type.Optional(Type.Boolean()), reporter: Type.Optional(Type.String({ maxLength: 5 })) },
      { additionalProperties: false, dependentRequired: { reporter: ['realName'] } },
    );
    expectAllValid(schema);
  });

  it('refuses a schema it cannot generate, rather than guessing', () => {
    expect(() => arbitraryFromSchema(Type.Any())).toThrow('no generator for a Any schema');
    expect(() => arbitraryFromSchema(Type.String({ format: 'ipv4' }))).toThrow("no generator for the string format 'ipv4'");
  });
});

describe('every contract of the three services', () => {
  const operations: ApiOperation[] = [
    ...Object.values(petitionOperations),
    ...Object.values(caseManagementOperations),
    ...Object.values(supervisionOperations),
    ...Object.values(reviewOperations),
    ...Object.values(integrityOperations),
    ...Object.values(publicityOperations),
    ...Object.values(screeningOperations.petitions),
    ...Object.values(screeningOperations.caseManagement),
    ...Object.values(accusedOperations),
  ];
  it.each(operations.map((op) => [op.subject, op] as const))(
    '%s: every request generated passes the operation schema',
    (_subject, op) => {
      const validator = compileValidator(op.request);
      fc.assert(
        fc.property(arbitraryFromSchema(op.request), (request) => expect(validator.errors(request)).toEqual([])),
        { numRuns: 50 },
      );
    },
  );

  const events: EventContract[] = [
    ...Object.values(petitionsPublicEvents),
    ...Object.values(caseManagementPublicEvents),
    ...Object.values(supervisionPublicEvents),
    ...Object.values(reviewPublicEvents),
    ...Object.values(publicityPublicEvents),
  ] as EventContract[];
  it.each(events.map((contract) => [contract.type, contract] as const))(
    '%s: every data generated passes its public contract',
    (_type, contract) => {
      fc.assert(
        fc.property(arbitraryFromSchema(contract.schema), (data) => expect(contract.errors(data)).toEqual([])),
        { numRuns: 50 },
      );
    },
  );
});

describe('acceptedRequest and publishedData', () => {
  it('acceptedRequest passes checkRequest, publishedData the event contract', () => {
    const op = supervisionOperations.submitAgencyReport;
    const reports = fc.sample(acceptedRequest(op), 100);
    expect(reports.every((r) => compileValidator(op.request).check(r))).toBe(true);
    expect(new Set(reports.map((r) => r.kind))).toEqual(new Set(['quarterly', 'political-ecology']));
    const transferred = petitionsPublicEvents.PetitionTransferred;
    expect(fc.sample(publishedData(transferred), 50).every((data) => transferred.check(data))).toBe(true);
  });
});
