// Compiled TypeBox validators, strict object schemas, cross-field rules (JSON Schema `if`/`then`/
// `else`, `dependentRequired`), and bilingual field errors.
import {
  CloneType,
  FormatRegistry,
  Kind,
  Type,
  type ObjectOptions,
  type Static,
  type TObject,
  type TProperties,
  type TSchema,
} from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

export interface Text {
  zh: string;
  en: string;
}

export interface FieldError {
  path: string; // dotted: 'reporter.name', 'items.0.code'; '' for the whole value
  message: Text;
}

export interface Validator<T> {
  check(value: unknown): value is T;
  errors(value: unknown): FieldError[];
}

// ── formats: TypeBox knows none by default, and an unknown format fails every value
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A day that exists: Date.parse rolls '2026-02-30' over to March, so the date must read back the same. */
function isCalendarDate(v: string): boolean {
  const time = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === v;
}
const FORMATS: Record<string, (v: string) => boolean> = {
  uuid: (v) => UUID.test(v),
  date: (v) => DATE.test(v) && isCalendarDate(v),
  'date-time': (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
  email: (v) => EMAIL.test(v),
};
for (const [name, check] of Object.entries(FORMATS)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
}

// ── strict schemas
/** `Type.Object` with `additionalProperties: false`: the default for every contract schema. */
export function object<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/**
 * A deep copy of `schema` where every object that does not say otherwise rejects unknown
 * properties. Intersections get `unevaluatedProperties: false` instead, because closing each
 * member would reject the other members' properties.
 */
export function Strict<T extends TSchema>(schema: T): T {
  const copy = CloneType(schema);
  close(copy, false);
  return copy;
}

function close(schema: Record<string, unknown>, insideIntersect: boolean): void {
  // An object's own `allOf` holds its cross-field rules (see `when`), not intersection members.
  if (Array.isArray(schema['allOf']) && !schema['properties']) {
    if (schema['unevaluatedProperties'] === undefined) schema['unevaluatedProperties'] = false;
    for (const member of schema['allOf'] as Record<string, unknown>[]) close(member, true);
  }
  if (schema['type'] === 'object' && schema['properties'] && !insideIntersect && schema['additionalProperties'] === undefined) {
    schema['additionalProperties'] = false;
  }
  for (const key of ['properties', 'patternProperties']) {
    const children = schema[key] as Record<string, Record<string, unknown>> | undefined;
    for (const child of Object.values(children ?? {})) close(child, false);
  }
  for (const key of ['anyOf', 'oneOf']) {
    for (const child of (schema[key] as Record<string, unknown>[] | undefined) ?? []) close(child, false);
  }
  for (const key of ['items', 'additionalProperties', 'not']) {
    const child = schema[key];
    if (Array.isArray(child)) for (const c of child) close(c, false);
    else if (child && typeof child === 'object') close(child as Record<string, unknown>, false);
  }
}

/**
 * Text a person typed: not blank, and without what PostgreSQL cannot store (NUL) or a string
 * cannot hold whole (a lone UTF-16 surrogate). Refused by the contract with 400, never by a later 500.
 */
export const TEXT_PATTERN = '^(?=[\\s\\S]*\\S)(?:[^\\u0000\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$';

// ── compiled validators
/**
 * TypeBox's compiled check, plus the cross-field rules TypeBox ignores: `if`/`then`/`else` and
 * `dependentRequired`, wherever they stand in the schema (objects at any depth, array items,
 * union members, intersections).
 */
export function compileValidator<T>(schema: TSchema): Validator<T> {
  const compiled = TypeCompiler.Compile(schema);
  const fast = fastCheck(schema) ?? ((value: unknown) => compiled.Check(value));
  if (!hasRules(schema)) {
    return {
      check: (value: unknown): value is T => fast(value),
      errors: (value: unknown) => toFieldErrors(compiled.Errors(value)),
    };
  }
  return {
    check: (value: unknown): value is T => fast(value) && ruleErrors(schema, value, []).length === 0,
    errors: (value: unknown) => {
      const shape = toFieldErrors(compiled.Errors(value));
      const reported = new Set(shape.map((e) => e.path));
      return [...shape, ...ruleErrors(schema, value, []).filter((e) => !reported.has(e.path))];
    },
  };
}

/**
 * The same check as TypeBox's, faster for `uniqueItems` arrays of strings or numbers reached through
 * object properties only (category codes, ids): TypeBox hashes every item (FNV-1a over BigInt, 7 %
 * of a rebuild's CPU); a Set of the items themselves gives the same answer for primitives. Compiled
 * without those `uniqueItems`, then each such array checked with a Set. Undefined when the schema
 * has none (TypeBox's check as it is). Errors still come from the schema as published.
 */
function fastCheck(schema: TSchema): ((value: unknown) => boolean) | undefined {
  const paths: string[][] = [];
  const relaxed = withoutPrimitiveUniqueItems(CloneType(schema), [], paths);
  if (paths.length === 0) return undefined;
  const compiled = TypeCompiler.Compile(relaxed as TSchema);
  return (value) => {
    if (!compiled.Check(value)) return false;
    for (const path of paths) {
      let at: unknown = value;
      for (const key of path) at = at === undefined ? undefined : (at as Json)[key];
      if (Array.isArray(at) && new Set(at).size !== at.length) return false;
    }
    return true;
  };
}

/** Takes `uniqueItems` off the primitive arrays reached through object properties (their paths into `paths`). */
function withoutPrimitiveUniqueItems(schema: Json, path: string[], paths: string[][]): Json {
  if (schema['type'] === 'array' && schema['uniqueItems'] === true && isPrimitive(schema['items'])) {
    delete schema['uniqueItems'];
    paths.push(path);
    return schema;
  }
  const properties = schema['type'] === 'object' ? schema['properties'] : undefined;
  if (isObject(properties)) {
    for (const [key, child] of Object.entries(properties)) {
      if (isObject(child)) withoutPrimitiveUniqueItems(child, [...path, key], paths);
    }
  }
  return schema;
}

/** A schema whose values are strings or numbers only (a Set tells them apart as equality does). */
function isPrimitive(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (schema['type'] === 'string' || schema['type'] === 'number' || schema['type'] === 'integer') return true;
  if (typeof schema['const'] === 'string' || typeof schema['const'] === 'number') return true;
  const members = schema['anyOf'];
  return Array.isArray(members) && members.length > 0 && members.every(isPrimitive);
}

// ── cross-field rules
type Json = Record<string, unknown>;
type Condition<S> = { [K in keyof S]?: Exclude<S[K], undefined> | readonly Exclude<S[K], undefined>[] };
/** Fields a branch of a rule requires or forbids; `message` replaces the generic one. */
export interface Requirement<S> {
  required?: readonly (keyof S & string)[];
  forbidden?: readonly (keyof S & string)[];
  message?: Text;
}
/** If every named field has the value (or one of the values) given, `then` applies, otherwise `else`. */
export interface Rule<S> {
  if: Condition<S>;
  then?: Requirement<S>;
  else?: Requirement<S>;
}

/**
 * `schema` with cross-field rules, written as JSON Schema `if`/`then`/`else` so that the published
 * OpenAPI document says them and `compileValidator` enforces them. `Static<>` is unchanged.
 *
 *     when(object({ outcome: Outcome, measure: Type.Optional(Measure) }),
 *       { if: { outcome: 'light-measure' }, then: { required: ['measure'] }, else: { forbidden: ['measure'] } })
 */
export function when<T extends TObject>(schema: T, ...rules: Rule<Static<T>>[]): T {
  const copy = CloneType(schema);
  const target = copy as unknown as Json;
  const written = rules.map(ruleSchema);
  const existing = (target['allOf'] as Json[] | undefined) ?? [];
  if (existing.length === 0 && target['if'] === undefined && written.length === 1) Object.assign(target, written[0]);
  else target['allOf'] = [...existing, ...written];
  return copy;
}

function ruleSchema<S>(rule: Rule<S>): Json {
  const properties: Json = {};
  for (const [field, value] of Object.entries(rule.if as Record<string, unknown>)) {
    properties[field] = Array.isArray(value) ? { enum: value } : { const: value };
  }
  const out: Json = { if: { properties, required: Object.keys(properties) } };
  if (rule.then) out['then'] = requirementSchema(rule.then);
  if (rule.else) out['else'] = requirementSchema(rule.else);
  return out;
}

function requirementSchema<S>(requirement: Requirement<S>): Json {
  const out: Json = {};
  if (requirement.required?.length) out['required'] = [...requirement.required];
  const forbidden = requirement.forbidden ?? [];
  if (forbidden.length === 1) out['not'] = { required: [...forbidden] };
  if (forbidden.length > 1) out['not'] = { anyOf: forbidden.map((f) => ({ required: [f] })) };
  if (requirement.message) out[MESSAGE] = requirement.message;
  return out;
}

/** A bilingual message for a failing `then`/`else`/`dependentRequired`, in place of the generic one. */
const MESSAGE = 'x-message';

/** Keywords a rule's own subschemas (`if`, `then`, `else`) may use; anything else is refused when compiling. */
const RULE_KEYWORDS = new Set([
  'type',
  'const',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
  'if',
  'then',
  'else',
  'dependentRequired',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'items',
  'minItems',
  'maxItems',
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  MESSAGE,
]);

const ruleScan = new WeakMap<object, boolean>();

/** Whether `schema` holds a rule anywhere; also refuses a rule that uses a keyword we cannot check. */
function hasRules(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const known = ruleScan.get(schema);
  if (known !== undefined) return known;
  ruleScan.set(schema, false); // cycles
  let found = schema['if'] !== undefined || schema['dependentRequired'] !== undefined;
  for (const key of ['if', 'then', 'else']) if (schema[key] !== undefined) assertRuleSchema(schema[key], key);
  for (const child of structuralChildren(schema)) if (hasRules(child)) found = true;
  ruleScan.set(schema, found);
  return found;
}

function assertRuleSchema(schema: unknown, where: string): void {
  if (typeof schema === 'boolean') return;
  if (!isObject(schema)) throw new Error(`a rule's ${where} must be a schema`);
  if (isTypeBox(schema)) return; // a TypeBox schema: its compiled check decides
  for (const key of Object.keys(schema)) {
    if (!RULE_KEYWORDS.has(key) && !key.startsWith('x-')) throw new Error(`keyword ${key} is not supported in a rule's ${where}`);
  }
  for (const key of ['not', 'if', 'then', 'else', 'additionalProperties', 'items']) {
    if (schema[key] !== undefined) assertRuleSchema(schema[key], where);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'])
    for (const child of (schema[key] as unknown[] | undefined) ?? []) assertRuleSchema(child, where);
  for (const child of Object.values((schema['properties'] as Json | undefined) ?? {})) assertRuleSchema(child, where);
}

/** Subschemas that apply to the value itself or to its parts (not the rules' own subschemas). */
function structuralChildren(schema: Json): unknown[] {
  const children: unknown[] = [];
  for (const key of ['properties', 'patternProperties']) children.push(...Object.values((schema[key] as Json | undefined) ?? {}));
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) children.push(...((schema[key] as unknown[] | undefined) ?? []));
  for (const key of ['items', 'additionalProperties']) {
    const child = schema[key];
    if (Array.isArray(child)) children.push(...child);
    else if (isObject(child)) children.push(child);
  }
  return children;
}

/** The rules `value` breaks, assuming its shape was checked by TypeBox (still safe when it was not). */
function ruleErrors(schema: unknown, value: unknown, path: string[]): FieldError[] {
  if (!isObject(schema) || !hasRules(schema)) return [];
  const errors: FieldError[] = [];
  if (schema['if'] !== undefined) {
    const holds = matches(schema['if'], value);
    const branch = holds ? schema['then'] : schema['else'];
    if (branch !== undefined && !matches(branch, value))
      errors.push(...explain(branch, value, path, condition(schema['if'], holds)));
  }
  const dependent = schema['dependentRequired'] as Record<string, string[]> | undefined;
  if (dependent && isObject(value)) {
    for (const [field, needs] of Object.entries(dependent)) {
      if (!has(value, field)) continue;
      const cause = { zh: `填写 ${field} 时`, en: `${field} is given` };
      for (const need of needs) if (!has(value, need)) errors.push(missing([...path, need], cause, schema[MESSAGE]));
    }
  }
  for (const member of (schema['allOf'] as unknown[] | undefined) ?? []) errors.push(...ruleErrors(member, value, path));
  for (const key of ['anyOf', 'oneOf']) {
    const members = schema[key] as unknown[] | undefined;
    if (members?.some(hasRules)) errors.push(...unionRuleErrors(members, value, path));
  }
  if (isObject(value)) errors.push(...propertyRuleErrors(schema, value, path));
  if (Array.isArray(value)) errors.push(...itemRuleErrors(schema, value, path));
  return errors;
}

/** A union holds when some member the value fits keeps its rules; else the first fitting member's errors. */
function unionRuleErrors(members: unknown[], value: unknown, path: string[]): FieldError[] {
  let first: FieldError[] | undefined;
  for (const member of members) {
    if (!fitsShape(member, value)) continue;
    const errors = ruleErrors(member, value, path);
    if (errors.length === 0) return [];
    first ??= errors;
  }
  return first ?? [];
}

function propertyRuleErrors(schema: Json, value: Json, path: string[]): FieldError[] {
  const errors: FieldError[] = [];
  const properties = (schema['properties'] as Json | undefined) ?? {};
  const patterns = Object.entries((schema['patternProperties'] as Json | undefined) ?? {});
  for (const [key, child] of Object.entries(value)) {
    if (Object.hasOwn(properties, key)) {
      errors.push(...ruleErrors(properties[key], child, [...path, key]));
      continue;
    }
    const byPattern = patterns.filter(([pattern]) => new RegExp(pattern, 'u').test(key));
    for (const [, sub] of byPattern) errors.push(...ruleErrors(sub, child, [...path, key]));
    if (byPattern.length === 0 && isObject(schema['additionalProperties']))
      errors.push(...ruleErrors(schema['additionalProperties'], child, [...path, key]));
  }
  return errors;
}

function itemRuleErrors(schema: Json, value: unknown[], path: string[]): FieldError[] {
  const prefix =
    (schema['prefixItems'] as unknown[] | undefined) ?? (Array.isArray(schema['items']) ? (schema['items'] as unknown[]) : []);
  const rest = Array.isArray(schema['items']) ? schema['additionalItems'] : schema['items'];
  return value.flatMap((item, i) => ruleErrors(i < prefix.length ? prefix[i] : rest, item, [...path, String(i)]));
}

const shapeChecks = new WeakMap<object, (value: unknown) => boolean>();

/** TypeBox's check for a TypeBox schema, else our own evaluation. */
function fitsShape(schema: unknown, value: unknown): boolean {
  if (!isObject(schema) || !isTypeBox(schema)) return matches(schema, value);
  let check = shapeChecks.get(schema);
  if (!check) {
    const compiled = TypeCompiler.Compile(schema as TSchema);
    check = (v) => compiled.Check(v);
    shapeChecks.set(schema, check);
  }
  return check(value);
}

/** Whether `value` satisfies `schema` (the keywords of RULE_KEYWORDS, or a whole TypeBox schema). */
function matches(schema: unknown, value: unknown): boolean {
  if (typeof schema === 'boolean') return schema;
  if (!isObject(schema)) return true;
  if (isTypeBox(schema)) return fitsShape(schema, value) && ruleErrors(schema, value, []).length === 0;
  const s = schema;
  if (s['type'] !== undefined && !(Array.isArray(s['type']) ? s['type'] : [s['type']]).some((t) => isType(t as string, value)))
    return false;
  if (Object.hasOwn(s, 'const') && !equal(s['const'], value)) return false;
  if (Array.isArray(s['enum']) && !s['enum'].some((option) => equal(option, value))) return false;
  if (s['not'] !== undefined && matches(s['not'], value)) return false;
  if (s['allOf'] !== undefined && !(s['allOf'] as unknown[]).every((m) => matches(m, value))) return false;
  if (s['anyOf'] !== undefined && !(s['anyOf'] as unknown[]).some((m) => matches(m, value))) return false;
  if (s['oneOf'] !== undefined && (s['oneOf'] as unknown[]).filter((m) => matches(m, value)).length !== 1) return false;
  if (s['if'] !== undefined) {
    const branch = matches(s['if'], value) ? s['then'] : s['else'];
    if (branch !== undefined && !matches(branch, value)) return false;
  }
  if (typeof value === 'number' && !numberMatches(s, value)) return false;
  if (typeof value === 'string' && !stringMatches(s, value)) return false;
  if (Array.isArray(value) && !arrayMatches(s, value)) return false;
  if (isObject(value) && !objectMatches(s, value)) return false;
  return true;
}

function numberMatches(s: Json, value: number): boolean {
  if (typeof s['minimum'] === 'number' && value < s['minimum']) return false;
  if (typeof s['maximum'] === 'number' && value > s['maximum']) return false;
  if (typeof s['exclusiveMinimum'] === 'number' && value <= s['exclusiveMinimum']) return false;
  if (typeof s['exclusiveMaximum'] === 'number' && value >= s['exclusiveMaximum']) return false;
  return true;
}

function stringMatches(s: Json, value: string): boolean {
  const length = [...value].length;
  if (typeof s['minLength'] === 'number' && length < s['minLength']) return false;
  if (typeof s['maxLength'] === 'number' && length > s['maxLength']) return false;
  if (typeof s['pattern'] === 'string' && !new RegExp(s['pattern'], 'u').test(value)) return false;
  return true;
}

function arrayMatches(s: Json, value: unknown[]): boolean {
  if (typeof s['minItems'] === 'number' && value.length < s['minItems']) return false;
  if (typeof s['maxItems'] === 'number' && value.length > s['maxItems']) return false;
  if (s['items'] !== undefined && !value.every((item) => matches(s['items'], item))) return false;
  return true;
}

function objectMatches(s: Json, value: Json): boolean {
  if (Array.isArray(s['required']) && !s['required'].every((field) => has(value, field as string))) return false;
  const properties = (s['properties'] as Json | undefined) ?? {};
  for (const [field, sub] of Object.entries(properties)) if (has(value, field) && !matches(sub, value[field])) return false;
  if (s['additionalProperties'] !== undefined) {
    for (const field of Object.keys(value))
      if (!Object.hasOwn(properties, field) && !matches(s['additionalProperties'], value[field])) return false;
  }
  const dependent = (s['dependentRequired'] as Record<string, string[]> | undefined) ?? {};
  for (const [field, needs] of Object.entries(dependent))
    if (has(value, field) && !needs.every((n) => has(value, n))) return false;
  return true;
}

/** Field errors for a `then`/`else` branch that `value` does not satisfy. */
function explain(branch: unknown, value: unknown, path: string[], cause: Text): FieldError[] {
  const custom = isObject(branch) ? (branch[MESSAGE] as Text | undefined) : undefined;
  if (!isObject(branch) || isTypeBox(branch) || !isObject(value)) return [broken(path, cause, custom)];
  const errors: FieldError[] = [];
  for (const field of (branch['required'] as string[] | undefined) ?? [])
    if (!has(value, field)) errors.push(missing([...path, field], cause, custom));
  for (const field of forbiddenBy(branch['not'])) if (has(value, field)) errors.push(forbidden([...path, field], cause, custom));
  for (const [field, sub] of Object.entries((branch['properties'] as Json | undefined) ?? {})) {
    if (!has(value, field) || matches(sub, value[field])) continue;
    errors.push(sub === false ? forbidden([...path, field], cause, custom) : broken([...path, field], cause, custom));
  }
  return errors.length > 0 ? errors : [broken(path, cause, custom)];
}

/** The fields `{ not: { required } }` or `{ not: { anyOf: [{ required }…] } }` forbid. */
function forbiddenBy(not: unknown): string[] {
  if (!isObject(not)) return [];
  const direct = Array.isArray(not['required']) && Object.keys(not).length === 1 ? (not['required'] as string[]) : [];
  const any = ((not['anyOf'] as unknown[] | undefined) ?? []).flatMap((m) =>
    isObject(m) && Array.isArray(m['required']) && m['required'].length === 1 ? (m['required'] as string[]) : [],
  );
  return [...direct, ...any];
}

function missing(path: string[], cause: Text, custom: unknown): FieldError {
  const field = path.join('.');
  const message = (custom as Text | undefined) ?? {
    zh: `缺少必填字段 ${field}：${cause.zh}必须填写`,
    en: `missing required field ${field}: required when ${cause.en}`,
  };
  return { path: field, message };
}

function forbidden(path: string[], cause: Text, custom: unknown): FieldError {
  const field = path.join('.');
  const message = (custom as Text | undefined) ?? {
    zh: `不允许的字段 ${field}：${cause.zh}不得填写`,
    en: `field ${field} is not allowed when ${cause.en}`,
  };
  return { path: field, message };
}

function broken(path: string[], cause: Text, custom: unknown): FieldError {
  const field = path.join('.') || '(root)';
  const message = (custom as Text | undefined) ?? {
    zh: `字段 ${field} 无效：${cause.zh}不符合要求`,
    en: `field ${field} is invalid when ${cause.en}`,
  };
  return { path: path.join('.'), message };
}

/** "outcome is light-measure" from `{ properties: { outcome: { const } }, required: [outcome] }`; negated for `else`. */
function condition(ifSchema: unknown, holds: boolean): Text {
  const parts = isObject(ifSchema) && !isTypeBox(ifSchema) ? conditionParts(ifSchema) : undefined;
  if (!parts || parts.length === 0)
    return holds ? { zh: '条件成立时', en: 'the condition holds' } : { zh: '条件不成立时', en: 'the condition does not hold' };
  if (holds)
    return {
      zh: `${parts.map((p) => `${p.field} 为 ${p.values.join('、')}`).join('且')}时`,
      en: parts.map((p) => `${p.field} is ${p.values.join(' or ')}`).join(' and '),
    };
  if (parts.length === 1) {
    const [p] = parts as [{ field: string; values: string[] }];
    return { zh: `${p.field} 不为 ${p.values.join('、')}时`, en: `${p.field} is not ${p.values.join(' or ')}` };
  }
  return {
    zh: `不满足（${parts.map((p) => `${p.field} 为 ${p.values.join('、')}`).join('且')}）时`,
    en: `not (${parts.map((p) => `${p.field} is ${p.values.join(' or ')}`).join(' and ')})`,
  };
}

function conditionParts(ifSchema: Json): { field: string; values: string[] }[] | undefined {
  const keys = Object.keys(ifSchema).filter((k) => k !== 'required' && k !== 'properties');
  if (keys.length > 0) return undefined;
  const parts: { field: string; values: string[] }[] = [];
  for (const [field, sub] of Object.entries((ifSchema['properties'] as Json | undefined) ?? {})) {
    if (!isObject(sub)) return undefined;
    if (Object.hasOwn(sub, 'const') && Object.keys(sub).length === 1)
      parts.push({ field, values: [JSON.stringify(sub['const']).replace(/^"|"$/g, '')] });
    else if (Array.isArray(sub['enum']) && Object.keys(sub).length === 1)
      parts.push({ field, values: sub['enum'].map((v) => JSON.stringify(v).replace(/^"|"$/g, '')) });
    else return undefined;
  }
  return parts;
}

/** A TypeBox schema (it carries TypeBox's `Kind` symbol), as opposed to a plain JSON Schema fragment. */
function isTypeBox(schema: object): boolean {
  return (schema as Record<symbol, unknown>)[Kind] !== undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(value: Json, field: string): boolean {
  return Object.hasOwn(value, field) && value[field] !== undefined;
}

function isType(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return false;
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

// ── bilingual messages
export function toFieldErrors(errors: Iterable<ValueError>): FieldError[] {
  const list = [...errors];
  // A missing property also fails its own type check; report it once, as missing.
  const missing = new Set(list.filter((e) => e.type === ValueErrorType.ObjectRequiredProperty).map((e) => e.path));
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of list) {
    if (missing.has(error.path) && error.type !== ValueErrorType.ObjectRequiredProperty) continue;
    const key = `${error.type}:${error.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: dotted(error.path), message: describe(error) });
  }
  return out;
}

function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

const TYPE_NAMES: Partial<Record<ValueErrorType, Text>> = {
  [ValueErrorType.String]: { zh: '字符串', en: 'a string' },
  [ValueErrorType.Number]: { zh: '数字', en: 'a number' },
  [ValueErrorType.Integer]: { zh: '整数', en: 'an integer' },
  [ValueErrorType.Boolean]: { zh: '布尔值', en: 'a boolean' },
  [ValueErrorType.Object]: { zh: '对象', en: 'an object' },
  [ValueErrorType.Array]: { zh: '数组', en: 'an array' },
  [ValueErrorType.Null]: { zh: '空值', en: 'null' },
};

function describe(error: ValueError): Text {
  const path = dotted(error.path);
  const field = path || '(root)';
  const schema = error.schema as Record<string, unknown>;
  const typeName = TYPE_NAMES[error.type];
  if (typeName)
    return { zh: `字段 ${field} 类型错误，应为${typeName.zh}`, en: `field ${field} has the wrong type, expected ${typeName.en}` };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { zh: `缺少必填字段 ${field}`, en: `missing required field ${field}` };
    case ValueErrorType.ObjectAdditionalProperties:
    case ValueErrorType.IntersectUnevaluatedProperties:
      return { zh: `不允许的字段 ${field}`, en: `unknown field ${field}` };
    case ValueErrorType.StringMaxLength:
      return {
        zh: `字段 ${field} 过长，最多 ${schema['maxLength']} 个字符`,
        en: `field ${field} is too long, at most ${schema['maxLength']} characters`,
      };
    case ValueErrorType.StringMinLength:
      return {
        zh: `字段 ${field} 过短，至少 ${schema['minLength']} 个字符`,
        en: `field ${field} is too short, at least ${schema['minLength']} characters`,
      };
    case ValueErrorType.StringFormat:
    case ValueErrorType.StringFormatUnknown:
      return {
        zh: `字段 ${field} 格式不正确，应为 ${schema['format']}`,
        en: `field ${field} has a bad format, expected ${schema['format']}`,
      };
    case ValueErrorType.StringPattern:
      if (schema['pattern'] === TEXT_PATTERN) {
        return {
          zh: `字段 ${field} 不能为空白，也不能含有空字符或不完整的字符`,
          en: `field ${field} must not be blank, nor hold a NUL or a broken character`,
        };
      }
      return { zh: `字段 ${field} 格式不正确`, en: `field ${field} has a bad format` };
    case ValueErrorType.Literal:
      return {
        zh: `字段 ${field} 的值必须是 ${JSON.stringify(schema['const'])}`,
        en: `field ${field} must be ${JSON.stringify(schema['const'])}`,
      };
    case ValueErrorType.Union: {
      const options = enumOptions(schema);
      if (options)
        return {
          zh: `字段 ${field} 的值必须是以下之一：${options.join('、')}`,
          en: `field ${field} must be one of: ${options.join(', ')}`,
        };
      return { zh: `字段 ${field} 不符合任何允许的形式`, en: `field ${field} matches none of the allowed shapes` };
    }
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return { zh: `字段 ${field} 不能小于 ${schema['minimum']}`, en: `field ${field} must be at least ${schema['minimum']}` };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return { zh: `字段 ${field} 不能大于 ${schema['maximum']}`, en: `field ${field} must be at most ${schema['maximum']}` };
    case ValueErrorType.ArrayMinItems:
      return {
        zh: `字段 ${field} 至少需要 ${schema['minItems']} 项`,
        en: `field ${field} needs at least ${schema['minItems']} items`,
      };
    case ValueErrorType.ArrayMaxItems:
      return {
        zh: `字段 ${field} 最多允许 ${schema['maxItems']} 项`,
        en: `field ${field} allows at most ${schema['maxItems']} items`,
      };
    case ValueErrorType.ArrayUniqueItems:
      return { zh: `字段 ${field} 含有重复项`, en: `field ${field} has duplicate items` };
    default:
      return { zh: `字段 ${field} 无效`, en: `field ${field} is invalid: ${error.message}` };
  }
}

function enumOptions(schema: Record<string, unknown>): string[] | undefined {
  const anyOf = schema['anyOf'];
  if (!Array.isArray(anyOf) || !anyOf.every((s) => s && typeof s === 'object' && 'const' in s)) return undefined;
  return anyOf.map((s) => String((s as { const: unknown }).const));
}
