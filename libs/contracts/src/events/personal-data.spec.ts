// No person's name in a public event (issue 12; STYLE: no personal data in events or JetStream): a
// public event references a person (a cadre id, a subject reference) and their position; the name
// stays with the owning service's private record, behind need to know. Scanned here over every
// public contract's property names, nested objects and arrays included; the end-to-end test
// e2e/test/clues.e2e.spec.ts scans what the stream really carries.
import { latestPublicEvents, publicEventContracts } from './index.js';

/** Property names that would carry a person's name or identity. */
const PERSONAL = /^(\w*Name|name|names|reporter\w*|phone|mobile|tel|idNumber|idCard|identity|address|lookupCode)$/i;
/** Whether a name was given (实名), never the name. */
const FLAGS = new Set(['realName']);
/** Names that are not a person's: an organisation's (a unit, a collaboration zone). */
const NOT_A_PERSON = new Set(['UnitRegistered:name', 'ZoneRegistered:name']);
/** Every property path in a JSON schema, nested objects, arrays and unions included. */
function propertyPaths(schema: unknown, prefix = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
  return [
    ...Object.entries(s.properties ?? {}).flatMap(([key, child]) => [
      `${prefix}${key}`,
      ...propertyPaths(child, `${prefix}${key}.`),
    ]),
    ...propertyPaths(s.items, prefix),
    ...[...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap((c) => propertyPaths(c, prefix)),
  ];
}
const personalPaths = (contract: (typeof latestPublicEvents)[number]) =>
  propertyPaths(contract.schema)
    .filter((path) => PERSONAL.test(path.split('.').pop()!) && !FLAGS.has(path.split('.').pop()!))
    .map((path) => `${contract.type}:${path}`)
    .filter((field) => !NOT_A_PERSON.has(field));

describe('Public event contracts carry no personal name', () => {
  it.each(latestPublicEvents.map((c) => [c.subject, c] as const))('%s names no one', (_subject, contract) => {
    expect(personalPaths(contract)).toEqual([]);
  });

  it('finds a name where one is (the scan is not blind): the versions before ClueRegistered v4 and PetitionTransferred v4', () => {
    const earlier = publicEventContracts.filter((c) => !latestPublicEvents.includes(c));
    const found = earlier.flatMap(personalPaths);
    expect(found).toContain('ClueRegistered:accused.name');
    expect(found).toContain('PetitionTransferred:accused.name');
  });
});
