// Upcasting a version that only widened the previous one (longer strings, more values): the data
// of the old version is data of the new one as it is.
import type { EventContract, Upcaster } from '../registry.js';

/**
 * The upcaster from `from` to `to`, its next version, which only widens it: the data is kept as it
 * is. `From extends To` has the compiler hold every field of the old version within the new one.
 */
export function widening<From extends To, To>(from: EventContract<From>, to: EventContract<To>): Upcaster<From, To> {
  if (to.service !== from.service || to.type !== from.type || to.version !== from.version + 1) {
    throw new Error(`${to.subject} is not the next version of ${from.subject}`);
  }
  return { service: from.service, type: from.type, fromVersion: from.version, up: (data) => data };
}
