// The offices of the commission, by code name (DOMAIN.md, "Who works in the system").

export type OfficeCode =
  | 'petition-office'
  | 'case-management'
  | `supervision-office-${number}`
  | 'conduct-office'
  | 'review-office'
  | 'general-office'
  | 'publicity-dept'
  | `dispatched-agency-${string}`
  | 'leadership';

const FIXED = new Set([
  'petition-office',
  'case-management',
  'conduct-office',
  'review-office',
  'general-office',
  'publicity-dept',
  'leadership',
]);
export const SUPERVISION_OFFICE = /^supervision-office-[1-9][0-9]*$/;
export const DISPATCHED_AGENCY = /^dispatched-agency-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isOfficeCode(value: unknown): value is OfficeCode {
  return typeof value === 'string' && (FIXED.has(value) || SUPERVISION_OFFICE.test(value) || DISPATCHED_AGENCY.test(value));
}
