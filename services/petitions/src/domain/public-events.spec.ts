import { petitionsPublicEvents, type EventContract } from '@jiandu/contracts';
import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import {
  decide,
  evolve,
  initialState,
  type AcceptedData,
  type NotAcceptedData,
  type Petition,
  type PetitionCommand,
  type PetitionEvent,
  type RegisteredData,
} from './petition.js';

// Compile-time: each public contract names an event of this service, and the data the decider
// writes for it is what the contract accepts, so the relay can publish the data as it is. (Three
// types also have a private v1 shape, stored before the public contracts and never published.)
type Published = typeof petitionsPublicEvents;
type Written = { PetitionRegistered: RegisteredData; PetitionAccepted: AcceptedData; PetitionNotAccepted: NotAcceptedData };
type DataOf<K> = K extends keyof Written ? Written[K] : Extract<PetitionEvent, { type: K }>['data'];
type ContractOf<K extends keyof Published> = Published[K] extends EventContract<infer T> ? T : never;
type Conforms = {
  [K in keyof Published]: K extends PetitionEvent['type'] ? (DataOf<K> extends ContractOf<K> ? true : false) : false;
};

const conforms: Conforms = {
  PetitionRegistered: true,
  PetitionScreened: true,
  PetitionAccepted: true,
  PetitionNotAccepted: true,
  PetitionForwardedToSuperior: true,
  PetitionForwardedToSubordinate: true,
  DuplicatePetitionFiled: true,
  AcceptanceNotified: true,
  PetitionTransferred: true,
};

// ── personal data: what must never leave the petition office in an event for analysis
/** Property names that would carry a person or the petition's text. */
const PERSONAL =
  /^(\w*Name|name|reporter\w*|phone|mobile|tel|idNumber|idCard|identity|address|content|summary|lookupCode|accused\w*|note|position)$/i;
/** The real-name flag says whether a name was given, never the name. */
const FLAGS = new Set(['realName']);
/** PetitionTransferred hands the accused and the summary to 案管 for the clue (never the reporter). */
const FOR_CASE_MANAGEMENT = new Set(['accused', 'name', 'position', 'summary']);

/** Every property name in a JSON schema, nested objects and arrays included. */
function propertyNames(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[] };
  return [
    ...Object.entries(s.properties ?? {}).flatMap(([key, child]) => [key, ...propertyNames(child)]),
    ...propertyNames(s.items),
    ...(s.anyOf ?? []).flatMap(propertyNames),
  ];
}
const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)]) : [];

// A petition with a marked identity and content, taken along every path that publishes.
const NOW = new Date('2026-09-25T02:00:00.000Z');
const clerk: DecisionContext = {
  now: NOW,
  actor: { sub: 'u-1', name: '信访室干部', office: 'petition-office' as OfficeCode, roles: [], zones: [] },
};
const petitionId = 'p-1';
const MARKED = { name: '李秘密', content: '内容秘密13800000000', summary: '摘要秘密', reporterRef: 'vault-secret' };
const registration: PetitionCommand = {
  type: 'RegisterPetition',
  data: {
    petitionId,
    channel: 'online',
    realName: true,
    reporterRef: MARKED.reporterRef,
    accused: { name: MARKED.name, position: '局长', unitId: 'u-1' },
    categories: ['integrity', 'eight-rules.gifts'],
    category: '收受礼金',
    summary: MARKED.summary,
    content: MARKED.content,
  },
};
const id = { petitionId };
const PATHS: PetitionCommand[][] = [
  [
    { type: 'ScreenPetition', data: id },
    { type: 'AcceptPetition', data: id },
    { type: 'NotifyAcceptance', data: id },
  ],
  [{ type: 'RejectPetition', data: { ...id, reason: 'other-body', note: `转${MARKED.name}单位` } }],
  [{ type: 'ForwardToSuperior', data: id }],
  [{ type: 'ForwardToSubordinate', data: { ...id, body: '区教育局纪检监察组' } }],
  [{ type: 'MarkDuplicate', data: { ...id, duplicateOf: 'p-0', earlierExists: true } }],
  [
    { type: 'AcceptPetition', data: id },
    { type: 'TransferPetition', data: id },
  ],
];

/** The events of each path, as the relay would publish them (only the public types). */
function published(): PetitionEvent[] {
  const out: PetitionEvent[] = [];
  for (const path of PATHS) {
    let state: Petition = initialState();
    for (const command of [registration, ...path]) {
      const events = decide(command, state, clerk);
      if (!Array.isArray(events)) throw new Error(`${command.type}: ${events.code}`);
      out.push(...events);
      state = events.reduce(evolve, state);
    }
  }
  return out.filter((e) => e.type in petitionsPublicEvents);
}

describe('Public events of petitions', () => {
  it('are events of this service whose data the contract accepts', () => {
    expect(Object.keys(conforms).sort()).toEqual(Object.keys(petitionsPublicEvents).sort());
  });

  it('never include the private records: the particulars, notes, objections, repeat links or identity reads', () => {
    for (const type of [
      'PetitionRecorded',
      'NotAcceptanceNoted',
      'ObjectionRaised',
      'RepeatsProposed',
      'RepeatConfirmed',
      'RepeatRejected',
      'ReporterIdentityRead',
      'FeedbackDelivered',
    ])
      expect(petitionsPublicEvents).not.toHaveProperty(type);
  });

  it.each(Object.entries(petitionsPublicEvents))('%s: its schema names no personal data', (type, contract) => {
    const allowed = type === 'PetitionTransferred' ? FOR_CASE_MANAGEMENT : new Set<string>();
    const names = propertyNames(contract.schema).filter((n) => !allowed.has(n) && !FLAGS.has(n));
    expect(names.filter((n) => PERSONAL.test(n))).toEqual([]);
    // What analysis needs: which petition, channel, categories, unit, real-name flag and a date.
    expect(propertyNames(contract.schema)).toEqual(expect.arrayContaining(['petitionId', 'channel', 'categories', 'realName']));
  });

  it('a sample of every published event carries no marked personal value and passes its contract', () => {
    const events = published();
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual(Object.keys(petitionsPublicEvents).sort());
    for (const event of events) {
      const contract = (petitionsPublicEvents as unknown as Record<string, EventContract>)[event.type]!;
      expect({ type: event.type, errors: contract.errors(event.data) }).toEqual({ type: event.type, errors: [] });
      const text = JSON.stringify(event.data);
      // 案管 gets the accused and the summary for the clue; nothing else gets either, and nobody the rest.
      const forbidden =
        event.type === 'PetitionTransferred'
          ? [MARKED.content, MARKED.reporterRef, '13800000000']
          : [MARKED.name, MARKED.content, MARKED.summary, MARKED.reporterRef, '13800000000'];
      for (const value of forbidden)
        expect({ type: event.type, leaks: text.includes(value) }).toEqual({ type: event.type, leaks: false });
      const keys = keysOf(event.data).filter(
        (k) => !FLAGS.has(k) && !(event.type === 'PetitionTransferred' && FOR_CASE_MANAGEMENT.has(k)),
      );
      expect({ type: event.type, keys: keys.filter((k) => PERSONAL.test(k)) }).toEqual({ type: event.type, keys: [] });
    }
  });
});
