import { isDomainError } from '@jiandu/contracts';
import fc from 'fast-check';
import {
  DISPATCHED_AGENCY,
  HANDLING_OFFICE,
  SUPERVISION_OFFICE,
  absent,
  date,
  fieldError,
  filled,
  flag,
  integer,
  invalidInput,
  isDate,
  localDate,
  matches,
  oneOf,
  optionalText,
  refusal,
  startOfDay,
  text,
} from '../src/index.js';

describe('refusals', () => {
  it('carries fields only when given', () => {
    expect(refusal('GONE', 409, '已撤回', 'withdrawn')).toEqual({
      code: 'GONE',
      status: 409,
      message: { zh: '已撤回', en: 'withdrawn' },
    });
    expect(refusal('GONE', 409, '已撤回', 'withdrawn')).not.toHaveProperty('fields');
    const fields = [fieldError('a', '甲', 'a')];
    expect(refusal('GONE', 409, '已撤回', 'withdrawn', fields)).toEqual({
      code: 'GONE',
      status: 409,
      message: { zh: '已撤回', en: 'withdrawn' },
      fields,
    });
    expect(isDomainError(refusal('X', 422, '甲', 'a', fields))).toBe(true);
  });

  it('gathers the failed checks into one INVALID_INPUT, or none when all passed', () => {
    expect(invalidInput([])).toBeUndefined();
    expect(invalidInput([undefined, text('name', '张三', 10)])).toBeUndefined();
    const error = invalidInput([text('name', '', 10), undefined, flag('urgent', 'yes')]);
    expect(error).toEqual({
      code: 'INVALID_INPUT',
      status: 400,
      message: { zh: '请求内容不符合要求', en: 'the request is invalid' },
      fields: [
        { path: 'name', message: { zh: '字段 name 不能为空', en: 'field name must not be empty' } },
        { path: 'urgent', message: { zh: '字段 urgent 应为布尔值', en: 'field urgent must be a boolean' } },
      ],
    });
  });
});

describe('input checks', () => {
  it('text: present, not blank, at most max UTF-16 units', () => {
    expect(text('summary', 'ok', 2)).toBeUndefined();
    for (const blank of [undefined, null, '', '   ', 42]) {
      expect(text('summary', blank, 10)).toEqual({
        path: 'summary',
        message: { zh: '字段 summary 不能为空', en: 'field summary must not be empty' },
      });
    }
    expect(text('summary', 'abc', 2)).toEqual({
      path: 'summary',
      message: { zh: '字段 summary 过长，最多 2 个字符', en: 'field summary is too long, at most 2 characters' },
    });
    expect(text('summary', '𠀀', 1)).toBeDefined(); // one character, two UTF-16 units
    expect(filled(' x ')).toBe(true);
    expect(filled('\t')).toBe(false);
  });

  it('optionalText and absent: undefined is always fine', () => {
    expect(optionalText('note', undefined, 1)).toBeUndefined();
    expect(optionalText('note', '', 1)).toEqual(text('note', '', 1));
    expect(absent('measure', undefined)).toBeUndefined();
    expect(absent('measure', null)).toEqual({
      path: 'measure',
      message: { zh: '字段 measure 在此不适用，不应填写', en: 'field measure does not apply here' },
    });
  });

  it('oneOf lists what is allowed in both languages', () => {
    expect(oneOf('kind', 'b', ['a', 'b'])).toBeUndefined();
    expect(oneOf('kind', 'c', ['a', 'b'])).toEqual({
      path: 'kind',
      message: { zh: '字段 kind 的值必须是以下之一：a、b', en: 'field kind must be one of: a, b' },
    });
    expect(oneOf('kind', 'toString', [])).toBeDefined();
  });

  it('flag accepts booleans only', () => {
    expect(flag('f', false)).toBeUndefined();
    expect(flag('f', 'true')).toEqual({ path: 'f', message: { zh: '字段 f 应为布尔值', en: 'field f must be a boolean' } });
  });

  it('integer: whole numbers within the bounds, both inclusive', () => {
    expect(integer('n', 1, 1, 3)).toBeUndefined();
    expect(integer('n', 3, 1, 3)).toBeUndefined();
    for (const bad of [0, 4, 1.5, '2', NaN, Infinity, undefined]) {
      expect(integer('n', bad, 1, 3)).toEqual({
        path: 'n',
        message: { zh: '字段 n 应为 1 到 3 之间的整数', en: 'field n must be an integer from 1 to 3' },
      });
    }
  });

  it('date: a real calendar date written YYYY-MM-DD', () => {
    expect(date('on', '2024-02-29')).toBeUndefined();
    for (const bad of ['2023-02-29', '2026-02-30', '2026-13-01', '2026-2-3', '2026-02-03T00:00:00Z', ' 2026-02-03', 20260203]) {
      expect(date('on', bad)).toEqual({
        path: 'on',
        message: { zh: '字段 on 应为日期（YYYY-MM-DD）', en: 'field on must be a date (YYYY-MM-DD)' },
      });
    }
  });

  it('matches a string against a pattern', () => {
    expect(matches('number', 'XS-2026-000001', /^XS-\d{4}-\d{6}$/)).toBeUndefined();
    expect(matches('number', 1, { test: () => true })).toEqual({
      path: 'number',
      message: { zh: '字段 number 格式不正确', en: 'field number has a bad format' },
    });
    expect(matches('number', 'XS-26-1', /^XS-\d{4}-\d{6}$/)).toBeDefined();
  });
});

describe('offices', () => {
  it('a handling office is a 纪检监察室 or a 派驻机构, nothing else', () => {
    for (const office of [
      'supervision-office-1',
      'supervision-office-12',
      'dispatched-agency-edu',
      'dispatched-agency-health-bureau',
    ]) {
      expect(HANDLING_OFFICE.test(office)).toBe(true);
    }
    for (const office of [
      'supervision-office-0',
      'supervision-office-01',
      'dispatched-agency-',
      'dispatched-agency-Edu',
      'general-office',
      'leadership',
      'xsupervision-office-1',
      'supervision-office-1 ',
    ]) {
      expect(HANDLING_OFFICE.test(office)).toBe(false);
    }
  });

  it('is exactly the union of the two office patterns of @jiandu/access', () => {
    const office = fc.oneof(fc.stringMatching(SUPERVISION_OFFICE), fc.stringMatching(DISPATCHED_AGENCY), fc.string());
    fc.assert(fc.property(office, (o) => HANDLING_OFFICE.test(o) === (SUPERVISION_OFFICE.test(o) || DISPATCHED_AGENCY.test(o))));
  });
});

describe('days in China time', () => {
  it('the Beijing date of an instant, and the instant a Beijing date begins', () => {
    expect(localDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(startOfDay('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it('every date round-trips through its start, and every instant lies within its day', () => {
    const day = fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(day, (instant) => {
        const d = localDate(instant);
        expect(isDate(d)).toBe(true);
        expect(localDate(startOfDay(d))).toBe(d);
        expect(startOfDay(d).getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - startOfDay(d).getTime()).toBeLessThan(86_400_000);
      }),
    );
  });

  it('date accepts exactly the strings a calendar date formats to', () => {
    fc.assert(fc.property(fc.string(), (s) => (date('d', s) === undefined) === isDate(s)));
    const valid = fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(fc.property(valid, (d) => date('d', d.toISOString().slice(0, 10)) === undefined));
  });
});
