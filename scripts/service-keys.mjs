#!/usr/bin/env node
// Prints a fresh Ed25519 key pair for every service (zero trust between services, ADR 0019), as
// env-file lines: <SERVICE>_SERVICE_SIGNING_KEY (base64 PKCS8 DER, that service's secret alone) and
// SERVICE_PUBLIC_KEYS (compact JSON {service: base64 SPKI DER}, the same for every service).
//   npm run -s service-keys >> .env        (docker-compose reads these names)
// Each service gets its own key as SERVICE_SIGNING_KEY (see docker-compose.yml, deploy/k8s).
// Plain .mjs so it runs without a build; the keys are what libs/access/src/service-token.ts reads.
import { generateKeyPairSync } from 'node:crypto';

const SERVICES = ['petitions', 'case-management', 'supervision', 'analytics', 'review', 'publicity'];
const publicKeys = {};
for (const service of SERVICES) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const name = `${service.toUpperCase().replaceAll('-', '_')}_SERVICE_SIGNING_KEY`;
  console.log(`${name}=${privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')}`);
  publicKeys[service] = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
console.log(`SERVICE_PUBLIC_KEYS=${JSON.stringify(publicKeys)}`);
