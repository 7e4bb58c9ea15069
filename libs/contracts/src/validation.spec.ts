import fc from 'fast-check';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { compileValidator, object, Strict, when, type Rule } from './validation.js';

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

    it('takes only days that exist as dates', () => {
      const day = compileValidator(object({ on: Type.String({ format: 'date' }) }));
      for (const on of ['2026-02-28', '2028-02-29', '2026-12-31']) expect(day.check({ on })).toBe(true);
      for (const on of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-1-01'])
        expect(day.check({ on })).toBe(false);
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
      const both = compileValidator(
        Strict(Type.Intersect([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })])),
      );
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

describe('Cross-field rules (if/then/else, dependentRequired)', () => {
  const Outcome = Type.Union([Type.Literal('accepted'), Type.Literal('light-measure'), Type.Literal('second-round')]);
  const Measure = Type.Union([Type.Literal('reminder'), Type.Literal('criticism')]);
  const Assess = when(object({ id: Type.String(), outcome: Outcome, measure: Type.Optional(Measure) }), {
    if: { outcome: 'light-measure' },
    then: { required: ['measure'] },
    else: { forbidden: ['measure'] },
  });
  const assess = compileValidator<Static<typeof Assess>>(Assess);

  it('when() writes the rule as JSON Schema if/then/else, for the published document', () => {
    expect(JSON.parse(JSON.stringify(Assess))).toMatchObject({
      type: 'object',
      additionalProperties: false,
      if: { properties: { outcome: { const: 'light-measure' } }, required: ['outcome'] },
      then: { required: ['measure'] },
      else: { not: { required: ['measure'] } },
    });
  });

  it('keeps the Static type of the schema', () => {
    const value: Static<typeof Assess> = { id: 'a', outcome: 'light-measure', measure: 'reminder' };
    expect(assess.check(value)).toBe(true);
  });

  it('requires the field when the condition holds, naming it and the condition in both languages', () => {
    expect(assess.check({ id: 'a', outcome: 'light-measure' })).toBe(false);
    expect(assess.errors({ id: 'a', outcome: 'light-measure' })).toEqual([
      {
        path: 'measure',
        message: {
          zh: '缺少必填字段 measure：outcome 为 light-measure时必须填写',
          en: 'missing required field measure: required when outcome is light-measure',
        },
      },
    ]);
  });

  it('forbids the field when the condition does not hold', () => {
    expect(assess.check({ id: 'a', outcome: 'accepted', measure: 'reminder' })).toBe(false);
    expect(assess.errors({ id: 'a', outcome: 'accepted', measure: 'reminder' })).toEqual([
      {
        path: 'measure',
        message: {
          zh: '不允许的字段 measure：outcome 不为 light-measure时不得填写',
          en: 'field measure is not allowed when outcome is not light-measure',
        },
      },
    ]);
  });

  it('reports shape errors and rule errors together, each field once', () => {
    const errors = assess.errors({ id: 1, outcome: 'light-measure' });
    expect(errors.map((e) => e.path)).toEqual(['id', 'measure']);
    expect(assess.errors({ id: 'a', outcome: 'light-measure', measure: 'nonsense' }).map((e) => e.path)).toEqual(['measure']);
  });

  it("uses the rule's own bilingual message when it has one", () => {
    const Petition = when(object({ realName: Type.Boolean(), reporter: Type.Optional(object({ name: Type.String() })) }), {
      if: { realName: true },
      then: { required: ['reporter'], message: { zh: '实名举报须填写举报人', en: 'required for a real-name report' } },
      else: { forbidden: ['reporter'], message: { zh: '匿名举报不得填写举报人', en: 'not allowed in an anonymous report' } },
    });
    const petition = compileValidator(Petition);
    expect(petition.errors({ realName: true })).toEqual([
      { path: 'reporter', message: { zh: '实名举报须填写举报人', en: 'required for a real-name report' } },
    ]);
    expect(petition.errors({ realName: false, reporter: { name: 'x' } })[0]?.message.en).toBe(
      'not allowed in an anonymous report',
    );
    expect(petition.check({ realName: false })).toBe(true);
    expect(petition.check({ realName: true, reporter: { name: 'x' } })).toBe(true);
  });

  it('applies several rules on one object (allOf), with enum conditions', () => {
    const Report = when(
      object({
        kind: Type.Union([Type.Literal('quarterly'), Type.Literal('annual'), Type.Literal('political-ecology')]),
        quarter: Type.Optional(Type.Integer()),
        unitId: Type.Optional(Type.String()),
      }),
      { if: { kind: 'quarterly' }, then: { required: ['quarter'] }, else: { forbidden: ['quarter'] } },
      { if: { kind: ['political-ecology'] }, then: { required: ['unitId'] }, else: { forbidden: ['unitId'] } },
    );
    const report = compileValidator(Strict(Report));
    expect(report.check({ kind: 'quarterly', quarter: 1 })).toBe(true);
    expect(report.check({ kind: 'political-ecology', unitId: 'u' })).toBe(true);
    expect(report.check({ kind: 'annual' })).toBe(true);
    expect(report.errors({ kind: 'political-ecology', quarter: 2 }).map((e) => [e.path, e.message.en])).toEqual([
      ['quarter', 'field quarter is not allowed when kind is not quarterly'],
      ['unitId', 'missing required field unitId: required when kind is political-ecology'],
    ]);
    expect(Report.unevaluatedProperties).toBeUndefined();
  });

  it('enforces rules written by hand at any depth: nested objects, array items, union members', () => {
    const Item = object(
      { kind: Type.String(), note: Type.Optional(Type.String()) },
      { if: { properties: { kind: { const: 'other' } }, required: ['kind'] }, then: { required: ['note'] } },
    );
    const Outer = object({
      items: Type.Array(Item),
      inner: Type.Optional(object({ item: Item })),
      either: Type.Optional(Type.Union([Item, Type.String()])),
    });
    const outer = compileValidator(Outer);
    expect(outer.check({ items: [{ kind: 'a' }, { kind: 'other', note: 'n' }] })).toBe(true);
    expect(outer.errors({ items: [{ kind: 'a' }, { kind: 'other' }] })).toEqual([
      {
        path: 'items.1.note',
        message: {
          zh: '缺少必填字段 items.1.note：kind 为 other时必须填写',
          en: 'missing required field items.1.note: required when kind is other',
        },
      },
    ]);
    expect(outer.errors({ items: [], inner: { item: { kind: 'other' } } }).map((e) => e.path)).toEqual(['inner.item.note']);
    expect(outer.check({ items: [], either: 'text' })).toBe(true);
    expect(outer.errors({ items: [], either: { kind: 'other' } }).map((e) => e.path)).toEqual(['either.note']);
  });

  it('enforces dependentRequired', () => {
    const Range = object(
      { from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) },
      { dependentRequired: { to: ['from'] } },
    );
    const range = compileValidator(Range);
    expect(range.check({})).toBe(true);
    expect(range.check({ from: 'a' })).toBe(true);
    expect(range.check({ from: 'a', to: 'b' })).toBe(true);
    expect(range.errors({ to: 'b' })).toEqual([
      {
        path: 'from',
        message: { zh: '缺少必填字段 from：填写 to 时必须填写', en: 'missing required field from: required when to is given' },
      },
    ]);
  });

  it('refuses a rule it cannot check, when compiling', () => {
    const Odd = object({ a: Type.String() }, { if: { properties: { a: { format: 'email' } } }, then: { required: ['a'] } });
    expect(() => compileValidator(Odd)).toThrow('keyword format is not supported');
  });

  describe('properties', () => {
    const fields = ['a', 'b', 'c'] as const;
    type Field = (typeof fields)[number];
    const Open = object({ a: Type.Optional(Type.Integer()), b: Type.Optional(Type.Integer()), c: Type.Optional(Type.Integer()) });
    type Value = Static<typeof Open>;
    const subset = fc.subarray([...fields]);
    const requirement = fc.record({ required: subset, forbidden: subset }, { requiredKeys: [] });
    const rule: fc.Arbitrary<Rule<Value>> = fc.record(
      {
        if: fc.dictionary(
          fc.constantFrom(...fields),
          fc.oneof(fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 })),
        ),
        then: requirement,
        else: requirement,
      },
      { requiredKeys: ['if'] },
    ) as fc.Arbitrary<Rule<Value>>;
    const value = fc.record(
      { a: fc.integer({ min: 0, max: 2 }), b: fc.integer({ min: 0, max: 2 }), c: fc.integer({ min: 0, max: 2 }) },
      { requiredKeys: [] },
    );

    /** The rules' meaning, written directly. */
    function reference(rules: Rule<Value>[], v: Value): boolean {
      return rules.every((r) => {
        const holds = Object.entries(r.if).every(([f, want]) => {
          const got = v[f as Field];
          return got !== undefined && (Array.isArray(want) ? want.includes(got) : want === got);
        });
        const branch = holds ? r.then : r.else;
        if (!branch) return true;
        return (
          (branch.required ?? []).every((f) => v[f] !== undefined) && (branch.forbidden ?? []).every((f) => v[f] === undefined)
        );
      });
    }

    it('accepts exactly what the rules allow, and explains every refusal by fields the rules name', () => {
      fc.assert(
        fc.property(fc.array(rule, { minLength: 1, maxLength: 3 }), value, (rules, v) => {
          const validator = compileValidator<Value>(when(Open, ...rules));
          const ok = reference(rules, v);
          expect(validator.check(v)).toBe(ok);
          const errors = validator.errors(v);
          expect(errors.length === 0).toBe(ok);
          const named = new Set(
            rules.flatMap((r) => [
              ...(r.then?.required ?? []),
              ...(r.then?.forbidden ?? []),
              ...(r.else?.required ?? []),
              ...(r.else?.forbidden ?? []),
            ]),
          );
          for (const e of errors) expect(named.has(e.path as Field) || e.path === '').toBe(true);
        }),
      );
    });

    it('enforces a rule the same way at any depth and in every array item', () => {
      fc.assert(
        fc.property(rule, fc.array(value, { maxLength: 4 }), (r, items) => {
          const inner = when(Open, r);
          const nested = compileValidator(object({ outer: object({ list: Type.Array(inner) }) }));
          const bad = items.flatMap((v, i) => (reference([r], v) ? [] : [i]));
          expect(nested.check({ outer: { list: items } })).toBe(bad.length === 0);
          const paths = nested.errors({ outer: { list: items } }).map((e) => e.path);
          for (const i of bad) expect(paths.some((p) => p.startsWith(`outer.list.${i}.`) || p === `outer.list.${i}`)).toBe(true);
          for (const p of paths) expect(bad.some((i) => p.startsWith(`outer.list.${i}`))).toBe(true);
        }),
      );
    });

    it('never throws on arbitrary JSON and always explains a rejection', () => {
      fc.assert(
        fc.property(rule, fc.jsonValue(), (r, v) => {
          const validator = compileValidator(when(Open, r));
          if (!validator.check(v)) expect(validator.errors(v).length).toBeGreaterThan(0);
        }),
      );
    });
  });
});

