// The OpenAPI 3.1 document, built from the route table: the TypeBox schemas are JSON Schema already
// (cross-field keywords such as if/then and dependentRequired pass through as they are), so each
// route shows exactly what the gateway validates; who may call it comes from ACCESS_POLICY, and
// every status it can answer is declared with the codes behind it.
import { ACCESS_POLICY, describeAccess, describeOfficesAndRoles, type AccessRule } from '@jiandu/access';
import { IDEMPOTENCY_KEY_PATTERN, Strict } from '@jiandu/contracts';
import type { TSchema } from '@sinclair/typebox';
import { accessOf, bodyFields, GATEWAY_ROUTES, isPublic, operationName, type GatewayRoute } from './routes.js';

type Json = Record<string, unknown>;

/** Plain JSON: drops TypeBox's symbol keys, and lets us edit a copy. */
/** A schema as JSON; answers are published closed (`Strict`): a property the document does not name is never sent. */
const plain = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema)) as Json;

const text = {
  type: 'object',
  additionalProperties: false,
  properties: { zh: { type: 'string' }, en: { type: 'string' } },
  required: ['zh', 'en'],
};
const ERROR_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable, machine-readable; the codes of each status are listed with the response' },
    message: text,
    fields: {
      type: 'array',
      description: 'The fields at fault (a path parameter by its name in the path, a header by its name)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: "Dotted: 'reporter.name', 'id', 'Idempotency-Key'; '' for the whole body" },
          message: text,
        },
      },
    },
  },
};

const HEALTH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'live', 'ready', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    live: { type: 'boolean' },
    ready: { type: 'boolean' },
    reason: { type: 'string' },
    checks: {
      type: 'object',
      additionalProperties: false,
      required: ['nats'],
      properties: { nats: { type: 'string', enum: ['up', 'down'] } },
    },
  },
};

// ── what each status means, and the codes the gateway and the service runtime answer it with
const STATUS_TEXT: Record<number, string> = {
  400: 'The request is invalid',
  401: 'Missing or invalid bearer token',
  403: 'Your office or role may not do this',
  404: 'Not found (also: an item outside your need to know)',
  409: 'Wrong state for this step, or already done',
  413: 'Body over 64 KB',
  415: 'Body is not application/json',
  422: 'A business rule refuses it',
  431: 'Request line or headers over 16 KB (a query string too long), refused before anything else',
  429: 'Too many requests from your address to this no-token route (LOOKUP_RATE_LIMIT a minute); come back after Retry-After seconds',
  500: 'A fault of the gateway or the service; it is logged with the correlation id, never with the request',
  503: 'Come back later (Retry-After, seconds); a command sent with an Idempotency-Key can always be retried with the same key',
};

type Codes = Partial<Record<number, readonly string[]>>;

const TOKEN_CODES = ['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_CLAIMS_INVALID', 'TOKEN_LIFETIME_TOO_LONG'];

/** What any route of this shape can answer, before its service's own refusals. */
function commonCodes(route: GatewayRoute, rule: AccessRule): Codes {
  const command = route.operation.kind === 'cmd';
  const codes: Codes = {
    400: ['VALIDATION_FAILED', ...(route.method === 'POST' ? ['MALFORMED_REQUEST'] : [])],
    431: ['HEADERS_TOO_LARGE'],
    500: ['INTERNAL'],
    503: ['SERVICE_UNAVAILABLE', 'OVERLOADED'],
  };
  // The no-token routes are limited per client address (rate-limit.ts).
  if (rule.public) codes[429] = ['RATE_LIMITED'];
  if (!rule.public) {
    codes[401] = TOKEN_CODES;
    codes[403] = ['FORBIDDEN', ...(rule.roles ? ['FORBIDDEN_ROLE'] : []), 'FORBIDDEN_OFFICE'];
  }
  if (route.method === 'POST') {
    codes[413] = ['PAYLOAD_TOO_LARGE'];
    codes[415] = ['UNSUPPORTED_MEDIA_TYPE'];
  }
  if (command) codes[422] = ['IDEMPOTENCY_KEY_REUSED'];
  return codes;
}

