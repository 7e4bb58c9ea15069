#!/usr/bin/env node
// Writes docs/api.md from the gateway's route table (run after `npm run build`), so the API page
// never drifts from what the gateway serves. The OpenAPI document at /api/docs stays the reference.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { GATEWAY_ROUTES } = await import(path.join(root, 'dist/services/gateway/src/routes.js'));
const OFFICES = [
  'petition-office', 'case-management', 'supervision-office-1', 'dispatched-agency-a', 'conduct-office',
  'review-office', 'general-office', 'publicity-dept', 'leadership',
];
const who = (audience) => {
  if (audience === 'public') return 'anyone (no token)';
  const allowed = OFFICES.filter((o) => audience(o)).map((o) => o.replace('supervision-office-1', 'supervision-office-N').replace('dispatched-agency-a', 'dispatched-agency-X'));
  return allowed.length === OFFICES.length ? 'every office' : allowed.join(', ');
};
const fields = (schema) => Object.entries(schema.properties ?? {})
  .map(([k, v]) => (schema.required ?? []).includes(k) ? `\`${k}\`` : `\`${k}?\``)
  .join(', ');

const rows = GATEWAY_ROUTES.map((r) =>
  `| ${r.method} | \`${r.path.replace(/:(\w+)/g, '{$1}')}\` | ${r.status} | ${r.summary} | ${who(r.audience)} | ${fields(r.operation.request) || '—'} | \`${r.operation.subject}\` |`);

const doc = `# API

Generated from the gateway's route table by \`node scripts/api-doc.mjs\` (after \`npm run build\`).
The full OpenAPI 3.1 document, with every request and response schema, is served by a running
gateway at \`/api/docs\` (Swagger UI) and \`/api/docs-json\`.

- Every route but \`/health\` and \`/api/v1/lookup/{lookupCode}\` needs \`Authorization: Bearer <JWT>\`
  (HS256, \`JWT_SECRET\`; claims \`sub\`, \`name\`, \`office\`, \`roles\`, \`zones\`; \`npm run token\` makes one).
- "Who" is the gateway's first check; each service checks again and narrows lists to need-to-know
  (an office sees what it handles; another office's item answers 404).
- Bodies are JSON, at most 64 KB, strict (unknown fields are refused). Path ids fill the field of the
  same name; GET routes take the other fields as query parameters.
- Errors: \`{ code, message: { zh, en }, fields?: [{ path, message: { zh, en } }] }\` with 400 (invalid),
  401 (no or bad token), 403 (office or role), 404, 409 (wrong state), 413, 415, 422 (a rule refuses
  it), 503 (the owning service did not answer).
- Every response carries \`x-correlation-id\` (send your own to follow a request through the logs).

| Method | Path | Status | What | Who | Fields | NATS subject |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(path.join(root, 'docs/api.md'), doc);
console.log(`docs/api.md: ${rows.length} routes`);
