// What the deciders of this service add to @jiandu/decision (context, refusals, input checks,
// offices, days).
import { MAX as SHARED_MAX } from '@jiandu/decision';

export const MAX = { ...SHARED_MAX, category: 50 } as const;