// The refusals of each operation's service beyond the common ones (its deciders, query handlers
// and the RPC runtime): grep `refusal(`, `notFound(`, `wrongState(` in services/*/src. Shape rules,
// blank text and cross-field rules are the contract's (400 VALIDATION_FAILED, at the gateway first).
const SERVICE_CODES: Record<string, Codes> = {
  'register-zone': { 409: ['ZONE_ALREADY_REGISTERED'] },
  'register-unit': { 404: ['ZONE_NOT_FOUND'], 409: ['UNIT_ALREADY_REGISTERED'] },
  'move-unit': {
    404: ['UNIT_NOT_FOUND', 'ZONE_NOT_FOUND'],
    409: ['UNIT_ALREADY_IN_ZONE'],
    422: ['EFFECTIVE_DATE_NOT_AFTER_CURRENT'],
  },
  'register-petition': { 409: ['PETITION_ALREADY_REGISTERED'] },
  'accept-petition': { 404: ['PETITION_NOT_FOUND'], 409: ['PETITION_WRONG_STATE'], 422: ['PETITION_FOR_SUPERIOR'] },
  'reject-petition': { 404: ['PETITION_NOT_FOUND'], 409: ['PETITION_WRONG_STATE'], 422: ['PETITION_FOR_SUPERIOR'] },
  'transfer-petition': { 404: ['PETITION_NOT_FOUND'], 409: ['PETITION_WRONG_STATE'] },
  'screen-petition': { 404: ['PETITION_NOT_FOUND'], 409: ['PETITION_WRONG_STATE'] },
  'forward-petition-to-superior': { 404: ['PETITION_NOT_FOUND'], 409: ['PETITION_WRONG_STATE'] },
  'forward-petition-to-subordinate': {
    404: ['PETITION_NOT_FOUND'],
    409: ['PETITION_WRONG_STATE'],
    422: ['PETITION_FOR_SUPERIOR'],
  },
  'mark-petition-duplicate': {
    404: ['PETITION_NOT_FOUND'],
    409: ['PETITION_WRONG_STATE'],
    422: ['PETITION_FOR_SUPERIOR', 'DUPLICATE_OF_ITSELF', 'DUPLICATE_OF_UNKNOWN'],
  },
  'raise-petition-objection': { 404: ['PETITION_NOT_FOUND'], 409: ['PETITION_WRONG_STATE'] },
  'notify-petition-acceptance': {
    404: ['PETITION_NOT_FOUND'],
    409: ['PETITION_WRONG_STATE', 'PETITION_ALREADY_NOTIFIED'],
    422: ['PETITION_ANONYMOUS'],
  },
  'confirm-petition-repeat': { 404: ['PETITION_NOT_FOUND', 'REPEAT_NOT_PROPOSED'], 409: ['REPEAT_ALREADY_DECIDED'] },
  'reject-petition-repeat': { 404: ['PETITION_NOT_FOUND', 'REPEAT_NOT_PROPOSED'], 409: ['REPEAT_ALREADY_DECIDED'] },
  'deliver-feedback': { 404: ['PETITION_NOT_FOUND'], 409: ['PETITION_WRONG_STATE'], 422: ['PETITION_ANONYMOUS'] },
  'get-petition': { 404: ['PETITION_NOT_FOUND'] },
  'read-reporter': { 404: ['PETITION_NOT_FOUND', 'REPORTER_NOT_FOUND'], 422: ['PETITION_ANONYMOUS'] },
  lookup: { 404: ['LOOKUP_NOT_FOUND'] },
  'get-clue': { 404: ['CLUE_NOT_FOUND'] },
  'read-ledger': { 400: ['INVALID_RANGE'], 403: ['FORBIDDEN_LEDGER'] },
  'read-clock-board': { 403: ['FORBIDDEN_LEDGER'] },
  'read-statistics': { 400: ['INVALID_PERIOD'], 403: ['FORBIDDEN_LEDGER'] },
  'read-unit-ecology': { 403: ['FORBIDDEN_LEDGER'], 404: ['UNIT_NOT_FOUND'] },
  'export-ledger': { 400: ['INVALID_RANGE', 'TOO_MANY_ROWS', 'FILE_TOO_LARGE'], 403: ['FORBIDDEN_LEDGER'] },
  'export-clock-board': { 400: ['TOO_MANY_ROWS', 'FILE_TOO_LARGE'], 403: ['FORBIDDEN_LEDGER'] },
  'read-bulletin': { 400: ['FILE_TOO_LARGE'], 403: ['FORBIDDEN_LEDGER'] },
  'propose-disposition': { 404: ['CLUE_NOT_FOUND'], 409: ['CLUE_WRONG_STATE'] },
  'approve-disposition': { 404: ['CLUE_NOT_FOUND'], 409: ['CLUE_WRONG_STATE'] },
  'reject-disposition': { 404: ['CLUE_NOT_FOUND'], 409: ['CLUE_WRONG_STATE'] },
  'register-clue': { 404: ['UNIT_NOT_FOUND'] },
  'register-clue-submission': { 404: ['SUBMISSION_NOT_FOUND', 'UNIT_NOT_FOUND'], 409: ['SUBMISSION_ALREADY_DECIDED'] },
  'decline-clue-submission': { 404: ['SUBMISSION_NOT_FOUND'], 409: ['SUBMISSION_ALREADY_DECIDED'] },
  // integrity files (廉政档案): services/case-management/src/domain/integrity-file.ts, integrity-access.ts
  'register-cadre': { 400: ['CADRE_RELATIVE_IS_SELF'], 404: ['UNIT_NOT_FOUND'], 409: ['CADRE_EXISTS'] },
  'complete-integrity-file': { 404: ['CADRE_NOT_FOUND'], 409: ['INTEGRITY_FILE_COMPLETE'] },
  'link-clue-to-cadre': { 404: ['CADRE_NOT_FOUND', 'CLUE_NOT_FOUND'], 409: ['CLUE_ALREADY_LINKED'] },
  'request-integrity-file-access': { 404: ['CADRE_NOT_FOUND'], 409: ['ACCESS_REQUEST_EXISTS'] },
  'approve-integrity-file-access': {
    403: ['SELF_APPROVAL', 'INTEGRITY_FILE_RECUSAL'],
    404: ['ACCESS_REQUEST_NOT_FOUND'],
    409: ['ACCESS_REQUEST_DECIDED'],
  },
  'reject-integrity-file-access': { 403: ['SELF_APPROVAL'], 404: ['ACCESS_REQUEST_NOT_FOUND'], 409: ['ACCESS_REQUEST_DECIDED'] },
  'read-integrity-file': {
    403: ['INTEGRITY_FILE_RECUSAL', 'ACCESS_NOT_APPROVED', 'ACCESS_REJECTED', 'ACCESS_NOT_YOURS', 'ACCESS_OTHER_FILE'],
    404: ['CADRE_NOT_FOUND', 'ACCESS_REQUEST_NOT_FOUND'],
  },
  'open-clearance-round': { 409: ['CLEARANCE_ROUND_EXISTS'], 422: ['CLEARANCE_QUARTER_NOT_STARTED'] },
  'get-clearance-round': { 404: ['CLEARANCE_ROUND_NOT_FOUND'] },
  'review-clearance-item': {
    404: ['CLEARANCE_ROUND_NOT_FOUND', 'CLEARANCE_ITEM_NOT_FOUND', 'CLUE_NOT_FOUND'],
    409: ['CLEARANCE_ROUND_CLOSED', 'CLEARANCE_ITEM_ALREADY_REVIEWED', 'CLUE_WRONG_STATE'],
    422: ['CLEARANCE_DECISION_NOT_APPLICABLE'],
  },
  'close-clearance-round': {
    404: ['CLEARANCE_ROUND_NOT_FOUND'],
    409: ['CLEARANCE_ROUND_CLOSED', 'CLEARANCE_ITEMS_UNREVIEWED'],
  },
  'get-inquiry': { 404: ['NOT_FOUND'] },
  'conduct-talk': { 404: ['INQUIRY_NOT_FOUND'], 409: ['INQUIRY_WRONG_STATE'], 422: ['DATE_IN_FUTURE', 'DATE_BEFORE_START'] },
  'send-inquiry-letter': { 404: ['INQUIRY_NOT_FOUND'], 409: ['INQUIRY_WRONG_STATE'] },
  'receive-inquiry-reply': {
    404: ['INQUIRY_NOT_FOUND'],
    409: ['INQUIRY_WRONG_STATE'],
    422: ['DATE_IN_FUTURE', 'DATE_BEFORE_START'],
  },
  'assess-inquiry': { 404: ['INQUIRY_NOT_FOUND'], 409: ['INQUIRY_WRONG_STATE'], 422: ['NO_THIRD_ROUND'] },
  'conclude-inquiry': { 404: ['INQUIRY_NOT_FOUND'], 409: ['INQUIRY_WRONG_STATE'] },
  'get-verification': { 404: ['NOT_FOUND'] },
  'submit-verification-plan': { 404: ['VERIFICATION_NOT_FOUND'], 409: ['VERIFICATION_WRONG_STATE'] },
  'approve-verification': {
    403: ['ESCALATED_APPROVAL_REQUIRED'],
    404: ['VERIFICATION_NOT_FOUND'],
    409: ['VERIFICATION_WRONG_STATE'],
  },
  'reject-verification-plan': { 404: ['VERIFICATION_NOT_FOUND'], 409: ['VERIFICATION_WRONG_STATE'] },
  'extend-verification': { 404: ['VERIFICATION_NOT_FOUND'], 409: ['VERIFICATION_WRONG_STATE', 'ALREADY_EXTENDED'] },
  'submit-verification-report': { 404: ['VERIFICATION_NOT_FOUND'], 409: ['VERIFICATION_WRONG_STATE'] },
  'decide-verification': { 404: ['VERIFICATION_NOT_FOUND'], 409: ['VERIFICATION_WRONG_STATE'] },
  'get-case': { 404: ['NOT_FOUND'] },
  'approve-case-filing': { 403: ['ESCALATED_APPROVAL_REQUIRED'], 404: ['CASE_NOT_FOUND'], 409: ['CASE_WRONG_STATE'] },
  'reject-case-filing': { 403: ['ESCALATED_APPROVAL_REQUIRED'], 404: ['CASE_NOT_FOUND'], 409: ['CASE_WRONG_STATE'] },
  'extend-case': { 404: ['CASE_NOT_FOUND'], 409: ['CASE_WRONG_STATE', 'ALREADY_EXTENDED'] },
  'submit-case-report': { 404: ['CASE_NOT_FOUND'], 409: ['CASE_WRONG_STATE'] },
  'transfer-case-to-review': { 404: ['CASE_NOT_FOUND'], 409: ['CASE_WRONG_STATE', 'CASE_REPORT_REQUIRED'] },
  'request-opinion': { 403: ['FORBIDDEN_OFFICE'], 409: ['OPINION_REQUEST_EXISTS'], 422: ['DUPLICATE_CANDIDATE'] },
  'get-opinion-request': { 404: ['NOT_FOUND'] },
  'get-screening': { 403: ['FORBIDDEN_OFFICE'], 404: ['NOT_FOUND'] },
  'submit-screening': {
    403: ['FORBIDDEN_OFFICE'],
    404: ['OPINION_REQUEST_NOT_FOUND'],
    409: ['OPINION_WRONG_STATE', 'SCREENING_NOT_PROPOSED', 'SCREENING_ALREADY_SUBMITTED'],
    422: ['NOT_A_CANDIDATE', 'FINDING_NOT_PROPOSED'],
  },
  'propose-opinion-reply': {
    403: ['FORBIDDEN_OFFICE'],
    404: ['OPINION_REQUEST_NOT_FOUND'],
    409: ['OPINION_WRONG_STATE', 'SCREENINGS_INCOMPLETE'],
    422: [
      'CONCLUSION_PER_CANDIDATE',
      'CITATION_NOT_FOUND',
      'NO_ISSUE_CITES_ITEMS',
      'POSTPONEMENT_NEEDS_OPEN_MATTER',
      'VETO_NEEDS_SANCTION',
      'SANCTION_NOT_IN_EFFECT',
    ],
  },
  'approve-opinion-reply': { 404: ['OPINION_REQUEST_NOT_FOUND'], 409: ['OPINION_WRONG_STATE', 'SCREENINGS_INCOMPLETE'] },
  'reject-opinion-reply': { 404: ['OPINION_REQUEST_NOT_FOUND'], 409: ['OPINION_WRONG_STATE', 'SCREENINGS_INCOMPLETE'] },
  'send-opinion-reply': {
    404: ['OPINION_REQUEST_NOT_FOUND'],
    409: ['OPINION_WRONG_STATE', 'SCREENINGS_INCOMPLETE', 'REPLY_NOT_APPROVED'],
  },
  'get-opinion-reply-letter': { 404: ['NOT_FOUND'], 409: ['OPINION_NOT_REPLIED'] },
  'collect-public-opinion': { 409: ['PUBLIC_OPINION_EXISTS'] },
  'get-public-opinion': { 404: ['NOT_FOUND'] },
  'assess-public-opinion': { 404: ['PUBLIC_OPINION_NOT_FOUND'], 409: ['PUBLIC_OPINION_WRONG_STATE'] },
  'forward-public-opinion': { 404: ['PUBLIC_OPINION_NOT_FOUND'], 409: ['PUBLIC_OPINION_WRONG_STATE'] },
  'close-public-opinion': { 404: ['PUBLIC_OPINION_NOT_FOUND'], 409: ['PUBLIC_OPINION_WRONG_STATE'] },
  'get-review': { 404: ['NOT_FOUND'] },
  'extend-review': { 404: ['REVIEW_NOT_FOUND'], 409: ['REVIEW_WRONG_STATE', 'ALREADY_EXTENDED'] },
  'send-case-back': { 404: ['REVIEW_NOT_FOUND'], 409: ['REVIEW_WRONG_STATE'] },
  'propose-sanction': { 404: ['REVIEW_NOT_FOUND'], 409: ['REVIEW_WRONG_STATE'] },
  'approve-sanction': { 403: ['ESCALATED_APPROVAL_REQUIRED'], 404: ['REVIEW_NOT_FOUND'], 409: ['REVIEW_WRONG_STATE'] },
  'reject-sanction': { 404: ['REVIEW_NOT_FOUND'], 409: ['REVIEW_WRONG_STATE'] },
  'conclude-without-sanction': {
    403: ['ESCALATED_APPROVAL_REQUIRED'],
    404: ['REVIEW_NOT_FOUND'],
    409: ['REVIEW_WRONG_STATE'],
  },
  'identify-common-issue': { 404: ['REVIEW_NOT_FOUND'], 409: ['REVIEW_WRONG_STATE', 'COMMON_ISSUE_ALREADY_IDENTIFIED'] },
  'get-supervision-advice': { 404: ['NOT_FOUND'] },
  'respond-to-supervision-advice': { 404: ['ADVICE_NOT_FOUND'], 409: ['ADVICE_WRONG_STATE'] },
  'issue-recommendation': {
    403: ['FORBIDDEN_ZONE'],
    404: ['UNIT_NOT_FOUND'],
    409: ['RECOMMENDATION_ALREADY_ISSUED'],
    422: ['DEADLINE_IN_PAST'],
  },
  'get-recommendation': { 404: ['NOT_FOUND'] },
  'record-recommendation-response': { 404: ['RECOMMENDATION_NOT_FOUND'], 409: ['RECOMMENDATION_WRONG_STATE'] },
  'verify-recommendation': { 404: ['RECOMMENDATION_NOT_FOUND'], 409: ['RECOMMENDATION_WRONG_STATE'] },
  'close-recommendation': { 404: ['RECOMMENDATION_NOT_FOUND'], 409: ['RECOMMENDATION_WRONG_STATE'] },
  'record-recommendation-refusal': { 404: ['RECOMMENDATION_NOT_FOUND'], 409: ['RECOMMENDATION_WRONG_STATE'] },
  'open-rectification': {
    403: ['FORBIDDEN_ZONE'],
    404: ['UNIT_NOT_FOUND'],
    409: ['RECTIFICATION_ALREADY_OPENED'],
    422: ['DEADLINE_IN_PAST'],
  },
  'get-rectification': { 404: ['NOT_FOUND'] },
  'report-rectification-progress': { 404: ['RECTIFICATION_NOT_FOUND'], 409: ['RECTIFICATION_WRONG_STATE'] },
  'complete-rectification': { 404: ['RECTIFICATION_NOT_FOUND'], 409: ['RECTIFICATION_WRONG_STATE'] },
  'verify-rectification': { 404: ['RECTIFICATION_NOT_FOUND'], 409: ['RECTIFICATION_WRONG_STATE'] },
  'reopen-rectification': { 404: ['RECTIFICATION_NOT_FOUND'], 409: ['RECTIFICATION_WRONG_STATE'], 422: ['DEADLINE_IN_PAST'] },
  'assign-oversight-task': { 409: ['TASK_ALREADY_ASSIGNED'], 422: ['DEADLINE_IN_PAST'] },
  'get-oversight-task': { 404: ['NOT_FOUND'] },
  'record-oversight-progress': { 404: ['TASK_NOT_FOUND'], 409: ['TASK_WRONG_STATE'] },
  'close-oversight-task': { 404: ['TASK_NOT_FOUND'], 409: ['TASK_WRONG_STATE'] },
  'submit-agency-report': {
    403: ['FORBIDDEN_ZONE'],
    404: ['UNIT_NOT_FOUND'],
    409: ['REPORT_ALREADY_SUBMITTED'],
    422: ['QUARTER_NOT_STARTED', 'YEAR_NOT_STARTED'],
  },
};

