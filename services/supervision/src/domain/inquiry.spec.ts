import { supervisionPublicEvents } from '@jiandu/contracts';
import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from './decision.js';
import {
  decide,
  evolve,
  followUp,
  initialState,
  type InquiryCommand,
  type InquiryConfig,
  type InquiryEvent,
  type OpenInquiry,
} from './inquiry.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z'); // 10:00 in Beijing
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
type Context = DecisionContext<InquiryConfig>;
const as = (office: string, extra: Partial<Context> = {}, sub = `u-${office}`): Context => ({
  now: NOW,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
  ...extra,
});
const office = as('supervision-office-2');
const system = as('supervision-office-2', {}, 'system:supervision');

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const inquiryId = 'i-1';
const subject = { name: '张三', position: '街道办主任' };
const opening: OpenInquiry['data'] = {
  inquiryId,
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  office: 'supervision-office-2',
  subject,
  round: 1,
};
const open: InquiryCommand = { type: 'OpenInquiry', data: opening };
const { subject: _subject, ...openedData } = opening;
const opened: InquiryEvent = { type: 'InquiryOpened', data: { ...openedData, openedOn: '2026-09-25' } };
const subjectRecorded: InquiryEvent = { type: 'InquirySubjectRecorded', data: { inquiryId, subject } };
const talk: InquiryCommand = {
  type: 'ConductTalk',
  data: { inquiryId, conductedOn: '2026-09-25', summary: '当面谈话，本人作出说明' },
};
const talked: InquiryEvent = {
  type: 'TalkConducted',
  data: { inquiryId, conductedOn: '2026-09-25', summary: '当面谈话，本人作出说明' },
};
const publicOpening = {
  inquiryId,
  clueId: opening.clueId,
  clueNumber: opening.clueNumber,
  ...(opening.sourceRef ? { sourceRef: opening.sourceRef } : {}),
  unitId: opening.unitId,
  office: opening.office,
  round: opening.round,
};
const talkedPublic: InquiryEvent = {
  type: 'InquiryConducted',
  data: { ...publicOpening, mode: 'talk', conductedOn: '2026-09-25' },
};
const sentPublic: InquiryEvent = {
  type: 'InquiryConducted',
  data: { ...publicOpening, mode: 'letter', conductedOn: '2026-09-25', replyDueOn: '2026-10-22' },
};
const letter: InquiryCommand = { type: 'SendLetter', data: { inquiryId, issueSummary: '反映其违规收受礼金' } };
const sent: InquiryEvent = {
  type: 'InquiryLetterSent',
  data: { inquiryId, issueSummary: '反映其违规收受礼金', sentOn: '2026-09-25', replyDueOn: '2026-10-22', provisional: false },
};
const reply = (receivedOn: string): InquiryCommand => ({
  type: 'ReceiveReply',
  data: { inquiryId, receivedOn, summary: '书面说明' },
});
const replied = (receivedOn: string, late = false): InquiryEvent => ({
  type: 'InquiryReplyReceived',
  data: { inquiryId, receivedOn, summary: '书面说明', late },
});
const assess = (outcome: string, measure?: string): InquiryCommand =>
  ({ type: 'AssessInquiry', data: { inquiryId, outcome, ...(measure ? { measure } : {}), note: '说明属实' } }) as InquiryCommand;
const assessed = (outcome: string, measure?: string): InquiryEvent =>
  ({
    type: 'InquiryAssessed',
    data: {
      inquiryId,
      outcome,
      ...(measure ? { measure } : {}),
      note: '说明属实',
      assessedOn: '2026-09-25',
      conclusionDueOn: '2026-10-26',
    },
  }) as InquiryEvent;
const conclude = (extra: object = {}): InquiryCommand => ({
  type: 'ConcludeInquiry',
  data: { inquiryId, conclusion: '予以采信，了结', ...extra },
});
const origin = {
  inquiryId,
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  office: 'supervision-office-2',
  round: 1 as const,
};
const every: InquiryCommand[] = [talk, letter, reply('2026-09-25'), assess('accepted'), conclude()];
const base = [opened, subjectRecorded];

