// Lets plain `node --experimental-transform-types` run this repo's TypeScript in a child process:
// @jiandu/<lib> aliases and relative `.js` specifiers resolve to the `.ts` sources, as in Jest.
export async function resolve(specifier, context, next) {
  const alias = /^@jiandu\/([a-z-]+)$/.exec(specifier);
  if (alias) return next(new URL(`../../${alias[1]}/src/index.ts`, import.meta.url).href, context);
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    try {
      return await next(`${specifier.slice(0, -3)}.ts`, context);
    } catch {
      // a real .js file
    }
  }
  return next(specifier, context);
}
