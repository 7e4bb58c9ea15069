// Where a petition's events live, and the decider that folds them: shared by the request handlers
// and the reactors.
import * as petition from './domain/petition.js';

export const petitionDecider = { decide: petition.decide, evolve: petition.evolve, initialState: petition.initialState() };
export const streamOf = (petitionId: string) => `petition-${petitionId}`;
