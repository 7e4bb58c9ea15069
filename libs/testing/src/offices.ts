// The offices an access test tries: one of each kind the access policy tells apart.
import type { OfficeCode } from '@jiandu/access';

/** Every fixed office, a numbered 纪检监察室 and a 派驻机构 by example (ACCESS_POLICY's office groups). */
export const EXAMPLE_OFFICES = [
  'petition-office',
  'case-management',
  'supervision-office-1',
  'dispatched-agency-a',
  'conduct-office',
  'review-office',
  'general-office',
  'publicity-dept',
  'leadership',
] as const satisfies readonly OfficeCode[];
