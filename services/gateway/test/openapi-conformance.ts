// Checks an answer of the gateway against its own OpenAPI document: the operation documents the
// status, the body is valid under the documented schema, and every required header is there and
// valid. A small JSON Schema checker for the keywords the document uses; an unknown keyword fails
// the check rather than passing unseen.

type Json = Record<string, unknown>;

const ANNOTATIONS = new Set(['description', 'title', 'format', 'examples', 'example', 'default', '$id', 'deprecated', 'readOnly', 'writeOnly']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Problems of `value` under `schema` (empty when valid), each with its JSON path. */
export function schemaProblems(doc: Json, schema: Json, value: unknown, at = '$'): string[] {
  const problems: string[] = [];
  for (const [keyword, rule] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref': {
        const name = String(rule).replace('#/components/schemas/', '');
        const target = ((doc['components'] as Json)['schemas'] as Record<string, Json>)[name];
        if (!target) problems.push(`${at}: unresolved ${String(rule)}`);
        else problems.push(...schemaProblems(doc, target, value, at));
        break;
      }
      case 'type': {
        const types = Array.isArray(rule) ? (rule as string[]) : [rule as string];
        const actual = typeOf(value);
        if (!types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) problems.push(`${at}: ${actual}, not ${types.join('|')}`);
        break;
      }
      case 'required':
        if (typeOf(value) === 'object') for (const name of rule as string[]) if (!(name in (value as Json))) problems.push(`${at}.${name}: missing`);
        break;
      case 'properties':
        if (typeOf(value) === 'object') {
          for (const [name, sub] of Object.entries(rule as Record<string, Json>)) {
            if (name in (value as Json)) problems.push(...schemaProblems(doc, sub, (value as Json)[name], `${at}.${name}`));
          }
        }
        break;
      case 'additionalProperties':
        if (typeOf(value) === 'object' && rule === false) {
          const known = new Set(Object.keys((schema['properties'] ?? {}) as Json));
          for (const name of Object.keys(value as Json)) if (!known.has(name)) problems.push(`${at}.${name}: not in the schema`);
        } else if (rule !== true && rule !== false) {
          problems.push(`${at}: additionalProperties with a schema is not supported by this check`);
        }
        break;
      case 'items':
        if (Array.isArray(value)) value.forEach((item, i) => problems.push(...schemaProblems(doc, rule as Json, item, `${at}[${i}]`)));
        break;
      case 'enum':
        if (!(rule as unknown[]).some((v) => v === value)) problems.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(rule)}`);
        break;
      case 'const':
        if (value !== rule) problems.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(rule)}`);
        break;
      case 'anyOf':
      case 'oneOf': {
        const valid = (rule as Json[]).filter((sub) => schemaProblems(doc, sub, value, at).length === 0).length;
        if (keyword === 'anyOf' ? valid === 0 : valid !== 1) problems.push(`${at}: ${valid} of the ${keyword} alternatives match`);
        break;
      }
      case 'allOf':
        for (const sub of rule as Json[]) problems.push(...schemaProblems(doc, sub, value, at));
        break;
      case 'minLength':
      case 'maxLength':
        if (typeof value === 'string') {
          const length = [...value].length;
          if (keyword === 'minLength' ? length < (rule as number) : length > (rule as number)) problems.push(`${at}: length ${length} breaks ${keyword} ${String(rule)}`);
        }
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(rule as string, 'u').test(value)) problems.push(`${at}: does not match ${String(rule)}`);
        break;
      case 'minimum':
      case 'maximum':
        if (typeof value === 'number' && (keyword === 'minimum' ? value < (rule as number) : value > (rule as number))) problems.push(`${at}: ${value} breaks ${keyword} ${String(rule)}`);
        break;
      case 'minItems':
      case 'maxItems':
        if (Array.isArray(value) && (keyword === 'minItems' ? value.length < (rule as number) : value.length > (rule as number))) problems.push(`${at}: ${value.length} items break ${keyword}`);
        break;
      default:
        problems.push(`${at}: keyword ${keyword} is not supported by this check`);
    }
  }
  return problems;
}

/**
 * Problems of one answer under the document: `path` as the document writes it ('/api/v1/petitions/{id}/accept').
 * Headers are checked when the document marks them required; their values are read as the schema's type.
 */
export function answerProblems(doc: Json, method: string, path: string, answer: { status: number; headers: Headers; body: unknown }): string[] {
  const operation = ((doc['paths'] as Record<string, Json>)[path]?.[method.toLowerCase()] ?? undefined) as Json | undefined;
  if (!operation) return [`${method} ${path}: not documented`];
  const response = (operation['responses'] as Record<string, Json>)[String(answer.status)];
  if (!response) return [`${method} ${path}: status ${answer.status} not documented`];
  const problems: string[] = [];
  const schema = ((response['content'] as Json | undefined)?.['application/json'] as Json | undefined)?.['schema'] as Json | undefined;
  if (schema) problems.push(...schemaProblems(doc, schema, answer.body));
  for (const [name, header] of Object.entries((response['headers'] ?? {}) as Record<string, Json>)) {
    const raw = answer.headers.get(name);
    if (raw === null) {
      if (header['required'] === true) problems.push(`header ${name}: missing`);
      continue;
    }
    const headerSchema = header['schema'] as Json;
    const value = headerSchema['type'] === 'integer' && /^\d+$/.test(raw) ? Number(raw) : raw;
    problems.push(...schemaProblems(doc, headerSchema, value, `header ${name}`));
  }
  return problems;
}