/** Every status the route can answer, with its codes. */
export function answersOf(route: GatewayRoute): Map<number, string[]> {
  const all = new Map<number, string[]>();
  const operations = [route.operation, ...Object.values(route.formats ?? {}).map((f) => f.operation)];
  for (const codes of [commonCodes(route, accessOf(route)), ...operations.map((o) => SERVICE_CODES[o.name] ?? {})]) {
    for (const [status, list] of Object.entries(codes)) {
      const known = all.get(Number(status)) ?? [];
      all.set(Number(status), [...known, ...(list ?? []).filter((code) => !known.includes(code))]);
    }
  }
  return new Map([...all.entries()].sort(([a], [b]) => a - b));
}

/** Every command takes one: a retry with the same key returns the first outcome instead of running again. */
const IDEMPOTENCY_KEY_PARAMETER: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Optional, 1–200 visible ASCII characters (a UUID per intended action). A retry with the same key returns the first outcome (header Idempotent-Replayed: true) and never runs the command twice; concurrent sends with one key get the one outcome. The same key with a different body: 422 IDEMPOTENCY_KEY_REUSED. Keys are per caller (the token subject) and kept IDEMPOTENCY_TTL_HOURS (default 24). An invalid key: 400 VALIDATION_FAILED with the field path "Idempotency-Key".',
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: IDEMPOTENCY_KEY_PATTERN },
};
const RETRY_AFTER_HEADER: Json = {
  description: 'Seconds to wait before retrying (RETRY_AFTER_SECONDS)',
  required: true,
  schema: { type: 'integer', minimum: 1 },
};
const RATE_RETRY_AFTER_HEADER: Json = {
  description: 'Seconds until this client may send the next request (its allowance refills at LOOKUP_RATE_LIMIT a minute)',
  required: true,
  schema: { type: 'integer', minimum: 1 },
};
const REPLAYED_HEADER: Json = {
  description: '"true" when this is the stored outcome of an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};
const CORRELATION_HEADER: Json = {
  description: 'The request’s correlation id (yours from X-Correlation-Id when it is safe to log, else a new one)',
  required: true,
  schema: { type: 'string' },
};
const NO_STORE_HEADER: Json = {
  description: 'Answers carry case data (the reporter identity, for one): no cache keeps them',
  required: true,
  schema: { type: 'string', enum: ['no-store'] },
};

const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

/** The x-jiandu-access extension: the operation's rule, as ACCESS_POLICY says it. */
function accessExtension(rule: AccessRule): Json {
  return {
    public: rule.public === true,
    offices: [...rule.offices],
    ...(rule.roles ? { roles: [...rule.roles] } : {}),
    zones: rule.zones === true,
    ...(rule.note ? { note: rule.note } : {}),
  };
}

function requestParts(route: GatewayRoute): { parameters: Json[]; requestBody?: Json } {
  const request = plain(route.operation.request);
  const properties = (request['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((request['required'] ?? []) as string[]);
  const pathFields = route.params ?? {};

  const parameters: Json[] = Object.entries(pathFields).map(([param, field]) => ({
    name: param,
    in: 'path',
    required: true,
    schema: properties[field],
  }));
  for (const field of Object.values(pathFields)) {
    delete properties[field];
    required.delete(field);
  }
  if (route.input === 'query') {
    for (const [name, schema] of Object.entries(properties))
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    return { parameters };
  }
  // A command whose fields all come from its path takes no body (an empty one is accepted too).
  if (bodyFields(route).length === 0) return { parameters };
  const rest: Json = { ...request, properties, required: [...required] };
  if (required.size === 0) delete rest['required'];
  return { parameters, requestBody: { required: required.size > 0, content: { 'application/json': { schema: rest } } } };
}

/** A generated file's bytes (GatewayRoute.file, formats), named by its Content-Disposition. */
const BINARY = { schema: { type: 'string', format: 'binary' } };
const CONTENT_DISPOSITION_HEADER = {
  description: 'attachment; filename="…" (the file’s name, also in UTF-8 as filename*)',
  schema: { type: 'string' },
};

/** What a route answers with its success status: JSON, a file, or either by `format`. */
function successContent(route: GatewayRoute): Json {
  if (route.file) return { [route.file.mediaType]: BINARY };
  const files = Object.values(route.formats ?? {});
  return {
    'application/json': { schema: plain(Strict(route.operation.response)) },
    ...Object.fromEntries(files.map((f) => [f.mediaType, BINARY])),
  };
}

function operationOf(route: GatewayRoute): Json {
  const { parameters, requestBody } = requestParts(route);
  const command = route.operation.kind === 'cmd';
  if (command) parameters.push(IDEMPOTENCY_KEY_PARAMETER);
  if (route.formats) {
    const formats = Object.entries(route.formats);
    parameters.push({
      name: 'format',
      in: 'query',
      required: false,
      description: [
        '`json` (the default): the page as JSON',
        ...formats.map(([key, f]) => `\`${key}\` (${f.mediaType}): ${f.summary}`),
      ].join('; '),
      schema: { type: 'string', enum: ['json', ...formats.map(([key]) => key)] },
    });
  }
  const always = { 'X-Correlation-Id': CORRELATION_HEADER, 'Cache-Control': NO_STORE_HEADER };
  const downloads = route.file !== undefined || route.formats !== undefined;
  const responses: Json = {
    [route.status]: {
      description: route.status === 201 ? 'Created' : 'OK',
      headers: {
        ...always,
        ...(command ? { 'Idempotent-Replayed': REPLAYED_HEADER } : {}),
        ...(downloads ? { 'Content-Disposition': CONTENT_DISPOSITION_HEADER } : {}),
      },
      content: successContent(route),
    },
  };
  for (const [status, codes] of answersOf(route)) {
    responses[status] = {
      description: `${STATUS_TEXT[status]}: ${codes.join(', ')}`,
      headers: {
        ...always,
        ...(status === 503 ? { 'Retry-After': RETRY_AFTER_HEADER } : {}),
        ...(status === 429 ? { 'Retry-After': RATE_RETRY_AFTER_HEADER } : {}),
      },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const name = operationName(route);
  return {
    operationId: route.operation.name,
    summary: route.summary,
    description: `${describeAccess(name)}\n\nForwarded to NATS subject \`${route.operation.subject}\`.`,
    tags: [route.operation.service],
    'x-jiandu-access': accessExtension(ACCESS_POLICY[name]),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    security: isPublic(route) ? [] : [{ bearer: [] }],
  };
}

const TAGS = [
  { name: 'petitions', description: '信访室: petitions and reports, the sealed reporter identity, the lookup by code' },
  {
    name: 'case-management',
    description:
      '案管室: cooperation zones and units, the one clue register and its dispositions, the integrity files (廉政档案) of district-managed cadres',
  },
  {
    name: 'supervision',
    description:
      'Supervision offices, 党风政风监督室, 办公室 and 派驻机构: inquiries, verifications, recommendations, rectifications, oversight tasks, agency reports, clocks',
  },
  {
    name: 'analytics',
    description:
      '分析: the ledgers (台账), the clock board and the period statistics, projected from every service’s public events, readable as of a past instant (asOf); no personal names',
  },
  {
    name: 'review',
    description:
      '审理室: cases transferred to review, sent back or sanctioned; sanctions and whether they are in effect on a date',
  },
  {
    name: 'publicity',
    description:
      '组宣部: integrity opinion replies (廉政意见回复) screened by 信访室, 案管室 and 审理室, with the reply letter; public opinion (舆情) forwarded to 案管 as clues',
  },
  { name: 'gateway', description: 'The gateway itself: health' },
];

export interface OpenApiOptions {
  /** Where the API is reached (PUBLIC_URL); '/', the host that serves the document, when unset. */
  serverUrl?: string | undefined;
}

export function buildOpenApiDocument(options: OpenApiOptions = {}) {
  const paths: Record<string, Json> = {};
  for (const route of GATEWAY_ROUTES) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  paths['/health'] = {
    get: {
      operationId: 'health',
      summary: 'Liveness and readiness (NATS answers a round trip); answers within a second',
      description: 'Who: anyone, no token.',
      tags: ['gateway'],
      security: [],
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: HEALTH_SCHEMA } } },
        503: {
          description: 'Not ready (NATS unreachable), with the reason',
          headers: { 'Retry-After': RETRY_AFTER_HEADER },
          content: { 'application/json': { schema: HEALTH_SCHEMA } },
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jiandu (监督) gateway',
      version: '1',
      description:
        'Every route but /health and the lookup needs a bearer JWT (HS256) with the claims sub, name, office, roles and zones, living at most TOKEN_MAX_LIFETIME_SECONDS. Who may call each operation is in its description and its x-jiandu-access extension (offices, roles, need to know by the zones claim).',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      {
        url: options.serverUrl ?? '/',
        description: options.serverUrl
          ? 'The gateway (PUBLIC_URL)'
          : 'The gateway that serves this document (set PUBLIC_URL to name it)',
      },
    ],
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: describeOfficesAndRoles() },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    security: [{ bearer: [] }],
  };
}
