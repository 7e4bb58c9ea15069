// fast-check values a TypeBox contract schema accepts: requests for property tests of deciders
// ("whatever the contract accepts is refused only for a state rule"), and event data a reactor
// may receive. Text is often at its length limit, dates span the whole calendar, and cross-field
// rules (`if`/`then`/`else`, `dependentRequired`) hold: every value passes `compileValidator(schema)`.
import { checkRequest, TEXT_PATTERN, validatorOf, type ApiOperation, type EventContract } from '@jiandu/contracts';
import { Kind, type Static, type TSchema } from '@sinclair/typebox';
import fc from 'fast-check';

export interface SchemaArbitraryOptions {
  /**
   * Generators for string formats in place of the defaults, e.g. `{ date: fc.constant('2026-09-25') }`
   * for runs that should mostly happen on one day. Their values are still filtered by the schema.
   */
  formats?: Readonly<Record<string, fc.Arbitrary<string>>>;
}

/** Values `schema` accepts, cross-field rules included. Throws for a kind of schema it cannot generate. */
export function arbitraryFromSchema<S extends TSchema>(schema: S, options: SchemaArbitraryOptions = {}): fc.Arbitrary<Static<S>> {
  return valueOf(schema, options) as fc.Arbitrary<Static<S>>;
}

/** A request the operation's contract accepts (what `checkRequest` lets through to a handler). */
export function acceptedRequest<Op extends ApiOperation>(
  op: Op,
  options: SchemaArbitraryOptions = {},
): fc.Arbitrary<Static<Op['request']>> {
  return valueOf(op.request, options).filter((value) => checkRequest(op, value).ok) as fc.Arbitrary<Static<Op['request']>>;
}

/** Event data its contract accepts: what a reactor may be handed. */
export function publishedData<T>(contract: EventContract<T>, options: SchemaArbitraryOptions = {}): fc.Arbitrary<T> {
  return valueOf(contract.schema, options).filter((data): data is T => contract.check(data));
}

/** Whether an object schema carries its own cross-field rules (see `when()` in @jiandu/contracts), or a least number of fields. */
const hasOwnRules = (schema: TSchema): boolean =>
  schema['if'] !== undefined ||
  schema['dependentRequired'] !== undefined ||
  Array.isArray(schema['allOf']) ||
  schema['minProperties'] !== undefined;

function valueOf(schema: TSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  switch (schema[Kind]) {
    case 'Object': {
      const properties = Object.entries((schema['properties'] ?? {}) as Record<string, TSchema>);
      const record = Object.fromEntries(properties.map(([key, child]) => [key, valueOf(child, options)]));
      const values = fc.record(record, { requiredKeys: (schema['required'] as string[] | undefined) ?? [] });
      // Optional fields come and go independently; the rules keep the combinations that fit.
      return hasOwnRules(schema) ? values.filter((value) => validatorOf(schema).check(value)) : values;
    }
    case 'Union':
      return fc.oneof(...(schema['anyOf'] as TSchema[]).map((member) => valueOf(member, options)));
    case 'Literal':
      return fc.constant(schema['const']);
    case 'Boolean':
      return fc.boolean();
    case 'Null':
      return fc.constant(null);
    case 'Integer':
      return fc.integer(bounds(schema, 1));
    case 'Number':
      return fc.double({ ...bounds(schema, Number.EPSILON), noNaN: true, noDefaultInfinity: true });
    case 'Array':
      return arrayOf(schema, options);
    case 'String':
      return stringOf(schema, options).filter((s) => validatorOf(schema).check(s));
    default:
      throw new Error(`no generator for a ${String(schema[Kind])} schema`);
  }
}

function bounds(schema: TSchema, step: number): { min?: number; max?: number } {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<string, number | undefined>;
  return {
    min: minimum ?? (exclusiveMinimum === undefined ? undefined : exclusiveMinimum + step),
    max: maximum ?? (exclusiveMaximum === undefined ? undefined : exclusiveMaximum - step),
  };
}

function arrayOf(schema: TSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown[]> {
  const { minItems = 0, maxItems, uniqueItems } = schema as { minItems?: number; maxItems?: number; uniqueItems?: boolean };
  const constraints = { minLength: minItems, maxLength: Math.min(maxItems ?? minItems + 10, minItems + 10) };
  const items = valueOf(schema['items'] as TSchema, options);
  return uniqueItems
    ? fc.uniqueArray(items, { ...constraints, selector: (item) => JSON.stringify(item) })
    : fc.array(items, constraints);
}

/** Dates from the year 1 to 9999. */
const instant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const FORMATS: Record<string, fc.Arbitrary<string>> = {
  date: instant.map((d) => d.toISOString().slice(0, 10)),
  'date-time': instant.map((d) => d.toISOString()),
  uuid: fc.uuid(),
  email: fc.emailAddress(),
};

function stringOf(schema: TSchema, options: SchemaArbitraryOptions): fc.Arbitrary<string> {
  const {
    minLength = 0,
    maxLength = 200,
    pattern,
    format,
  } = schema as { minLength?: number; maxLength?: number; pattern?: string; format?: string };
  if (format !== undefined) {
    const formatted = options.formats?.[format] ?? FORMATS[format];
    if (!formatted) throw new Error(`no generator for the string format '${format}'`);
    return formatted;
  }
  const short = Math.max(minLength, Math.min(maxLength, 20));
  if (pattern === TEXT_PATTERN) {
    // What a person types: any graphemes, at the limit in characters and in UTF-16 units, padded.
    return fc.oneof(
      fc.string({ minLength: Math.max(minLength, 1), maxLength: short, unit: 'grapheme' }),
      fc.constant('长'.repeat(maxLength)),
      fc.constant(`😀${'长'.repeat(Math.max(maxLength - 2, 0))}`), // a surrogate pair counts twice
      fc.nat({ max: Math.max(maxLength - 1, 0) }).map((n) => ` ${'x'.repeat(n)}`), // padded
    );
  }
  if (pattern !== undefined) return fc.stringMatching(new RegExp(pattern)).map((s) => s.slice(0, maxLength));
  return fc.oneof(
    fc.string({ minLength, maxLength: short }),
    fc.constant('x'.repeat(maxLength)),
    fc.constantFrom(' ', '\u3000'), // blank: what a plain string lets through
  );
}