describe('Inquiry', () => {
  describe('when not opened yet', () => {
    it('is opened by the system once the disposition is approved, the subject kept in a private event', () => {
      given().when(open, system).then([opened, subjectRecorded]);
      expect(given([opened, subjectRecorded]).state).toMatchObject({ status: 'Approved', round: 1, subject });
    });

    it('opens a second round that points to the first', () => {
      const data = { ...opening, inquiryId: 'i-2', round: 2 as const, previousInquiryId: inquiryId };
      const result = given().when({ type: 'OpenInquiry', data }, system).events();
      expect(result).toMatchObject([
        { type: 'InquiryOpened', data: { inquiryId: 'i-2', round: 2, previousInquiryId: inquiryId } },
        {},
      ]);
    });

    it('is opened by nobody but the system', () => {
      given().when(open, office).thenError('SYSTEM_ONLY', 403);
      given().when(open, as('leadership')).thenError('SYSTEM_ONLY', 403);
    });

    it.each([
      ['a clue number outside XS-<year>-<6 digits>', { clueNumber: 'XS-26-1' }, 'clueNumber'],
      ['an office that handles no clues', { office: 'petition-office' }, 'office'],
      ['a subject without a name', { subject: { ...subject, name: ' ' } }, 'subject.name'],
      ['a third round', { round: 3 }, 'round'],
      ['a second round without the first', { round: 2 }, 'previousInquiryId'],
      ['a first round with a previous inquiry', { previousInquiryId: 'i-0' }, 'previousInquiryId'],
      ['an empty source reference', { sourceRef: '' }, 'sourceRef'],
      ['an empty inquiry id', { inquiryId: '' }, 'inquiryId'],
    ])('refuses %s', (_what, patch, path) => {
      given()
        .when({ type: 'OpenInquiry', data: { ...opening, ...patch } as unknown as OpenInquiry['data'] }, system)
        .thenError('INVALID_INPUT', 400, path);
    });

    it.each(every.map((c) => [c.type, c]))('cannot be acted on: %s', (_type, command) => {
      given().when(command, office).thenError('INQUIRY_NOT_FOUND', 404);
    });
  });

  describe('when approved', () => {
    it('cannot be opened twice', () => {
      given(base).when(open, system).thenError('INQUIRY_ALREADY_OPENED', 409);
    });

    it.each(every.map((c) => [c.type, c]))('is acted on by the handling office only: %s', (_type, command) => {
      given(base).when(command, as('supervision-office-3')).thenError('FORBIDDEN_OFFICE', 403);
      given(base).when(command, as('leadership')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('records a talk', () => {
      given(base).when(talk, office).then([talked, talkedPublic]);
      expect(supervisionPublicEvents.InquiryConducted.errors(talkedPublic.data)).toEqual([]);
      expect(given([...base, talked]).state).toMatchObject({ status: 'TalkConducted', conductedOn: '2026-09-25' });
    });

    it('refuses a talk dated in the future or before the inquiry', () => {
      const on = (conductedOn: string): InquiryCommand => ({
        type: 'ConductTalk',
        data: { inquiryId, conductedOn, summary: '谈话' },
      });
      given(base).when(on('2026-09-26'), office).thenError('DATE_IN_FUTURE', 422, 'conductedOn');
      given(base).when(on('2026-09-24'), office).thenError('DATE_BEFORE_START', 422, 'conductedOn');
    });

    it('sends a letter on 2026-09-25 whose reply is due 15 working days later, across National Day: 2026-10-22', () => {
      given(base).when(letter, office).then([sent, sentPublic]);
      expect(supervisionPublicEvents.InquiryConducted.errors(sentPublic.data)).toEqual([]);
      expect(sentPublic.data).not.toHaveProperty('issueSummary');
      expect(given([...base, sent]).state).toMatchObject({
        status: 'LetterSent',
        letter: { sentOn: '2026-09-25', replyDueOn: '2026-10-22' },
      });
    });

    it('takes the reply limit from config', () => {
      const result = given(base)
        .when(letter, as('supervision-office-2', { config: { replyWorkingDays: 5 } }))
        .events();
      expect(result).toMatchObject([
        { data: { replyDueOn: '2026-10-09' } },
        { data: { mode: 'letter', replyDueOn: '2026-10-09' } },
      ]);
    });

    it('marks a reply deadline in a year without an official calendar as provisional', () => {
      const result = given(base)
        .when(letter, as('supervision-office-2', { now: on('2026-12-20') }))
        .events();
      expect(result.slice(0, 1)).toMatchObject([{ data: { sentOn: '2026-12-20', provisional: true } }]);
    });

    it('puts only a summary of the issue in the letter', () => {
      const result = given(base).when(letter, office).events();
      expect(Object.keys(result[0]?.data ?? {}).sort()).toEqual([
        'inquiryId',
        'issueSummary',
        'provisional',
        'replyDueOn',
        'sentOn',
      ]);
    });

    it.each([reply('2026-09-25'), assess('accepted'), conclude()].map((c) => [c.type, c]))(
      'refuses %s before a talk or a letter',
      (_t, command) => {
        given(base).when(command, office).thenError('INQUIRY_WRONG_STATE', 409);
      },
    );
  });

  describe('when a letter was sent', () => {
    const sentState = [...base, sent];

    it('takes a reply in time', () => {
      given(sentState)
        .when(reply('2026-10-22'), as('supervision-office-2', { now: on('2026-10-23') }))
        .then([replied('2026-10-22')]);
      expect(given([...sentState, replied('2026-10-22')]).state).toMatchObject({ status: 'Replied', late: false });
    });

    it('marks a reply received after the due day as late', () => {
      given(sentState)
        .when(reply('2026-10-23'), as('supervision-office-2', { now: on('2026-10-23') }))
        .then([replied('2026-10-23', true)]);
    });

    it('refuses a reply dated before the letter or in the future', () => {
      given(sentState).when(reply('2026-09-24'), office).thenError('DATE_BEFORE_START', 422, 'receivedOn');
      given(sentState).when(reply('2026-09-26'), office).thenError('DATE_IN_FUTURE', 422, 'receivedOn');
    });

    it.each([letter, talk, assess('accepted')].map((c) => [c.type, c]))('refuses %s before the reply', (_t, command) => {
      given(sentState).when(command, office).thenError('INQUIRY_WRONG_STATE', 409);
    });
  });

  describe('when talked to or replied', () => {
    it.each([
      ['after a talk', [...base, talked]],
      ['after a reply', [...base, sent, replied('2026-09-25')]],
    ])('is assessed %s; the conclusion is due 30 days later', (_when, events) => {
      given(events)
        .when(assess('accepted'), office)
        .then([assessed('accepted')]);
      expect(given([...events, assessed('accepted')]).state).toMatchObject({
        status: 'Assessed',
        assessment: { conclusionDueOn: '2026-10-26' },
      });
    });

    it('takes the conclusion limit from config', () => {
      const result = given([...base, talked])
        .when(assess('accepted'), as('supervision-office-2', { config: { conclusionDays: 10 } }))
        .events();
      expect(result).toMatchObject([{ data: { conclusionDueOn: '2026-10-08' } }]);
    });

    it('takes a light measure with its kind', () => {
      given([...base, talked])
        .when(assess('light-measure', 'criticism'), office)
        .then([assessed('light-measure', 'criticism')]);
    });

    it('allows no third round', () => {
      const second: InquiryEvent = {
        type: 'InquiryOpened',
        data: { ...openedData, inquiryId, round: 2, previousInquiryId: 'i-0', openedOn: '2026-09-25' },
      };
      given([second, subjectRecorded, talked]).when(assess('second-round'), office).thenError('NO_THIRD_ROUND', 422);
    });

    it('cannot be concluded before the assessment', () => {
      given([...base, talked])
        .when(conclude(), office)
        .thenError('INQUIRY_WRONG_STATE', 409);
    });
  });

  describe('when assessed', () => {
    const at = (outcome: string, measure?: string) => [...base, talked, assessed(outcome, measure)];

    it('is concluded; the written conclusion stays in a private event', () => {
      given(at('accepted'))
        .when(conclude(), office)
        .then([
          { type: 'InquiryConcluded', data: { ...origin, outcome: 'accepted', concludedOn: '2026-09-25' } },
          { type: 'InquiryConclusionRecorded', data: { inquiryId, conclusion: '予以采信，了结' } },
        ]);
    });

    it('carries the light measure into the conclusion', () => {
      const result = given(at('light-measure', 'admonishment')).when(conclude(), office).events();
      expect(result).toMatchObject([{ data: { outcome: 'light-measure', measure: 'admonishment' } }, {}]);
    });

    it('names the second round after the clue, and leads to it', () => {
      const result = given(at('second-round')).when(conclude(), office).events();
      expect(result).toMatchObject([{ data: { outcome: 'second-round', nextInquiryId: 'i-c-1-2' } }, {}]);
      const state = given([...at('second-round'), ...result]).state;
      expect(state).toMatchObject({ status: 'Concluded', conclusion: '予以采信，了结' });
      expect(followUp(state)).toEqual({
        type: 'OpenInquiry',
        data: {
          inquiryId: 'i-c-1-2',
          clueId: 'c-1',
          clueNumber: 'XS-2026-000001',
          sourceRef: 'p-1',
          unitId: 'unit-1',
          office: 'supervision-office-2',
          subject,
          round: 2,
          previousInquiryId: inquiryId,
        },
      });
    });

    it('converts to a verification of the same clue, named after it as a disposition would name it', () => {
      const result = given(at('convert-to-verification')).when(conclude(), office).events();
      expect(result).toMatchObject([{ data: { outcome: 'convert-to-verification', verificationId: 'v-c-1' } }, {}]);
      const state = given([...at('convert-to-verification'), ...result]).state;
      expect(followUp(state)).toMatchObject({
        type: 'OpenVerification',
        data: { verificationId: 'v-c-1', clueId: 'c-1', subject, fromInquiryId: inquiryId },
      });
    });

    it('starts nothing the assessment did not decide', () => {
      const result = given(at('accepted')).when(conclude(), office).events();
      expect(result[0]?.data).not.toHaveProperty('nextInquiryId');
      expect(result[0]?.data).not.toHaveProperty('verificationId');
    });

    it('cannot be assessed twice', () => {
      given(at('accepted')).when(assess('accepted'), office).thenError('INQUIRY_WRONG_STATE', 409);
    });
  });

  describe('when concluded', () => {
    const done = [
      ...base,
      talked,
      assessed('accepted'),
      { type: 'InquiryConcluded', data: { ...origin, outcome: 'accepted', concludedOn: '2026-09-25' } } as InquiryEvent,
    ];

    it.each(every.map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given(done).when(command, office).thenError('INQUIRY_WRONG_STATE', 409);
    });

    it('starts nothing when accepted', () => {
      expect(followUp(given(done).state)).toBeUndefined();
    });
  });
});