describe('uniqueItems of strings and numbers (checked with a Set, not TypeBox hashes)', () => {
  const Codes = Type.Array(Type.Union([Type.Literal('a'), Type.Literal('b'), Type.Literal('c')]), {
    minItems: 1,
    maxItems: 4,
    uniqueItems: true,
  });
  const schema = Strict(
    Type.Object({
      codes: Codes,
      nested: Type.Optional(Type.Object({ ids: Type.Array(Type.String({ maxLength: 3 }), { uniqueItems: true }) })),
      numbers: Type.Array(Type.Integer(), { uniqueItems: true }),
      // Objects keep TypeBox's check (a Set would tell equal objects apart).
      pairs: Type.Array(Type.Object({ k: Type.String() }), { uniqueItems: true }),
    }),
  );
  const validator = compileValidator<Static<typeof schema>>(schema);
  const reference = TypeCompiler.Compile(schema);

  it('accepts and refuses exactly what TypeBox does', () => {
    const anyValue = fc.record({
      codes: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 5 }),
      nested: fc.option(fc.record({ ids: fc.array(fc.constantFrom('x', 'y', 'zzzz', 'x'), { maxLength: 4 }) }), {
        nil: undefined,
      }),
      numbers: fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 4 }),
      pairs: fc.array(fc.record({ k: fc.constantFrom('p', 'q') }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(anyValue, (value) => {
        const v = JSON.parse(JSON.stringify(value)) as unknown;
        expect(validator.check(v)).toBe(reference.Check(v));
      }),
      { numRuns: 3_000 },
    );
    expect(validator.check({ codes: ['a', 'a'], numbers: [], pairs: [] })).toBe(false);
    expect(validator.check({ codes: ['a', 'b'], numbers: [1, 1], pairs: [] })).toBe(false);
    expect(validator.check({ codes: ['a'], nested: { ids: ['x', 'x'] }, numbers: [], pairs: [] })).toBe(false);
    expect(validator.check({ codes: ['a'], numbers: [], pairs: [{ k: 'p' }, { k: 'p' }] })).toBe(false);
    expect(
      validator.check({ codes: ['a', 'c'], nested: { ids: ['x', 'y'] }, numbers: [1, 2], pairs: [{ k: 'p' }, { k: 'q' }] }),
    ).toBe(true);
    expect(validator.errors({ codes: ['a', 'a'], numbers: [], pairs: [] }).map((e) => e.path)).toEqual(['codes']);
  });
});
