#!/usr/bin/env node
// Prints a development HS256 token: npm run token -- --sub u1 --name 张三 --office petition-office --roles staff [--zones z1,z2] [--ttl 8h]
// Plain .mjs so it runs without a build; it mirrors signToken in libs/access/src/token.ts.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';
const OFFICE =
  /^(petition-office|case-management|conduct-office|review-office|general-office|publicity-dept|leadership|supervision-office-[1-9][0-9]*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$/;
const USAGE = 'usage: npm run token -- --sub u1 --name 张三 --office petition-office --roles staff [--zones z1,z2] [--ttl 8h]';

const HELP = `${USAGE}

Prints a signed token for the gateway (Authorization: Bearer <token>), valid for --ttl (e.g. 8h, 30m,
or seconds). Signed with JWT_SECRET, which must be the gateway's; without it, with the development
default (never in production).

  --sub      the user's id                                     (required)
  --name     the user's name, as it appears in the history     (required)
  --office   petition-office | case-management | supervision-office-N | dispatched-agency-X |
             conduct-office | review-office | general-office | publicity-dept | leadership (required)
  --roles    staff | leader | secretary, comma-separated       (approvals need leader or secretary)
  --zones    the 协作区 ids the office covers, comma-separated (a 纪检监察室 or 派驻机构 sees only its zones)
  --ttl      lifetime, at most the gateway's TOKEN_MAX_LIFETIME_SECONDS (12 h by default)
  -h, --help this text

Examples (README, "Offices, roles and tokens"):
  npm run -s token -- --sub u1 --name 张三 --office petition-office --roles staff
  npm run -s token -- --sub u4 --name 王书记 --office leadership --roles leader,secretary`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      sub: { type: 'string' },
      name: { type: 'string' },
      office: { type: 'string' },
      roles: { type: 'string', default: '' },
      zones: { type: 'string', default: '' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  // An unknown or malformed option: one line and the usage, never a stack trace.
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

if (!values.sub || !values.name || !values.office) fail('--sub, --name and --office are required');
if (!OFFICE.test(values.office)) fail(`unknown office ${JSON.stringify(values.office)}`);
// The development default is said once per checkout, not on every token (.jiandu/ is ignored by git).
const stateDir = process.env.JIANDU_STATE_DIR || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.jiandu');
const warned = path.join(stateDir, 'dev-secret-warned');
if (!process.env.JWT_SECRET && !existsSync(warned)) {
  console.error('warning: JWT_SECRET is not set; signing with the development default (said once; never use it in production)');
  try {
    mkdirSync(path.dirname(warned), { recursive: true });
    writeFileSync(warned, `${new Date().toISOString()}\n`);
  } catch {
    // read-only checkout: the warning comes again next time, no harm
  }
}

const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const ttl = /^\d+$/.test(values.ttl) ? Math.floor(Date.now() / 1000) + Number(values.ttl) : values.ttl;
const token = await new SignJWT({
  name: values.name,
  office: values.office,
  roles: list(values.roles),
  zones: list(values.zones),
})
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setIssuer('jiandu')
  .setIssuedAt()
  .setExpirationTime(ttl)
  .sign(new TextEncoder().encode(process.env.JWT_SECRET || DEV_JWT_SECRET));
console.log(token);
