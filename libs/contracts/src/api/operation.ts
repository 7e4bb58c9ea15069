// One API operation = a NATS subject, a strict request schema and a response schema. The gateway
// validates requests with it before forwarding; the owning service validates again on receipt.
import type { Static, TSchema } from '@sinclair/typebox';
import { cmdSubject, qrySubject } from '../subjects.js';
import { compileValidator, type FieldError, type Validator } from '../validation.js';

export type ApiService = 'petitions' | 'case-management' | 'supervision' | 'analytics' | 'review' | 'publicity';

export interface ApiOperation<Req extends TSchema = TSchema, Res extends TSchema = TSchema> {
  name: string;
  service: ApiService;
  kind: 'cmd' | 'qry';
  /** Subject without any test namespace prefix. */
  subject: string;
  request: Req;
  response: Res;
}

export function defineOperation<Req extends TSchema, Res extends TSchema>(spec: {
  service: ApiService;
  kind: 'cmd' | 'qry';
  name: string;
  request: Req;
  response: Res;
}): ApiOperation<Req, Res> {
  const subject = spec.kind === 'cmd' ? cmdSubject(spec.service, spec.name) : qrySubject(spec.service, spec.name);
  return { ...spec, subject };
}

export type RequestCheck<T> = { ok: true; value: T } | { ok: false; fields: FieldError[] };

const validators = new WeakMap<TSchema, Validator<unknown>>();

/** `compileValidator(schema)`, compiled once per schema object. */
export function validatorOf(schema: TSchema): Validator<unknown> {
  let validator = validators.get(schema);
  if (!validator) {
    validator = compileValidator<unknown>(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/**
 * The request schema's check, cross-field rules included (`when()` in validation.ts: JSON Schema
 * `if`/`then`/`else`, published as they are in the OpenAPI document). Messages never quote the value.
 */
export function checkRequest<Req extends TSchema>(op: ApiOperation<Req, TSchema>, value: unknown): RequestCheck<Static<Req>> {
  const validator = validatorOf(op.request);
  return validator.check(value) ? { ok: true, value: value as Static<Req> } : { ok: false, fields: validator.errors(value) };
}
