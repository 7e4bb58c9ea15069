// Bearer token → actor, with @jiandu/access (HS256 pinned, issuer and expiry required).
import { verifyToken, type Actor } from '@jiandu/access';
import { GatewayError, unauthorized } from './errors.js';

export type { Actor } from '@jiandu/access';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

export async function authenticate(authorization: string | undefined, secret: Uint8Array): Promise<Actor> {
  const token = BEARER.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  const verified = await verifyToken(token, secret);
  if (!verified.ok) throw new GatewayError(401, verified.error);
  return verified.actor;
}
