import { encodeEnvelope, toEnvelope } from '../envelope.js';
import { ContractRegistry, type EventContract } from '../registry.js';
import {
  caseManagementPublicEvents,
  ClueRegisteredV1,
  ClueRegisteredV2,
  ClueRegisteredV3,
  ClueRegisteredV4,
  DispositionApprovedV1,
  IntegrityEntryAppendedV1,
  IntegrityEntryAppendedV2,
  latestPublicEvents,
  PetitionTransferredV1,
  PetitionTransferredV2,
  PetitionTransferredV3,
  PetitionTransferredV4,
  petitionsPublicEvents,
  publicEventContracts,
  publishedVersions,
  reviewPublicEvents,
  supervisionPublicEvents,
  UnitRegisteredV1,
  widening,
  withEarlierVersions,
} from './index.js';

/** The public events whose latest version is not 1. */
const LATEST: Record<string, number> = {
  PetitionTransferred: 4,
  ClueRegistered: 4,
  // v1 was petitions' private record, never published (libs/contracts/src/events/petitions/index.ts).
  PetitionRegistered: 2,
  PetitionAccepted: 2,
  PetitionNotAccepted: 2,
  // v2 adds 组宣部's opinion reply (its kind and citations).
  IntegrityEntryAppended: 2,
  // v1 was supervision's private record with the response's text, never published.
  RecommendationResponded: 2,
  VerificationExtended: 2,
  RectificationReopened: 2,
  PoliticalEcologyReportSubmitted: 2,
  // v1 was case-management's private record, never published (issue 12).
  ClueLinkedToCadre: 2,
  // v2 adds the cadre the clue is linked to (issue 12).
  InquiryConcluded: 2,
  VerificationDecided: 2,
  // v2 adds the cadre the case's clue is linked to (issue 12).
  CaseFiled: 2,
  CaseFilingRejected: 2,
  CaseTransferredToReview: 2,
  SanctionDecided: 2,
  ReviewConcludedWithoutSanction: 2,
  // v2 adds the cadre the sanction decided carried (issue 12).
  SanctionEffectEnded: 2,
};

const transferred: PetitionTransferredV1 = {
  petitionId: 'p-1',
  accused: { name: '张三', position: '街道办主任', unitId: 'unit-1' },
  category: '违反中央八项规定精神',
  summary: '公款吃喝',
  channel: 'letter',
  realName: true,
  transferredAt: '2026-09-25T02:00:00.000Z',
};
const registered: ClueRegisteredV1 = {
  clueId: 'c-p-1',
  number: 'XS-2026-000001',
  source: 'petition',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  zoneId: 'zone-1',
  accused: transferred.accused,
  category: transferred.category,
  summary: transferred.summary,
  registeredAt: '2026-09-25T02:00:01.000Z',
};

