// Command and query payloads of every subject the gateway forwards, in one table.
import type { ApiOperation } from './operation.js';
import { caseManagementOperations } from './case-management.js';
import { petitionOperations } from './petitions.js';
import { supervisionOperations } from './supervision.js';
import { categoryOperations } from './categories.js';
import { analyticsOperations } from './analytics.js';
import { reviewOperations } from './review.js';
import { publicityOperations } from './publicity.js';
import { integrityOperations } from './integrity.js';

export * from './operation.js';
export * from './fields.js';
export * from './petitions.js';
export * from './case-management.js';
export * from './supervision.js';
export * from './clocks.js';
export * from './categories.js';
export * from './analytics.js';
export * from './sanctions.js';
export * from './review.js';
export * from './publicity.js';
export * from './screening.js';
export * from './accused.js';
export * from './integrity.js';

export const API_OPERATIONS: readonly ApiOperation[] = [
  ...Object.values(petitionOperations),
  ...Object.values(caseManagementOperations),
  ...Object.values(integrityOperations),
  ...Object.values(supervisionOperations),
  ...Object.values(categoryOperations),
  ...Object.values(analyticsOperations),
  ...Object.values(reviewOperations),
  ...Object.values(publicityOperations),
];

export function operationBySubject(subject: string): ApiOperation | undefined {
  return API_OPERATIONS.find((op) => op.subject === subject);
}
