#!/usr/bin/env node
// Writes docs/api.md from the gateway's route table (run after `npm run build`), so the API page
// never drifts from what the gateway serves. The OpenAPI document at /api/docs stays the reference;
// `--openapi <file>` writes that document (what /api/docs-json serves) to a file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `--openapi <file>`: write the OpenAPI document the gateway serves at /api/docs-json instead (CI lints it).
const at = process.argv.indexOf('--openapi');
if (at !== -1) {
  const file = process.argv[at + 1];
  if (!file) throw new Error('--openapi needs a file name');
  const { buildOpenApiDocument } = await import(path.join(root, 'dist/services/gateway/src/openapi.js'));
  writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
  console.log(`${file}: the gateway's OpenAPI document`);
  process.exit(0);
}
const { GATEWAY_ROUTES } = await import(path.join(root, 'dist/services/gateway/src/routes.js'));
const { ACCESS_POLICY } = await import(path.join(root, 'dist/libs/access/src/index.js'));
// Who may call: the operation's rule in ACCESS_POLICY (libs/access), as the gateway enforces it.
const who = (route) => {
  const rule = ACCESS_POLICY[route.operation.name];
  if (rule.public) return 'anyone (no token)';
  const offices = rule.offices.includes('any-office') ? 'every office' : rule.offices.join(', ');
  const roles = rule.roles ? ` with role ${rule.roles.join(' or ')}` : '';
  const zones = rule.zones ? ' (own `zones`)' : '';
  const note = rule.note ? `; ${rule.note}` : '';
  return `${offices}${roles}${zones}${note}`;
};
const fields = (schema) =>
  Object.entries(schema.properties ?? {})
    .map(([k, v]) => ((schema.required ?? []).includes(k) ? `\`${k}\`` : `\`${k}?\``))
    .join(', ');

const rows = GATEWAY_ROUTES.map(
  (r) =>
    `| ${r.method} | \`${r.path.replace(/:(\w+)/g, '{$1}')}\` | ${r.status} | ${r.summary} | ${who(r)} | ${fields(r.operation.request) || '—'} | \`${r.operation.subject}\` |`,
);

const doc = `# API

Generated from the gateway's route table by \`node scripts/api-doc.mjs\` (after \`npm run build\`).
The full OpenAPI 3.1 document, with every request and response schema, is served by a running
gateway at \`/api/docs\` (Swagger UI) and \`/api/docs-json\`.

- Every route but \`/health\` and \`/api/v1/lookup/{lookupCode}\` needs \`Authorization: Bearer <JWT>\`
  (HS256, \`JWT_SECRET\`; claims \`sub\`, \`name\`, \`office\`, \`roles\`, \`zones\`; \`npm run token\` makes one).
- "Who" is the access policy (\`ACCESS_POLICY\` in libs/access), the gateway's first check: offices,
  and for approvals the role (\`leader\` or \`secretary\`; an escalated verification plan needs the
  secretary). Each service checks again and narrows to need-to-know by the token's \`zones\` claim
  (an office sees what it handles; another office's item answers 404). The OpenAPI document carries
  the same rule in each operation's description and its \`x-jiandu-access\` extension.
- Tokens live at most \`TOKEN_MAX_LIFETIME_SECONDS\` (12 h by default; \`exp − iat\`): a longer one is
  401 \`TOKEN_LIFETIME_TOO_LONG\`.
- Bodies are JSON, at most 64 KB, strict (unknown fields are refused). Path ids fill the field of the
  same name; GET routes take the other fields as query parameters.
- Errors: \`{ code, message: { zh, en }, fields?: [{ path, message: { zh, en } }] }\` with 400 (invalid),
  401 (no or bad token), 403 (office or role), 404, 409 (wrong state), 413, 415, 422 (a rule refuses
  it), 503 (the owning service did not answer). A field filled from the path is named by its path
  parameter (\`id\`). The OpenAPI document lists, per route, every status it can answer and its codes.
- Every response carries \`x-correlation-id\` (send your own to follow a request through the logs),
  and every \`/api/v1\` response \`Cache-Control: no-store\`.

| Method | Path | Status | What | Who | Fields | NATS subject |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(path.join(root, 'docs/api.md'), doc);
console.log(`docs/api.md: ${rows.length} routes`);
