import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { compileValidator, object, Strict } from './validation.js';

const Petition = object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String({ minLength: 1, maxLength: 10 }),
  channel: Type.Union([Type.Literal('letter'), Type.Literal('visit')]),
  count: Type.Optional(Type.Integer({ minimum: 1 })),
  accused: object({ name: Type.String(), unit: Type.String() }),
});
const validator = compileValidator(Petition);
const valid = {
  id: '6f1c1d1e-8a3b-4c5d-9e0f-1a2b3c4d5e6f',
  title: '反映问题',
  channel: 'letter',
  accused: { name: '李四', unit: '某街道' },
};

describe('Validation', () => {
  it('accepts a value that matches the schema', () => {
    expect(validator.check(valid)).toBe(true);
    expect(validator.errors(valid)).toEqual([]);
  });

  describe('error messages in Chinese and English', () => {
    it('reports a missing required field once, by name', () => {
      const { title: _omit, ...rest } = valid;
      expect(validator.errors(rest)).toEqual([
        { path: 'title', message: { zh: '缺少必填字段 title', en: 'missing required field title' } },
      ]);
    });

    it('reports a nested missing field with its dotted path', () => {
      expect(validator.errors({ ...valid, accused: { name: '李四' } })).toEqual([
        { path: 'accused.unit', message: { zh: '缺少必填字段 accused.unit', en: 'missing required field accused.unit' } },
      ]);
    });

    it('reports an unknown field', () => {
      expect(validator.errors({ ...valid, secret: 'x' })).toEqual([
        { path: 'secret', message: { zh: '不允许的字段 secret', en: 'unknown field secret' } },
      ]);
    });

    it('reports a wrong type', () => {
      expect(validator.errors({ ...valid, count: 'three' })[0]?.message).toEqual({
        zh: '字段 count 类型错误，应为整数',
        en: 'field count has the wrong type, expected an integer',
      });
    });

    it('reports a value that is too long', () => {
      expect(validator.errors({ ...valid, title: '一二三四五六七八九十十一' })[0]?.message).toEqual({
        zh: '字段 title 过长，最多 10 个字符',
        en: 'field title is too long, at most 10 characters',
      });
    });

    it('reports a bad format', () => {
      expect(validator.errors({ ...valid, id: 'not-a-uuid' })[0]?.message).toEqual({
        zh: '字段 id 格式不正确，应为 uuid',
        en: 'field id has a bad format, expected uuid',
      });
    });

    it('lists the allowed values of an enum', () => {
      expect(validator.errors({ ...valid, channel: 'fax' })[0]?.message).toEqual({
        zh: '字段 channel 的值必须是以下之一：letter、visit',
        en: 'field channel must be one of: letter, visit',
      });
    });
  });

  describe('strictness', () => {
    it('object() rejects unknown fields by default', () => {
      expect(Petition.additionalProperties).toBe(false);
    });

    it('Strict() closes every nested object that does not say otherwise', () => {
      const loose = Type.Object({
        a: Type.Object({ b: Type.Array(Type.Object({ c: Type.String() })) }),
        free: Type.Object({}, { additionalProperties: true }),
      });
      const strict = compileValidator(Strict(loose));
      expect(strict.check({ a: { b: [{ c: 'x' }] }, free: { any: 1 } })).toBe(true);
      expect(strict.check({ a: { b: [{ c: 'x', d: 1 }] }, free: {} })).toBe(false);
      expect(strict.check({ a: { b: [], e: 1 }, free: {} })).toBe(false);
      expect(loose.additionalProperties).toBeUndefined();
    });

    it('Strict() keeps intersections usable and closed', () => {
      const both = compileValidator(Strict(Type.Intersect([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })])));
      expect(both.check({ a: 'x', b: 'y' })).toBe(true);
      expect(both.check({ a: 'x', b: 'y', c: 'z' })).toBe(false);
      expect(both.errors({ a: 'x', b: 'y', c: 'z' })[0]?.message.en).toBe('unknown field c');
    });

    it('rejects any extra field, whatever its name or value', () => {
      const known = new Set(Object.keys(valid));
      fc.assert(
        fc.property(
          fc.string({ minLength: 1 }).filter((k) => !known.has(k) && k !== '__proto__'),
          fc.jsonValue(),
          (name, value) => {
            const withExtra = { ...valid, [name]: value };
            expect(validator.check(withExtra)).toBe(false);
            expect(validator.errors(withExtra).map((e) => e.message.en)).toContain(`unknown field ${name}`);
          },
        ),
      );
    });

    it('accepts every string within the length limits and rejects every one beyond', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 0, maxLength: 20 }), (title) => {
          const length = [...title].length;
          expect(validator.check({ ...valid, title })).toBe(length >= 1 && length <= 10);
        }),
      );
    });

    it('never throws on arbitrary JSON and always explains a rejection', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          if (!validator.check(value)) expect(validator.errors(value).length).toBeGreaterThan(0);
        }),
      );
    });
  });
});
