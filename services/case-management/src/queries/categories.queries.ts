// The problem category codes (libs/contracts/src/api/categories.ts), as clients pick them: the list
// is the contract's own, served by 案管, the keeper of the clue register.
import { categoryOperations as ops, PROBLEM_CATEGORIES } from '@jiandu/contracts';
import type { Handler } from '@jiandu/runtime';

export function categoryQueries() {
  const items = PROBLEM_CATEGORIES.map((c) => ({ ...c }));
  const listCategories: Handler<typeof ops.listCategories> = async () => ({ items });
  return { listCategories };
}