describe('Public event contracts', () => {
  it('are named by service, type and version on their subject', () => {
    expect(PetitionTransferredV1.subject).toBe('jiandu.evt.petitions.PetitionTransferred.v1');
    expect(DispositionApprovedV1.subject).toBe('jiandu.evt.case-management.DispositionApproved.v1');
  });

  it('are listed under the internal event type they publish', () => {
    for (const [service, map] of [
      ['petitions', petitionsPublicEvents],
      ['case-management', caseManagementPublicEvents],
      ['supervision', supervisionPublicEvents],
      ['review', reviewPublicEvents],
    ] as const) {
      for (const [type, contract] of Object.entries(map)) {
        expect(contract).toMatchObject({ service, type, version: LATEST[type] ?? 1, public: true });
      }
    }
    // Each service's listed contracts are among the latest, once each (the count follows the lists).
    const listed = [petitionsPublicEvents, caseManagementPublicEvents, supervisionPublicEvents].flatMap((m) => Object.values(m));
    expect(latestPublicEvents).toEqual(expect.arrayContaining(listed));
    expect(new Set(latestPublicEvents.map((c) => c.subject)).size).toBe(latestPublicEvents.length);
    // The earlier versions still in the stream: every version below each listed contract's latest.
    const earlier = latestPublicEvents.reduce((n, c) => n + publishedVersions(c).length - 1, 0);
    expect(earlier).toBeGreaterThan(0);
    expect(publicEventContracts).toHaveLength(latestPublicEvents.length + earlier);
  });

  it('register together without clashes, every version with its upcasters', () => {
    expect(() => withEarlierVersions(new ContractRegistry().register(...latestPublicEvents))).not.toThrow();
    expect(() => new ContractRegistry().register(...publicEventContracts)).not.toThrow();
  });

  it("publishes a clue's link to a cadre with ids, the day and the office: no name, no reason (issue 12)", () => {
    const link = caseManagementPublicEvents.ClueLinkedToCadre;
    const data = { clueId: 'c-p-1', cadreId: 'cadre-1', linkedOn: '2026-09-25', office: 'case-management' };
    expect(link.errors(data)).toEqual([]);
    expect(link.check({ ...data, name: '张三' })).toBe(false);
    expect(link.check({ ...data, reason: '信访件所反映的人即该干部' })).toBe(false);
    expect(link.check({ ...data, linkedOn: '2026-09-25T02:00:00Z' })).toBe(false);
    expect(publishedVersions(link)).toEqual([link]);
  });

  /** A stored v1 of each event that gained the clue's linked cadre in v2 (issue 12): its own facts. */
  const subject = { subjectRef: 'c-1', subjectPosition: '主任' };
  const caseFacts = { caseId: 'case-c-1', verificationId: 'ver-1', ...subject };
  const earlierFacts = {
    InquiryConcluded: { inquiryId: 'inq-1', round: 1, outcome: 'light-measure', measure: 'reminder', concludedOn: '2026-09-25' },
    VerificationDecided: { verificationId: 'ver-1', decision: 'light-measure', decidedOn: '2026-09-25' },
    CaseFiled: { ...caseFacts, escalated: false, filedOn: '2026-09-25', dueOn: '2026-12-25' },
    CaseFilingRejected: { ...caseFacts, escalated: true, rejectedOn: '2026-09-25' },
    CaseTransferredToReview: {
      ...caseFacts,
      subjectHeadsLowerCommittee: false,
      round: 1,
      findings: '违规接受宴请',
      proposedSanction: { party: { kind: 'warning' } },
      transferredOn: '2026-09-25',
    },
    SanctionDecided: {
      caseId: 'case-c-1',
      ...subject,
      party: { kind: 'warning', effectiveFrom: '2026-09-25', effectiveUntil: '2027-03-24', rule: '纪律处分条例' },
      escalated: false,
      decidedOn: '2026-09-25',
    },
    ReviewConcludedWithoutSanction: {
      caseId: 'case-c-1',
      ...subject,
      outcome: 'exempted',
      escalated: false,
      concludedOn: '2026-09-25',
    },
  } as const;
  const latestOf = (type: keyof typeof earlierFacts): EventContract<unknown> =>
    type === 'SanctionDecided' || type === 'ReviewConcludedWithoutSanction'
      ? reviewPublicEvents[type]
      : supervisionPublicEvents[type];

  it.each(Object.keys(earlierFacts) as (keyof typeof earlierFacts)[])(
    "carries the clue's linked cadre in the latest %s, a stored earlier version upcast as it was (no cadre)",
    (type) => {
      const latest = latestOf(type);
      const [first, ...later] = publishedVersions(latest) as EventContract<unknown>[];
      expect(later.at(-1)).toBe(latest);
      expect(latest.version).toBe(2);
      const v1 = {
        ...earlierFacts[type],
        clueId: 'c-1',
        clueNumber: 'XS-2026-000001',
        unitId: 'u-1',
        office: 'supervision-office-1',
      };
      expect(first?.errors(v1)).toEqual([]);
      expect(first?.check({ ...v1, cadreId: 'cadre-1' })).toBe(false);
      expect(latest.errors(v1)).toEqual([]);
      expect(latest.errors({ ...v1, cadreId: 'cadre-1' })).toEqual([]);
      expect(latest.check({ ...v1, cadreId: '' })).toBe(false);
      expect(latest.check({ ...v1, cadreId: 'cadre-1', name: '张三' })).toBe(false);
      const registry = withEarlierVersions(new ContractRegistry().register(latest));
      const decoded = registry.decode(
        first?.subject ?? '',
        encodeEnvelope(
          toEnvelope(first ?? latest, v1, {
            eventId: '00000000-0000-4000-8000-000000000201',
            occurredAt: '2026-09-25T02:00:00.000Z',
            actor: { sub: 'u-1', name: '测试', office: 'supervision-office-1' },
            correlationId: 'c-1',
            streamId: 's-1',
            streamVersion: 1,
          }),
        ),
      );
      expect(decoded).toMatchObject({ ok: true, contract: latest, data: v1 });
    },
  );

  it("carries the sanction's cadre in the latest SanctionEffectEnded, a stored v1 upcast as it was (no cadre)", () => {
    const latest: EventContract<unknown> = reviewPublicEvents.SanctionEffectEnded;
    const [first, ...later] = publishedVersions(latest) as EventContract<unknown>[];
    expect(later.at(-1)).toBe(latest);
    expect(latest.version).toBe(2);
    const v1 = { caseId: 'case-c-1', subjectRef: 'c-1', side: 'party', effectiveUntil: '2027-03-24', endedOn: '2027-03-25' };
    expect(first?.errors(v1)).toEqual([]);
    expect(first?.check({ ...v1, cadreId: 'cadre-1' })).toBe(false);
    expect(latest.errors(v1)).toEqual([]);
    expect(latest.errors({ ...v1, cadreId: 'cadre-1' })).toEqual([]);
    expect(latest.check({ ...v1, cadreId: '' })).toBe(false);
    expect(latest.check({ ...v1, cadreId: 'cadre-1', name: '张三' })).toBe(false);
    const registry = withEarlierVersions(new ContractRegistry().register(latest));
    const decoded = registry.decode(
      first?.subject ?? '',
      encodeEnvelope(
        toEnvelope(first ?? latest, v1, {
          eventId: '00000000-0000-4000-8000-000000000202',
          occurredAt: '2027-03-25T02:00:00.000Z',
          actor: { sub: 'system:review', name: '系统', office: 'review-office' },
          correlationId: 'effect-case-c-1-party',
          streamId: 'review-case-c-1',
          streamVersion: 9,
        }),
      ),
    );
    expect(decoded).toMatchObject({ ok: true, contract: latest, data: v1 });
  });

  it('widens IntegrityEntryAppended for the opinion reply in v2, v1 as it was published', () => {
    const sanction = {
      cadreId: 'k-1',
      entryId: 'k-1:1',
      kind: 'sanction' as const,
      sourceType: 'SanctionDecided',
      sourceRef: 'case-1',
      sourceEventId: 'e-1',
      occurredOn: '2026-09-25',
    };
    const reply = {
      ...sanction,
      entryId: 'k-1:2',
      kind: 'opinion-reply' as const,
      sourceType: 'OpinionReplied',
      outcome: 'postponed',
      citations: [{ kind: 'verification' as const, number: 'XS-2026-000001' }],
    };
    expect(IntegrityEntryAppendedV1.errors(sanction)).toEqual([]);
    expect(IntegrityEntryAppendedV2.errors(sanction)).toEqual([]);
    expect(IntegrityEntryAppendedV2.errors(reply)).toEqual([]);
    expect(IntegrityEntryAppendedV1.check(reply)).toBe(false);
    expect(IntegrityEntryAppendedV1.check({ ...sanction, citations: reply.citations })).toBe(false);
    expect(IntegrityEntryAppendedV2.check({ ...reply, citations: [{ kind: 'verification', number: 'x', name: '张三' }] })).toBe(
      false,
    );
    expect(publishedVersions(IntegrityEntryAppendedV2)).toEqual([IntegrityEntryAppendedV1, IntegrityEntryAppendedV2]);
  });

  describe('widened in a new version, never in place (ADR 0012)', () => {
    const v1 = encodeEnvelope(
      toEnvelope(PetitionTransferredV1, transferred, {
        eventId: '00000000-0000-4000-8000-000000000001',
        occurredAt: '2026-09-25T02:00:00.000Z',
        actor: { sub: 'u-1', name: '信访室干部', office: 'petition-office' },
        correlationId: 'c-1',
        streamId: 'petition-p-1',
        streamVersion: 3,
      }),
    );

    it('keeps v1 as it was published: category 50, position 100', () => {
      expect(PetitionTransferredV1.check({ ...transferred, category: '长'.repeat(51) })).toBe(false);
      expect(
        PetitionTransferredV1.check({ ...transferred, accused: { ...transferred.accused, position: '长'.repeat(101) } }),
      ).toBe(false);
      expect(ClueRegisteredV1.check({ ...registered, category: '长'.repeat(51) })).toBe(false);
    });

    it('carries a category of 64 and a position of 200 in v2, and nothing longer', () => {
      const wide = { category: '长'.repeat(64), accused: { ...transferred.accused, position: '长'.repeat(200) } };
      expect(PetitionTransferredV2.errors({ ...transferred, ...wide })).toEqual([]);
      expect(
        ClueRegisteredV2.errors({ ...registered, ...wide, accused: { ...registered.accused, position: '长'.repeat(200) } }),
      ).toEqual([]);
      expect(PetitionTransferredV2.check({ ...transferred, category: '长'.repeat(65) })).toBe(false);
      expect(ClueRegisteredV2.check({ ...registered, accused: { ...registered.accused, position: '长'.repeat(201) } })).toBe(
        false,
      );
      expect(PetitionTransferredV2.check({ ...transferred, reporterRef: 'r-1' })).toBe(false);
    });

    it('publishes v2 on its own subject, so a v1 consumer never sees it', () => {
      expect(PetitionTransferredV2.subject).toBe('jiandu.evt.petitions.PetitionTransferred.v2');
      expect(ClueRegisteredV2.subject).toBe('jiandu.evt.case-management.ClueRegistered.v2');
      const transfer = publishedVersions(PetitionTransferredV2);
      expect(transfer.map((c) => c.version)).toEqual(transfer.map((_, i) => i + 1));
      expect(transfer.slice(0, 4)).toEqual([
        PetitionTransferredV1,
        PetitionTransferredV2,
        PetitionTransferredV3,
        PetitionTransferredV4,
      ]);
      const clue = publishedVersions(caseManagementPublicEvents.ClueRegistered);
      expect(clue.map((c) => c.version)).toEqual(clue.map((_, i) => i + 1));
      expect(clue.slice(0, 4)).toEqual([ClueRegisteredV1, ClueRegisteredV2, ClueRegisteredV3, ClueRegisteredV4]);
    });

    it('reads a ClueRegistered v1 or v2 (free-text category) as the latest: coded other, the text kept, no name', () => {
      const registry = withEarlierVersions(new ContractRegistry().register(...latestPublicEvents));
      const { accused, ...facts } = registered;
      for (const contract of [ClueRegisteredV1, ClueRegisteredV2]) {
        const message = encodeEnvelope(
          toEnvelope(contract, registered, {
            eventId: `00000000-0000-4000-8000-00000000010${contract.version}`,
            occurredAt: registered.registeredAt,
            actor: { sub: 'system:case-management', name: '案管室自动登记', office: 'case-management' },
            correlationId: 'c-1',
            streamId: 'clue-c-p-1',
            streamVersion: 1,
          }),
        );
        const decoded = registry.decode(contract.subject, message);
        expect(decoded).toMatchObject({
          ok: true,
          contract: caseManagementPublicEvents.ClueRegistered,
          data: {
            ...facts,
            accused: { subjectRef: registered.clueId, position: accused.position, unitId: accused.unitId },
            categories: ['other'],
            category: registered.category,
          },
        });
        expect(JSON.stringify(decoded.ok && decoded.data)).not.toContain(accused.name);
      }
      expect(ClueRegisteredV3.check({ ...registered, source: 'inspection-tour', categories: ['eight-rules.banqueting'] })).toBe(
        true,
      );
      expect(ClueRegisteredV3.check({ ...registered, categories: [] })).toBe(false);
      expect(ClueRegisteredV3.check({ ...registered, categories: ['no-such-code'] })).toBe(false);
    });

    it('decodes a v1 message as the latest (coded other, the text kept, no name), once the earlier versions are registered', () => {
      const latestOnly = new ContractRegistry().register(...latestPublicEvents);
      expect(latestOnly.decode(PetitionTransferredV1.subject, v1)).toMatchObject({ ok: false, reason: 'unknown-version' });
      const decoded = withEarlierVersions(new ContractRegistry().register(...latestPublicEvents)).decode(
        PetitionTransferredV1.subject,
        v1,
      );
      const { accused, ...facts } = transferred;
      expect(decoded).toMatchObject({
        ok: true,
        contract: petitionsPublicEvents.PetitionTransferred,
        data: { ...facts, accused: { position: accused.position, unitId: accused.unitId }, categories: ['other'] },
      });
      expect(JSON.stringify(decoded.ok && decoded.data)).not.toContain(accused.name);
    });

    it('carries coded categories in PetitionTransferred v3, the text optional', () => {
      const { category: _text, ...coded } = { ...transferred, categories: ['eight-rules.gifts', 'integrity'] };
      expect(PetitionTransferredV3.errors(coded)).toEqual([]);
      expect(PetitionTransferredV3.check({ ...coded, categories: [] })).toBe(false);
      expect(PetitionTransferredV3.check({ ...coded, categories: ['no-such-code'] })).toBe(false);
      expect(PetitionTransferredV3.check({ ...coded, content: '内容' })).toBe(false);
    });

    it('still refuses a v1 message that breaks v1, though v2 would take it', () => {
      const registry = withEarlierVersions(new ContractRegistry().register(...latestPublicEvents));
      const long = encodeEnvelope({
        ...JSON.parse(new TextDecoder().decode(v1)),
        data: { ...transferred, category: '长'.repeat(60) },
      });
      expect(registry.decode(PetitionTransferredV1.subject, long)).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it('upcasts by widening only to the next version of the same event, keeping the data as it is', () => {
      expect(widening(PetitionTransferredV1, PetitionTransferredV2)).toMatchObject({
        service: 'petitions',
        type: 'PetitionTransferred',
        fromVersion: 1,
      });
      expect(widening(ClueRegisteredV1, ClueRegisteredV2).up(registered)).toBe(registered);
      expect(() => widening(PetitionTransferredV2, PetitionTransferredV1)).toThrow('is not the next version');
      expect(() => widening(ClueRegisteredV1, PetitionTransferredV2 as never)).toThrow('is not the next version');
    });
  });

  describe('PetitionTransferred v4: the accused by position and unit, never by name (issue 12)', () => {
    const { accused, ...facts } = transferred;
    const v3: PetitionTransferredV3 = { ...transferred, categories: ['eight-rules.banqueting'] };

    it('refuses the name, and takes the position and the unit', () => {
      const v4 = { ...facts, categories: v3.categories, accused: { position: accused.position, unitId: accused.unitId } };
      expect(PetitionTransferredV4.errors(v4)).toEqual([]);
      expect(PetitionTransferredV4.check({ ...v4, accused: { ...v4.accused, name: accused.name } })).toBe(false);
    });

    it('reads a v3 message as the latest with the name dropped, the rest kept', () => {
      const registry = withEarlierVersions(new ContractRegistry().register(...latestPublicEvents));
      const message = encodeEnvelope(
        toEnvelope(PetitionTransferredV3, v3, {
          eventId: '00000000-0000-4000-8000-000000000331',
          occurredAt: transferred.transferredAt,
          actor: { sub: 'u-1', name: '信访室干部', office: 'petition-office' },
          correlationId: 'c-1',
          streamId: 'petition-p-1',
          streamVersion: 4,
        }),
      );
      const decoded = registry.decode(PetitionTransferredV3.subject, message);
      expect(decoded).toMatchObject({
        ok: true,
        contract: petitionsPublicEvents.PetitionTransferred,
        data: { ...facts, categories: v3.categories, accused: { position: accused.position, unitId: accused.unitId } },
      });
      expect(JSON.stringify(decoded.ok && decoded.data)).not.toContain(accused.name);
    });
  });

  describe('ClueRegistered v4: the accused by reference, never by name (issue 12)', () => {
    const { accused, ...facts } = registered;
    const v3 = { ...facts, accused, categories: ['eight-rules.banqueting'] };

    it('refuses the name, and takes the subject reference, the position and the unit', () => {
      const v4 = { ...v3, accused: { subjectRef: 'c-p-1', position: accused.position, unitId: accused.unitId } };
      expect(ClueRegisteredV4.errors(v4)).toEqual([]);
      expect(ClueRegisteredV4.check({ ...v4, accused: { ...v4.accused, name: accused.name } })).toBe(false);
      expect(ClueRegisteredV4.check({ ...v4, accused: { position: accused.position, unitId: accused.unitId } })).toBe(false);
    });

    it('reads a v3 message as v4 with the name dropped, the clue as the subject reference', () => {
      const registry = withEarlierVersions(new ContractRegistry().register(...latestPublicEvents));
      const message = encodeEnvelope(
        toEnvelope(ClueRegisteredV3, v3, {
          eventId: '00000000-0000-4000-8000-000000000301',
          occurredAt: registered.registeredAt,
          actor: { sub: 'system:case-management', name: '案管室自动登记', office: 'case-management' },
          correlationId: 'c-1',
          streamId: 'clue-c-p-1',
          streamVersion: 1,
        }),
      );
      const decoded = registry.decode(ClueRegisteredV3.subject, message);
      expect(decoded).toMatchObject({ ok: true, contract: caseManagementPublicEvents.ClueRegistered });
      if (!decoded.ok) return;
      expect(decoded.data).toMatchObject({
        clueId: 'c-p-1',
        accused: { subjectRef: 'c-p-1', position: accused.position, unitId: accused.unitId },
      });
      expect(JSON.stringify(decoded.data)).not.toContain(accused.name);
    });
  });

  describe('PetitionTransferred v1', () => {
    it('accepts a transfer', () => {
      expect(PetitionTransferredV1.errors(transferred)).toEqual([]);
    });

    it.each(['reporterRef', 'reporterName', 'phone', 'idNumber', 'address', 'lookupCode', 'content'])(
      'refuses to carry %s',
      (field) => {
        expect(PetitionTransferredV1.check({ ...transferred, [field]: 'x' })).toBe(false);
      },
    );

    it('refuses unknown fields on the accused too', () => {
      expect(PetitionTransferredV1.check({ ...transferred, accused: { ...transferred.accused, phone: '1' } })).toBe(false);
    });

    it('refuses an empty or overly long summary', () => {
      expect(PetitionTransferredV1.check({ ...transferred, summary: '' })).toBe(false);
      expect(PetitionTransferredV1.check({ ...transferred, summary: 's'.repeat(501) })).toBe(false);
    });
  });

  describe('case-management v1 events', () => {
    it('take a clue number only as XS-<year>-<6 digits>', () => {
      const clue = {
        clueId: 'c-1',
        number: 'XS-2026-000001',
        kind: 'close',
        unitId: 'unit-1',
        assignedOffice: 'supervision-office-2',
        sourceRef: 'p-1',
      };
      expect(DispositionApprovedV1.errors(clue)).toEqual([]);
      expect(DispositionApprovedV1.check({ ...clue, number: 'XS-26-1' })).toBe(false);
      expect(DispositionApprovedV1.check({ ...clue, kind: 'forget' })).toBe(false);
      expect(DispositionApprovedV1.check({ ...clue, assignedOffice: 'petition-office' })).toBe(false);
    });

    it('refuses a negative or fractional staff count', () => {
      const unit = { unitId: 'u', name: '街道', staffCount: 3 };
      expect(UnitRegisteredV1.check(unit)).toBe(true);
      expect(UnitRegisteredV1.check({ ...unit, staffCount: -1 })).toBe(false);
      expect(UnitRegisteredV1.check({ ...unit, staffCount: 1.5 })).toBe(false);
    });

    it('refuses a clue from an unknown source', () => {
      expect(ClueRegisteredV1.check({ source: 'rumour' })).toBe(false);
    });
  });
});
