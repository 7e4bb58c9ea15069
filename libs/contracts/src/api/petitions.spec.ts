import fc from 'fast-check';
import type { TObject, TSchema } from '@sinclair/typebox';
import { petitionsPublicEvents } from '../events/index.js';
import { checkRequest, type ApiOperation } from './operation.js';
import { petitionOperations as ops, RegisterPetitionRequest } from './petitions.js';

const anonymous = {
  channel: 'online',
  realName: false,
  accused: { name: '张三', position: '主任', unitId: 'unit-1' },
  category: '其他',
  summary: '摘要',
  content: '内容',
};
const reporter = { name: '举报人', phone: '13800138000', idNumber: '610111199001011234', address: '某路1号' };

const maxLength = (schema: TSchema, ...path: string[]): number =>
  path.reduce((s, key) => (s as TObject).properties[key] as TSchema, schema)['maxLength'] as number;

describe('petitions contract', () => {
  describe('register-petition', () => {
    const op = ops.registerPetition;

    it('says "real name ⇔ reporter" in the schema itself, as OpenAPI 3.1 if/then/else, with no refine', () => {
      expect(RegisterPetitionRequest).toMatchObject({
        if: { properties: { realName: { const: true } }, required: ['realName'] },
        then: { required: ['reporter'] },
        else: { not: { required: ['reporter'] } },
      });
    });

    it('takes a real-name petition with its reporter, and an anonymous one without', () => {
      expect(checkRequest(op, { ...anonymous, realName: true, reporter }).ok).toBe(true);
      expect(checkRequest(op, anonymous).ok).toBe(true);
    });

    it('refuses a real-name petition without its reporter, and an anonymous one with a reporter, naming the field in both languages', () => {
      expect(checkRequest(op, { ...anonymous, realName: true })).toEqual({
        ok: false,
        fields: [
          { path: 'reporter', message: { zh: '实名举报必须填写举报人信息', en: 'a real-name petition needs the reporter' } },
        ],
      });
      expect(checkRequest(op, { ...anonymous, reporter })).toEqual({
        ok: false,
        fields: [
          {
            path: 'reporter',
            message: { zh: '匿名举报不得填写举报人信息', en: 'an anonymous petition must not carry a reporter' },
          },
        ],
      });
    });

    it('accepts only what the transfer to 案管 can carry (PetitionTransferred at the version petitions publishes; the name is not on it)', () => {
      const transferred = petitionsPublicEvents.PetitionTransferred.schema;
      for (const path of [['category'], ['summary'], ['accused', 'position'], ['accused', 'unitId']]) {
        expect(maxLength(RegisterPetitionRequest, ...path)).toBeLessThanOrEqual(maxLength(transferred, ...path));
      }
    });

    it('accepts a category of 64 characters and an accused position of 200 (issue 9: 60 and 150 were refused)', () => {
      expect(maxLength(RegisterPetitionRequest, 'category')).toBe(64);
      expect(maxLength(RegisterPetitionRequest, 'accused', 'position')).toBe(200);
      const lengths = [
        [60, 150],
        [64, 200],
      ] as const;
      for (const [category, position] of lengths) {
        expect(
          checkRequest(op, {
            ...anonymous,
            category: '长'.repeat(category),
            accused: { ...anonymous.accused, position: '长'.repeat(position) },
          }).ok,
        ).toBe(true);
      }
    });

    it('takes coded categories, the text and the commission-head flag as optional, and refuses an unknown code', () => {
      const { category: _text, ...uncoded } = anonymous;
      expect(checkRequest(op, uncoded).ok).toBe(true);
      expect(
        checkRequest(op, { ...uncoded, categories: ['integrity', 'eight-rules.gifts'], concernsCommissionHead: true }).ok,
      ).toBe(true);
      for (const categories of [[], ['no-such-code'], ['integrity', 'integrity']]) {
        const result = checkRequest(op, { ...uncoded, categories });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.fields.map((f) => f.path).join()).toContain('categories');
      }
    });

    it('refuses any blank or overly long field, naming the field', () => {
      const fields = [['category'], ['summary'], ['content'], ['accused', 'name'], ['accused', 'position']] as const;
      fc.assert(
        fc.property(
          fc.constantFrom(...fields),
          fc.oneof(fc.stringMatching(/^\s*$/), fc.integer({ min: 1, max: 50 })),
          (path, bad) => {
            const value = typeof bad === 'string' ? bad : 'x'.repeat(maxLength(RegisterPetitionRequest, ...path) + bad);
            const body =
              path.length === 1
                ? { ...anonymous, [path[0]]: value }
                : { ...anonymous, accused: { ...anonymous.accused, [path[1]]: value } };
            const result = checkRequest(op, body);
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.fields.map((f) => f.path)).toContain(path.join('.'));
          },
        ),
      );
    });
  });

  it.each([
    ['reject-petition', ops.rejectPetition, { petitionId: 'p-1', reason: 'whim' }, 'reason'],
    ['reject-petition', ops.rejectPetition, { petitionId: 'p-1', reason: 'litigation', note: '   ' }, 'note'],
    ['read-reporter', ops.readReporter, { petitionId: 'p-1', reason: ' ' }, 'reason'],
    ['read-reporter', ops.readReporter, { petitionId: 'p-1', reason: 'r'.repeat(501) }, 'reason'],
    ['deliver-feedback', ops.deliverFeedback, { petitionId: 'p-1', note: '' }, 'note'],
  ] as Array<[string, ApiOperation, object, string]>)('%s refuses a bad %s', (_name, op, body, path) => {
    const result = checkRequest(op, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fields.map((f) => f.path)).toContain(path);
  });
});

describe('the petition office operations', () => {
  it.each([
    [ops.forwardToSubordinate, { petitionId: 'p-1' }, 'body'],
    [ops.forwardToSubordinate, { petitionId: 'p-1', body: ' ' }, 'body'],
    [ops.markDuplicate, { petitionId: 'p-1' }, 'duplicateOf'],
    [ops.markDuplicate, { petitionId: 'p-1', duplicateOf: '../x' }, 'duplicateOf'],
    [ops.raiseObjection, { petitionId: 'p-1', note: '' }, 'note'],
    [ops.confirmRepeat, { petitionId: 'p-1' }, 'earlierId'],
    [ops.listPetitions, { category: 'no-such-code' }, 'category'],
    [ops.listPetitions, { from: '2026-13-01' }, 'from'],
    [ops.listPetitions, { pageSize: 1000 }, 'pageSize'],
    [ops.listPetitions, { q: '' }, 'q'],
  ] as [ApiOperation, Record<string, unknown>, string][])('%# refuses a bad field, naming it', (op, body, path) => {
    const result = checkRequest(op, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fields.map((f) => f.path).join()).toContain(path);
  });

  it('lists with any combination of filters the office may use', () => {
    expect(
      checkRequest(ops.listPetitions, {
        status: 'duplicate-filed',
        channel: 'phone',
        category: 'eight-rules',
        unitId: 'u-1',
        from: '2026-01-01',
        to: '2026-12-31',
        q: '公款吃喝',
        page: 2,
        pageSize: 50,
      }).ok,
    ).toBe(true);
  });
});
