// Compiled TypeBox validators, strict object schemas, and bilingual field errors.
import {
  CloneType,
  FormatRegistry,
  Type,
  type ObjectOptions,
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
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FORMATS: Record<string, (v: string) => boolean> = {
  uuid: (v) => UUID.test(v),
  date: (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)),
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
  if (Array.isArray(schema['allOf'])) {
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
export function compileValidator<T>(schema: TSchema): Validator<T> {
  const compiled = TypeCompiler.Compile(schema);
  return {
    check: (value: unknown): value is T => compiled.Check(value),
    errors: (value: unknown) => toFieldErrors(compiled.Errors(value)),
  };
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
  if (typeName) return { zh: `字段 ${field} 类型错误，应为${typeName.zh}`, en: `field ${field} has the wrong type, expected ${typeName.en}` };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { zh: `缺少必填字段 ${field}`, en: `missing required field ${field}` };
    case ValueErrorType.ObjectAdditionalProperties:
    case ValueErrorType.IntersectUnevaluatedProperties:
      return { zh: `不允许的字段 ${field}`, en: `unknown field ${field}` };
    case ValueErrorType.StringMaxLength:
      return { zh: `字段 ${field} 过长，最多 ${schema['maxLength']} 个字符`, en: `field ${field} is too long, at most ${schema['maxLength']} characters` };
    case ValueErrorType.StringMinLength:
      return { zh: `字段 ${field} 过短，至少 ${schema['minLength']} 个字符`, en: `field ${field} is too short, at least ${schema['minLength']} characters` };
    case ValueErrorType.StringFormat:
    case ValueErrorType.StringFormatUnknown:
      return { zh: `字段 ${field} 格式不正确，应为 ${schema['format']}`, en: `field ${field} has a bad format, expected ${schema['format']}` };
    case ValueErrorType.StringPattern:
      if (schema['pattern'] === TEXT_PATTERN) {
        return { zh: `字段 ${field} 不能为空白，也不能含有空字符或不完整的字符`, en: `field ${field} must not be blank, nor hold a NUL or a broken character` };
      }
      return { zh: `字段 ${field} 格式不正确`, en: `field ${field} has a bad format` };
    case ValueErrorType.Literal:
      return { zh: `字段 ${field} 的值必须是 ${JSON.stringify(schema['const'])}`, en: `field ${field} must be ${JSON.stringify(schema['const'])}` };
    case ValueErrorType.Union: {
      const options = enumOptions(schema);
      if (options) return { zh: `字段 ${field} 的值必须是以下之一：${options.join('、')}`, en: `field ${field} must be one of: ${options.join(', ')}` };
      return { zh: `字段 ${field} 不符合任何允许的形式`, en: `field ${field} matches none of the allowed shapes` };
    }
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return { zh: `字段 ${field} 不能小于 ${schema['minimum']}`, en: `field ${field} must be at least ${schema['minimum']}` };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return { zh: `字段 ${field} 不能大于 ${schema['maximum']}`, en: `field ${field} must be at most ${schema['maximum']}` };
    case ValueErrorType.ArrayMinItems:
      return { zh: `字段 ${field} 至少需要 ${schema['minItems']} 项`, en: `field ${field} needs at least ${schema['minItems']} items` };
    case ValueErrorType.ArrayMaxItems:
      return { zh: `字段 ${field} 最多允许 ${schema['maxItems']} 项`, en: `field ${field} allows at most ${schema['maxItems']} items` };
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
