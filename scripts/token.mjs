#!/usr/bin/env node
// Prints a development HS256 token: npm run token -- --sub u1 --name 张三 --office petition-office --roles staff [--zones z1,z2] [--ttl 8h]
// Plain .mjs so it runs without a build; it mirrors signToken in libs/access/src/token.ts.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';
const OFFICE =
  /^(petition-office|case-management|conduct-office|review-office|general-office|publicity-dept|leadership|supervision-office-[1-9][0-9]*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$/;
const USAGE = 'usage: npm run token -- --sub u1 --name 张三 --office petition-office --roles staff [--zones z1,z2] [--ttl 8h]';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    name: { type: 'string' },
    office: { type: 'string' },
    roles: { type: 'string', default: '' },
    zones: { type: 'string', default: '' },
    ttl: { type: 'string', default: '8h' },
  },
});

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

if (!values.sub || !values.name || !values.office) fail('--sub, --name and --office are required');
if (!OFFICE.test(values.office)) fail(`unknown office ${JSON.stringify(values.office)}`);
if (!process.env.JWT_SECRET) console.error('warning: JWT_SECRET is not set; signing with the development default');

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
