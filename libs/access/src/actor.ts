// The person acting, as the gateway builds it from the token and every service receives it.
import type { OfficeCode } from './offices.js';

export interface Actor {
  sub: string;
  name: string;
  office: OfficeCode;
  roles: string[];
  /** 协作区 (or units, for a 派驻机构) this person may see. */
  zones: string[];
}
