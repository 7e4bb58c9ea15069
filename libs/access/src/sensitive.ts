// The reads of personal data whose every authorisation decision is recorded, refusals included:
// a reporter's identity (信访人身份), a cadre's integrity file (廉政档案), and the accused's name that
// 信访室 hands to 案管 for a clue's registration (ADR 0018). The gateway records what it decides and
// what the service answered; the owning service records every decision it makes itself, so a call
// that never passed the gateway (a service token, a forged caller) is on record too.
export const SENSITIVE_READS: ReadonlySet<string> = new Set(['read-reporter', 'read-integrity-file', 'read-accused']);
